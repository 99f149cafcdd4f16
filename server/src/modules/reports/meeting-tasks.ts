import {
  TIME_ZONE_OFFSET_MS,
  type MeetingReportPoint,
  type MeetingReportTask,
  type MeetingReportTasks,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import type { Store, TaskRecord } from '../../store/port.js';
import { managesTasks } from '../tasks/tasks.rules.js';
import { doneOnTime } from './task-figures.js';

const cityDay = (at: Date): string => new Date(at.getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * A meeting's follow-up for its report: per conclusion point (in the agenda's order), the tasks
 * made from it that the reader may see — the same rule as the task list: the chief of staff
 * (secretariat, administrators) sees every task and every point, anyone else only the tasks their
 * unit leads or coordinates or that are given to them, and only the points those came from.
 */
export async function meetingTasks(
  store: Pick<Store, 'tasks' | 'conclusions' | 'units' | 'users'>,
  actor: Actor,
  meetingId: string,
  /** The agenda's numbers ("2", "2.1") by item id, and the items in their order. */
  agenda: { numbers: ReadonlyMap<string, string>; order: readonly string[] },
  now: Date,
): Promise<MeetingReportTasks> {
  const all = managesTasks(actor);
  const visibleTo = all ? undefined : { userId: actor.user.id, unitId: actor.user.unitId };
  const tasks: TaskRecord[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.tasks.list({ meetingId, visibleTo, limit: 500, offset });
    tasks.push(...page.items);
    if (page.items.length < 500 || tasks.length >= page.total) break;
  }
  const [conclusions, units] = await Promise.all([
    store.conclusions.listByMeeting(meetingId),
    store.units.list(),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const people = new Map<string, string | null>();
  for (const id of new Set(tasks.map((t) => t.assigneeId).filter((x): x is string => x !== null))) {
    people.set(id, (await store.users.getById(id))?.fullName ?? null);
  }
  const today = cityDay(now);

  const row = (t: TaskRecord): MeetingReportTask => {
    const overdue = t.status !== 'accepted' && t.deadline < today;
    return {
      id: t.id,
      title: t.title,
      leadUnitName: unitName.get(t.leadUnitId) ?? '—',
      assigneeName: t.assigneeId ? (people.get(t.assigneeId) ?? null) : null,
      deadline: t.deadline,
      status: t.status,
      overdue,
      daysLate: overdue ? daysBetween(t.deadline, today) : 0,
      done: t.status !== 'accepted' ? null : doneOnTime(t) ? 'on_time' : 'late',
    };
  };
  const byPoint = new Map<string, TaskRecord[]>();
  for (const t of tasks) {
    const key = t.conclusionPointId ?? '';
    byPoint.set(key, [...(byPoint.get(key) ?? []), t]);
  }
  const sorted = (list: TaskRecord[]) =>
    [...list].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.createdAt.localeCompare(b.createdAt));

  // The points in the agenda's order, numbered as the conclusions tab numbers them.
  const rank = new Map(agenda.order.map((id, i) => [id, i]));
  const points: MeetingReportPoint[] = [];
  for (const c of [...conclusions].sort(
    (a, b) => (rank.get(a.agendaItemId) ?? 1e9) - (rank.get(b.agendaItemId) ?? 1e9),
  )) {
    const label = agenda.numbers.get(c.agendaItemId) ?? '?';
    for (const [i, p] of c.points.entries()) {
      const mine = byPoint.get(p.id) ?? [];
      byPoint.delete(p.id);
      if (!all && mine.length === 0) continue;
      points.push({
        agendaItemId: c.agendaItemId,
        pointId: p.id,
        number: `${label}.${i + 1}`,
        text: p.text,
        tasks: sorted(mine).map(row),
      });
    }
  }
  // Tasks whose point was later taken out of the conclusions: still the meeting's, listed last.
  const orphans = [...byPoint.values()].flat();
  if (orphans.length > 0) {
    points.push({
      agendaItemId: null,
      pointId: null,
      number: null,
      text: null,
      tasks: sorted(orphans).map(row),
    });
  }

  const rows = points.flatMap((p) => p.tasks);
  return {
    scope: all ? 'all' : 'unit',
    points,
    total: rows.length,
    done: rows.filter((r) => r.done !== null).length,
    doneOnTime: rows.filter((r) => r.done === 'on_time').length,
    doneLate: rows.filter((r) => r.done === 'late').length,
    overdue: rows.filter((r) => r.overdue).length,
  };
}
