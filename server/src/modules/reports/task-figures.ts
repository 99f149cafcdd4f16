import {
  TIME_ZONE_OFFSET_MS,
  type OnTimePoint,
  type PeriodTasks,
  type TaskCounts,
  type TaskDashboard,
  type TaskDashboardQuery,
  type TaskLine,
  type TaskUnitRow,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import type { Store, TaskRecord } from '../../store/port.js';
import { managesTasks } from '../tasks/tasks.rules.js';

/** The city's date of an instant, `YYYY-MM-DD`. */
const cityDay = (at: Date | string): string =>
  new Date(new Date(at).getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);

const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Accepted, and reported done by the end of its deadline day (city time): done on time. */
export function doneOnTime(t: Pick<TaskRecord, 'status' | 'report' | 'deadline'>): boolean {
  return t.status === 'accepted' && t.report !== null && cityDay(t.report.at) <= t.deadline;
}

const emptyCounts = (): TaskCounts => ({
  total: 0,
  assigned: 0,
  in_progress: 0,
  reported: 0,
  returned: 0,
  accepted: 0,
  overdue: 0,
  dueThisWeek: 0,
  doneOnTime: 0,
  settled: 0,
  onTimeRate: null,
});

/** Adds one task to the counts as it stands on `today`. */
function count(c: TaskCounts, t: TaskRecord, today: string): void {
  c.total += 1;
  c[t.status] += 1;
  const open = t.status !== 'accepted';
  if (open && t.deadline < today) c.overdue += 1;
  if (open && t.deadline >= today && t.deadline <= addDays(today, 6)) c.dueThisWeek += 1;
  if (doneOnTime(t)) c.doneOnTime += 1;
  if (!open || t.deadline < today) c.settled += 1;
  c.onTimeRate = c.settled > 0 ? c.doneOnTime / c.settled : null;
}

/**
 * The follow-up figures the dashboard and the period report show, read from the tasks store:
 * the chief of staff (secretariat, administrators) sees every unit, anyone else the tasks their
 * unit leads or coordinates, or that they are responsible for — the same rule as the task list.
 */
export class TaskFigures {
  constructor(private readonly deps: { store: Pick<Store, 'tasks' | 'units'>; clock: Clock }) {}

  /** Every task the caller may see whose deadline is in [from, to] (days), of one lead unit if given. */
  private async load(actor: Actor, from: string, to: string, unitId?: string): Promise<TaskRecord[]> {
    const out: TaskRecord[] = [];
    const visibleTo = managesTasks(actor) ? undefined : { userId: actor.user.id, unitId: actor.user.unitId };
    for (let offset = 0; ; offset += 500) {
      const page = await this.deps.store.tasks.list({
        deadlineFrom: from,
        deadlineTo: to,
        unitId,
        visibleTo,
        limit: 500,
        offset,
      });
      out.push(...page.items);
      if (page.items.length < 500 || out.length >= page.total) break;
    }
    // `unitId` in the store also matches coordinating units: the dashboard counts by lead unit.
    return unitId ? out.filter((t) => t.leadUnitId === unitId) : out;
  }

  async dashboard(actor: Actor, q: TaskDashboardQuery): Promise<TaskDashboard> {
    const now = this.deps.clock.now();
    const today = cityDay(now);
    const [tasks, units] = await Promise.all([
      this.load(actor, q.from, q.to, q.unitId),
      this.deps.store.units.list(),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const totals = emptyCounts();
    const byUnit = new Map<string, TaskUnitRow>();
    for (const t of tasks) {
      count(totals, t, today);
      let row = byUnit.get(t.leadUnitId);
      if (!row) {
        row = { unitId: t.leadUnitId, unitName: unitName.get(t.leadUnitId) ?? '—', ...emptyCounts() };
        byUnit.set(t.leadUnitId, row);
      }
      count(row, t, today);
    }
    const line = (t: TaskRecord): TaskLine => ({
      id: t.id,
      title: t.title,
      unitId: t.leadUnitId,
      unitName: unitName.get(t.leadUnitId) ?? '—',
      deadline: t.deadline,
      status: t.status,
      daysLate: Math.max(0, daysBetween(t.deadline, today)),
    });
    const open = tasks.filter((t) => t.status !== 'accepted');
    const overdue = open
      .filter((t) => t.deadline < today)
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map(line);
    const dueThisWeek = open
      .filter((t) => t.deadline >= today && t.deadline <= addDays(today, 6))
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map(line);

    // Month by month, up to this month: the share of settled tasks done on time, overall and per unit.
    const onTime: OnTimePoint[] = [];
    const lastMonth = (q.to < today ? q.to : today).slice(0, 7);
    const months: string[] = [];
    for (let m = q.from.slice(0, 7); m <= lastMonth;) {
      months.push(m);
      const [y, mo] = m.split('-').map(Number) as [number, number];
      m = new Date(Date.UTC(y, mo, 1)).toISOString().slice(0, 7);
    }
    for (const month of months) {
      const inMonth = tasks.filter((t) => t.deadline.startsWith(month));
      for (const unitId of ['all', ...byUnit.keys()]) {
        const c = emptyCounts();
        for (const t of inMonth) if (unitId === 'all' || t.leadUnitId === unitId) count(c, t, today);
        onTime.push({ month, unitId, settled: c.settled, doneOnTime: c.doneOnTime, rate: c.onTimeRate });
      }
    }
    return {
      from: q.from,
      to: q.to,
      today,
      unitId: q.unitId ?? null,
      scope: managesTasks(actor) ? 'all' : 'unit',
      totals,
      units: [...byUnit.values()].sort(
        (a, b) => b.total - a.total || a.unitName.localeCompare(b.unitName, 'vi'),
      ),
      overdue,
      dueThisWeek,
      onTime,
      generatedAt: now.toISOString(),
    };
  }

  /** The period report's line: tasks due in the period and how many were done on time. */
  async period(actor: Actor, from: string, to: string): Promise<PeriodTasks> {
    const today = cityDay(this.deps.clock.now());
    const c = emptyCounts();
    for (const t of await this.load(actor, from, to)) count(c, t, today);
    return {
      due: c.total,
      done: c.accepted,
      doneOnTime: c.doneOnTime,
      overdue: c.overdue,
      onTimeRate: c.onTimeRate,
    };
  }
}
