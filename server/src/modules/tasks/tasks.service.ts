import type {
  AuditAction,
  Paged,
  Task,
  TaskActionInput,
  TaskCreateInput,
  TaskFile,
  TaskListQuery,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { NewJob } from '../../jobs/job-runner.js';
import {
  RecordNotFoundError,
  VersionConflictError,
  type TaskFileRecord,
  type TaskRecord,
} from '../../store/port.js';
import { TaskFiles } from './tasks.files.js';
import { presentTask, type PresentCache } from './tasks.present.js';
import type { TaskReminders } from './tasks.reminders.js';
import { checkMove, decisionWords, entry, field, managesTasks, NEXT, sees } from './tasks.rules.js';
import { cityDate, summaryOf, type TasksDeps } from './tasks.shared.js';

/**
 * Follow-up tasks (issue 15 items 1–2): assigned by the chief of staff from a conclusion point
 * (with an optional passage of a meeting document) or by hand; worked on and reported by the lead
 * unit; accepted or returned with a reason by the chief of staff; new deadlines asked for and
 * decided. Every move is written on the version read, audited, and its reminders and notices are
 * persisted jobs queued in the same unit of work.
 */
export class TasksService {
  /** The report's files (tasks.files.ts), for whoever may see the task. */
  private readonly files: TaskFiles;

  constructor(
    private readonly deps: TasksDeps,
    private readonly reminders: TaskReminders,
  ) {
    this.files = new TaskFiles(deps, (actor, id) => this.visible(actor, id));
  }

  private today(): string {
    return cityDate(this.deps.clock.now());
  }

  /** `GET /tasks`. */
  async list(actor: Actor, q: TaskListQuery): Promise<Paged<Task>> {
    const { items, total } = await this.deps.store.tasks.list({
      status: q.status,
      unitId: q.unitId,
      meetingId: q.meetingId,
      deadlineFrom: q.deadlineFrom,
      deadlineTo: q.deadlineTo,
      overdue: q.overdue === undefined ? undefined : { today: this.today(), value: q.overdue },
      visibleTo: managesTasks(actor) ? undefined : { userId: actor.user.id, unitId: actor.user.unitId },
      q: q.q,
      limit: q.limit,
      offset: q.offset,
    });
    const cache = new Map<string, Promise<unknown>>();
    return { items: await Promise.all(items.map((t) => this.present(actor, t, cache))), total };
  }

  /** `GET /tasks/:id`. */
  async get(actor: Actor, id: string): Promise<{ task: Task }> {
    return { task: await this.present(actor, await this.visible(actor, id)) };
  }

  /** `POST /tasks`. */
  async create(actor: Actor, input: TaskCreateInput): Promise<{ task: Task }> {
    if (!managesTasks(actor)) throw errors.forbidden('task_manage_only');
    const { store } = this.deps;
    const lead = await store.units.getById(input.leadUnitId);
    if (!lead?.active) throw field('leadUnitId', 'task_unit_not_found');
    const coordinating = input.coordinatingUnitIds;
    if (new Set(coordinating).size !== coordinating.length || coordinating.includes(lead.id)) {
      throw field('coordinatingUnitIds', 'task_unit_repeated');
    }
    for (const [i, id] of coordinating.entries()) {
      const u = await store.units.getById(id);
      if (!u?.active) throw field(`coordinatingUnitIds.${i}`, 'task_unit_not_found');
    }
    if (input.assigneeId) {
      const u = await store.users.getById(input.assigneeId);
      if (!u?.active || u.unitId !== lead.id) throw field('assigneeId', 'task_assignee_not_found');
    }
    if (input.deadline < this.today()) throw field('deadline', 'task_deadline_past');
    const source = input.source;
    if (source) {
      await this.deps.access.require(callerOfActor(actor), source.meetingId, 'view');
      const conclusion = await store.conclusions.get(source.meetingId, source.agendaItemId);
      if (!conclusion?.points.some((p) => p.id === source.conclusionPointId)) {
        throw errors.notFound('task_source_not_found');
      }
      if (source.passage) {
        const doc = await store.documents.getById(source.passage.documentId);
        if (doc?.meetingId !== source.meetingId)
          throw field('source.passage.documentId', 'task_passage_not_found');
        if (source.passage.page > doc.pages) throw field('source.passage.page', 'task_passage_page');
      }
    }
    const now = this.deps.clock.now().toISOString();
    const task: TaskRecord = {
      id: newId(),
      title: input.title,
      description: input.description,
      meetingId: source?.meetingId ?? null,
      agendaItemId: source?.agendaItemId ?? null,
      conclusionPointId: source?.conclusionPointId ?? null,
      passage: source?.passage ?? null,
      leadUnitId: lead.id,
      coordinatingUnitIds: coordinating,
      assigneeId: input.assigneeId,
      deadline: input.deadline,
      expectedProduct: input.expectedProduct,
      priority: input.priority,
      status: 'assigned',
      report: null,
      extension: null,
      files: [],
      history: [entry(actor, 'create', null, 'assigned', now, null, input.deadline)],
      version: 1,
      createdAt: now,
      createdBy: actor.user.id,
      updatedAt: now,
      acceptedAt: null,
    };
    const jobs = [
      ...(await this.reminders.scheduleJobs(task)),
      ...(await this.reminders.noticeJobs(task, 'assigned', await this.reminders.unitPeople(task, false))),
    ];
    await store.transaction(async () => {
      await store.tasks.create(task);
      await this.deps.audit.record({
        actorId: actor.user.id,
        action: 'task.created',
        targetType: 'task',
        targetId: task.id,
        data: {
          title: task.title,
          meetingId: task.meetingId,
          agendaItemId: task.agendaItemId,
          conclusionPointId: task.conclusionPointId,
          leadUnitId: task.leadUnitId,
          coordinatingUnitIds: task.coordinatingUnitIds,
          assigneeId: task.assigneeId,
          deadline: task.deadline,
          priority: task.priority,
        },
        ip: actor.ip ?? null,
      });
      await this.deps.jobs.enqueueMany(jobs);
    });
    await this.deps.bus.emit('task.assigned', { task: summaryOf(task) });
    return { task: await this.present(actor, task) };
  }

  /** `POST /tasks/:id/actions`: one move on the version read. */
  async act(actor: Actor, id: string, input: TaskActionInput): Promise<{ task: Task }> {
    const { store } = this.deps;
    const current = await this.visible(actor, id);
    checkMove(actor, current, input);
    if (current.version !== input.version) throw errors.conflict('task_conflict');
    const now = this.deps.clock.now().toISOString();
    const next: TaskRecord = {
      ...current,
      history: [...current.history],
      version: current.version + 1,
      updatedAt: now,
    };
    const to = NEXT[input.action] ?? current.status;
    let comment: string | null = null;
    let deadline: string | null = null;
    const jobs: NewJob[] = [];
    let rescheduled = false;
    const data: Record<string, unknown> = {};
    switch (input.action) {
      case 'start':
        break;
      case 'report': {
        const known = new Set(current.files.map((f) => f.id));
        const stray = input.fileIds.findIndex((f) => !known.has(f));
        if (stray >= 0) throw field(`fileIds.${stray}`, 'task_file_unknown');
        next.report = {
          text: input.text,
          fileIds: input.fileIds,
          at: now,
          by: actor.user.id,
          byName: actor.user.fullName,
        };
        comment = input.text;
        data.fileIds = input.fileIds;
        jobs.push(...(await this.reminders.noticeJobs(next, 'reported', [current.createdBy])));
        break;
      }
      case 'accept':
        next.acceptedAt = now;
        next.extension = null;
        comment = input.comment;
        break;
      case 'return':
        comment = input.reason;
        break;
      case 'requestExtension':
        if (input.deadline <= current.deadline) throw field('deadline', 'task_extension_date');
        next.extension = {
          deadline: input.deadline,
          reason: input.reason,
          at: now,
          by: actor.user.id,
          byName: actor.user.fullName,
        };
        comment = input.reason;
        deadline = input.deadline;
        jobs.push(
          ...(await this.reminders.noticeJobs(
            next,
            'decided',
            [current.createdBy],
            'Đơn vị xin gia hạn nhiệm vụ',
          )),
        );
        break;
      case 'approveExtension': {
        const asked = current.extension!;
        next.deadline = asked.deadline;
        next.extension = null;
        comment = input.comment;
        deadline = asked.deadline;
        data.from = current.deadline;
        rescheduled = true;
        break;
      }
      case 'refuseExtension':
        deadline = current.extension!.deadline;
        next.extension = null;
        comment = input.reason;
        break;
    }
    next.status = to;
    next.history.push(entry(actor, input.action, current.status, to, now, comment, deadline));
    if (input.action === 'accept' || input.action === 'return' || input.action.endsWith('Extension')) {
      const askedBy = input.action.endsWith('Extension') ? current.extension?.by : current.report?.by;
      if (input.action !== 'requestExtension' && askedBy) {
        jobs.push(
          ...(await this.reminders.noticeJobs(next, 'decided', [askedBy], decisionWords(input.action))),
        );
      }
    }
    if (rescheduled) jobs.push(...(await this.reminders.scheduleJobs(next)));
    let saved: TaskRecord;
    try {
      saved = await store.transaction(async () => {
        const written = await store.tasks.save(next, current.version);
        if (rescheduled || input.action === 'accept') await this.reminders.cancel(current.id);
        await this.deps.audit.record({
          actorId: actor.user.id,
          action: `task.${input.action}` as AuditAction,
          targetType: 'task',
          targetId: current.id,
          data: {
            from: current.status,
            to,
            version: next.version,
            deadline: next.deadline,
            ...(deadline ? { asked: deadline } : {}),
            ...data,
          },
          ip: actor.ip ?? null,
        });
        await this.deps.jobs.enqueueMany(jobs);
        return written;
      });
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('task_conflict');
      if (e instanceof RecordNotFoundError) throw errors.notFound('task_not_found');
      throw e;
    }
    if (input.action === 'accept') await this.deps.bus.emit('task.done', { task: summaryOf(saved) });
    return { task: await this.present(actor, saved) };
  }

  /** Whether the caller may attach a file to the task now (checked before the upload is read). */
  mayAttach(actor: Actor, id: string): Promise<TaskRecord> {
    return this.files.mayAttach(actor, id);
  }

  /** `POST /tasks/:id/files`: a file for the report, kept apart from the meeting documents. */
  addFile(actor: Actor, id: string, file: { name: string; bytes: Buffer }): Promise<{ file: TaskFile }> {
    return this.files.add(actor, id, file);
  }

  /** `GET /tasks/:id/files/:fileId`: where the file's bytes are, for whoever may see the task. */
  fileOf(actor: Actor, id: string, fileId: string): Promise<{ path: string; file: TaskFileRecord }> {
    return this.files.find(actor, id, fileId);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The task if the caller may see it; 404 otherwise (nobody learns that a task they may not see exists). */
  private async visible(actor: Actor, id: string): Promise<TaskRecord> {
    const task = await this.deps.store.tasks.getById(id);
    if (!task || !sees(actor, task)) throw errors.notFound('task_not_found');
    return task;
  }

  private present(actor: Actor, t: TaskRecord, cache?: PresentCache): Promise<Task> {
    return presentTask(this.deps, actor, t, cache);
  }
}
