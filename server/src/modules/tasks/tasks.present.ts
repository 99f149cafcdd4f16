/**
 * A task as the API shows it to one caller: its trace back to the meeting, agenda item and
 * conclusion point it came from (a confidential meeting's titles only for those who may see that
 * meeting), whether it is overdue, and the moves the caller may make now. Lists share one cache
 * of the meetings, items and conclusions they name.
 */
import type { Task, TaskTrace } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor } from '../../access/meeting-access.js';
import type { TaskRecord } from '../../store/port.js';
import { availableTaskActions, managesTasks } from './tasks.rules.js';
import { isOverdue, type TasksDeps } from './tasks.shared.js';

/** Loads shared by the tasks of one answer (a list names the same meeting many times). */
export type PresentCache = Map<string, Promise<unknown>>;

export async function presentTask(
  deps: Pick<TasksDeps, 'store' | 'access' | 'clock'>,
  actor: Actor,
  t: TaskRecord,
  cache: PresentCache = new Map(),
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
      memo(`m:${meetingId}`, () => deps.store.meetings.getById(meetingId)),
      t.agendaItemId ? memo(`a:${t.agendaItemId}`, () => deps.store.agenda.getItem(t.agendaItemId!)) : null,
      t.agendaItemId
        ? memo(`c:${meetingId}:${t.agendaItemId}`, () =>
            deps.store.conclusions.get(meetingId, t.agendaItemId!),
          )
        : null,
    ]);
    // A confidential meeting's title stays with those who may see that meeting.
    const hidden =
      !!meeting &&
      meeting.confidentiality === 'confidential' &&
      !managesTasks(actor) &&
      !(await memo(`v:${meetingId}`, async () =>
        (await deps.access.standingIn(callerOfActor(actor), meeting)).may('view'),
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
    overdue: isOverdue(t, deps.clock.now()),
    trace,
    actions: availableTaskActions(actor, t),
  };
}
