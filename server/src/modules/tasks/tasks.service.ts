import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type {
  AuditAction,
  Paged,
  Task,
  TaskAction,
  TaskActionInput,
  TaskCreateInput,
  TaskFile,
  TaskHistoryEntry,
  TaskListQuery,
  TaskStatus,
  TaskTrace,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor } from '../../access/meeting-access.js';
import { errors, type AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import { newId } from '../../lib/ids.js';
import type { NewJob } from '../../jobs/job-runner.js';
import {
  RecordNotFoundError,
  VersionConflictError,
  type TaskFileRecord,
  type TaskRecord,
} from '../../store/port.js';
import type { TaskReminders } from './tasks.reminders.js';
import { cityDate, isOverdue, summaryOf, type TasksDeps } from './tasks.shared.js';

/** The chief of staff's view (chánh văn phòng): the secretariat and administrators see and decide every task. */
export const managesTasks = (actor: Pick<Actor, 'user'>): boolean =>
  actor.user.systemRole === 'admin' || actor.user.systemRole === 'secretary';

/** Whether the caller works for the lead unit (or is the person responsible): they start, report, ask for time. */
const leads = (actor: Pick<Actor, 'user'>, t: TaskRecord): boolean =>
  (actor.user.unitId !== null && actor.user.unitId === t.leadUnitId) || t.assigneeId === actor.user.id;

const sees = (actor: Pick<Actor, 'user'>, t: TaskRecord): boolean =>
  managesTasks(actor) ||
  leads(actor, t) ||
  (actor.user.unitId !== null && t.coordinatingUnitIds.includes(actor.user.unitId));

const NEXT: Record<TaskAction, TaskStatus | null> = {
  start: 'in_progress',
  report: 'reported',
  accept: 'accepted',
  return: 'returned',
  // Extensions leave the status as it is.
  requestExtension: null,
  approveExtension: null,
  refuseExtension: null,
};

/** Which moves the caller may make now (the same rules `act` enforces). */
export function availableTaskActions(actor: Pick<Actor, 'user'>, t: TaskRecord): TaskAction[] {
  if (t.status === 'accepted') return [];
  const out: TaskAction[] = [];
  if (leads(actor, t)) {
    if (t.status === 'assigned' || t.status === 'returned') out.push('start');
    if (t.status !== 'reported') out.push('report');
    if (!t.extension) out.push('requestExtension');
  }
  if (managesTasks(actor)) {
    if (t.status === 'reported') out.push('accept', 'return');
    if (t.extension) out.push('approveExtension', 'refuseExtension');
  }
  return out;
}

/**
 * Follow-up tasks (issue 15 items 1–2): assigned by the chief of staff from a conclusion point
 * (with an optional passage of a meeting document) or by hand; worked on and reported by the lead
 * unit; accepted or returned with a reason by the chief of staff; new deadlines asked for and
 * decided. Every move is written on the version read, audited, and its reminders and notices are
 * persisted jobs queued in the same unit of work.
 */
export class TasksService {
  constructor(
    private readonly deps: TasksDeps,
    private readonly reminders: TaskReminders,
  ) {}

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
    this.check(actor, current, input);
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
  async mayAttach(actor: Actor, id: string): Promise<TaskRecord> {
    const current = await this.visible(actor, id);
    if (!leads(actor, current)) throw errors.forbidden('task_lead_unit_only');
    if (current.status === 'accepted') throw errors.invalidState('task_closed');
    if (current.status === 'reported') throw errors.invalidState('task_state_report');
    return current;
  }

  /** `POST /tasks/:id/files`: a file for the report, kept apart from the meeting documents. */
  async addFile(
    actor: Actor,
    id: string,
    file: { name: string; bytes: Buffer },
  ): Promise<{ file: TaskFile }> {
    const current = await this.mayAttach(actor, id);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const temp = this.deps.blobs.tempPath();
    await writeFile(temp, file.bytes);
    await this.deps.blobs.adopt(temp, sha256);
    const now = this.deps.clock.now().toISOString();
    const stored: TaskFileRecord = {
      id: newId(),
      name: file.name,
      size: file.bytes.length,
      contentType: contentTypeOf(file.name),
      uploadedBy: actor.user.id,
      uploadedAt: now,
      sha256,
    };
    try {
      await this.deps.store.transaction(async () => {
        await this.deps.store.tasks.save(
          { ...current, files: [...current.files, stored], version: current.version + 1, updatedAt: now },
          current.version,
        );
        await this.deps.audit.record({
          actorId: actor.user.id,
          action: 'task.file_added',
          targetType: 'task',
          targetId: current.id,
          data: { fileId: stored.id, name: stored.name, size: stored.size, sha256 },
          ip: actor.ip ?? null,
        });
      });
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('task_conflict');
      throw e;
    }
    const { sha256: _hash, ...shown } = stored;
    return { file: shown };
  }

  /** `GET /tasks/:id/files/:fileId`: where the file's bytes are, for whoever may see the task. */
  async fileOf(actor: Actor, id: string, fileId: string): Promise<{ path: string; file: TaskFileRecord }> {
    const task = await this.visible(actor, id);
    const file = task.files.find((f) => f.id === fileId);
    if (!file) throw errors.notFound();
    return { path: this.deps.blobs.pathOf(file.sha256), file };
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The task if the caller may see it; 404 otherwise (nobody learns that a task they may not see exists). */
  private async visible(actor: Actor, id: string): Promise<TaskRecord> {
    const task = await this.deps.store.tasks.getById(id);
    if (!task || !sees(actor, task)) throw errors.notFound('task_not_found');
    return task;
  }

  private check(actor: Actor, t: TaskRecord, input: TaskActionInput): void {
    const a = input.action;
    const byLead = a === 'start' || a === 'report' || a === 'requestExtension';
    if (byLead && !leads(actor, t)) throw errors.forbidden('task_lead_unit_only');
    if (!byLead && !managesTasks(actor)) throw errors.forbidden('task_manage_only');
    if (t.status === 'accepted') throw errors.invalidState('task_closed');
    switch (a) {
      case 'start':
        if (t.status !== 'assigned' && t.status !== 'returned') throw errors.invalidState('task_state_start');
        return;
      case 'report':
        if (t.status === 'reported') throw errors.invalidState('task_state_report');
        return;
      case 'accept':
      case 'return':
        if (t.status !== 'reported') throw errors.invalidState('task_state_review');
        return;
      case 'requestExtension':
        if (t.extension) throw errors.invalidState('task_extension_pending');
        return;
      case 'approveExtension':
      case 'refuseExtension':
        if (!t.extension) throw errors.invalidState('task_extension_none');
        return;
    }
  }

  private async present(
    actor: Actor,
    t: TaskRecord,
    cache = new Map<string, Promise<unknown>>(),
  ): Promise<Task> {
    const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => {
      let p = cache.get(key) as Promise<T> | undefined;
      if (!p) {
        p = load();
        cache.set(key, p);
      }
      return p;
    };
    let trace: TaskTrace | null = null;
    if (t.meetingId) {
      const meetingId = t.meetingId;
      const [meeting, item, conclusion] = await Promise.all([
        memo(`m:${meetingId}`, () => this.deps.store.meetings.getById(meetingId)),
        t.agendaItemId
          ? memo(`a:${t.agendaItemId}`, () => this.deps.store.agenda.getItem(t.agendaItemId!))
          : null,
        t.agendaItemId
          ? memo(`c:${meetingId}:${t.agendaItemId}`, () =>
              this.deps.store.conclusions.get(meetingId, t.agendaItemId!),
            )
          : null,
      ]);
      // A confidential meeting's title stays with those who may see that meeting.
      const hidden =
        !!meeting &&
        meeting.confidentiality === 'confidential' &&
        !managesTasks(actor) &&
        !(await memo(`v:${meetingId}`, async () =>
          (await this.deps.access.standingIn(callerOfActor(actor), meeting)).may('view'),
        ));
      trace = {
        meetingId,
        meetingTitle: hidden ? null : (meeting?.title ?? null),
        agendaItemId: t.agendaItemId,
        agendaItemTitle: hidden ? null : (item?.title ?? null),
        conclusionPointId: t.conclusionPointId,
        pointText: conclusion?.points.find((p) => p.id === t.conclusionPointId)?.text ?? null,
      };
    }
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      meetingId: t.meetingId,
      agendaItemId: t.agendaItemId,
      conclusionPointId: t.conclusionPointId,
      passage: t.passage,
      leadUnitId: t.leadUnitId,
      coordinatingUnitIds: [...t.coordinatingUnitIds],
      assigneeId: t.assigneeId,
      deadline: t.deadline,
      expectedProduct: t.expectedProduct,
      priority: t.priority,
      status: t.status,
      report: t.report,
      extension: t.extension,
      files: t.files.map(({ sha256: _hash, ...f }) => f),
      history: t.history,
      version: t.version,
      createdAt: t.createdAt,
      createdBy: t.createdBy,
      updatedAt: t.updatedAt,
      acceptedAt: t.acceptedAt,
      overdue: isOverdue(t, this.deps.clock.now()),
      trace,
      actions: availableTaskActions(actor, t),
    };
  }
}

const field = (path: string, key: MessageKey): AppError => errors.invalid([{ path, key }], key);

function entry(
  actor: Pick<Actor, 'user'>,
  action: TaskHistoryEntry['action'],
  from: TaskStatus | null,
  to: TaskStatus,
  at: string,
  comment: string | null,
  deadline: string | null,
): TaskHistoryEntry {
  return { action, from, to, by: actor.user.id, byName: actor.user.fullName, at, comment, deadline };
}

function decisionWords(action: TaskAction): string {
  switch (action) {
    case 'accept':
      return 'Văn phòng đã nghiệm thu nhiệm vụ';
    case 'return':
      return 'Văn phòng trả lại báo cáo nhiệm vụ';
    case 'approveExtension':
      return 'Văn phòng đồng ý gia hạn nhiệm vụ';
    default:
      return 'Văn phòng không đồng ý gia hạn nhiệm vụ';
  }
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
};

function contentTypeOf(name: string): string {
  return TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}
