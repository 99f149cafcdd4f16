/**
 * Who may do what with a task, and what each move does to it: the roles (the chief of staff's
 * office decides, the lead unit works and reports), the moves each may make in each status (the
 * list the screens show and the checks `act` makes are the same rules), the history entry of a
 * move and the words of a decision's notice.
 */
import type { TaskAction, TaskActionInput, TaskHistoryEntry, TaskStatus } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors, type AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { TaskRecord } from '../../store/port.js';

/** The chief of staff's view (chánh văn phòng): the secretariat and administrators see and decide every task. */
export const managesTasks = (actor: Pick<Actor, 'user'>): boolean =>
  actor.user.systemRole === 'admin' || actor.user.systemRole === 'secretary';

/** Whether the caller works for the lead unit (or is the person responsible): they start, report, ask for time. */
export const leads = (actor: Pick<Actor, 'user'>, t: TaskRecord): boolean =>
  (actor.user.unitId !== null && actor.user.unitId === t.leadUnitId) || t.assigneeId === actor.user.id;

/** Whether the caller may see the task: who manages tasks, the lead unit, the coordinating units. */
export const sees = (actor: Pick<Actor, 'user'>, t: TaskRecord): boolean =>
  managesTasks(actor) ||
  leads(actor, t) ||
  (actor.user.unitId !== null && t.coordinatingUnitIds.includes(actor.user.unitId));

/** The status each move leads to (null: the status stays as it is). */
export const NEXT: Record<TaskAction, TaskStatus | null> = {
  start: 'in_progress',
  report: 'reported',
  accept: 'accepted',
  return: 'returned',
  // Extensions leave the status as it is.
  requestExtension: null,
  approveExtension: null,
  refuseExtension: null,
};

/** Which moves the caller may make now (the same rules `checkMove` enforces). */
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

/** Refuses a move the caller may not make, or not in the task's status now (403 or 409). */
export function checkMove(actor: Actor, t: TaskRecord, input: TaskActionInput): void {
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

/** A 400 on one field of the request. */
export const field = (path: string, key: MessageKey): AppError => errors.invalid([{ path, key }], key);

/** The history entry of a move. */
export function entry(
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

/** What the office decided, in the words of the notice to whoever asked. */
export function decisionWords(action: TaskAction): string {
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
