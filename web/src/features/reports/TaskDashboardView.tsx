import { useCallback, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { TASK_STATUSES, type TaskDashboard, type TaskLine, type Unit } from '@icabinet/shared';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { CHART_COLORS } from './ReportCharts';
import { Figure, ReportSection, ReportTable, useReportFormat } from './report-ui';
import { reportsApi } from './reports.api';
import type { Period } from './period';

const STATUS_COLORS: Record<(typeof TASK_STATUSES)[number], string> = {
  assigned: '#aab4c6',
  in_progress: '#1450a3',
  reported: '#8a5300',
  returned: '#c8102e',
  accepted: '#17692f',
};

const pct = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/**
 * The follow-up dashboard: tasks by unit and status, overdue, due this week, and the on-time
 * rate of each unit month by month. The chief of staff sees every unit; anyone else sees the
 * tasks of their own unit (the server decides).
 */
export function TaskDashboardView({
  period,
  unitId,
  units,
  onUnit,
}: {
  period: Period;
  unitId: string;
  units: Unit[];
  onUnit: (unitId: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const load = useCallback(
    (signal: AbortSignal) => reportsApi.tasks({ ...period, ...(unitId ? { unitId } : {}) }, signal),
    [period, unitId],
  );
  const dashboard = useResource(load);
  if (dashboard.status === 'error') return <ErrorState error={dashboard.error} onRetry={dashboard.reload} />;
  if (!dashboard.data) return <Spinner label={t('common.loading')} />;
  return <DashboardBody d={dashboard.data} units={units} unitId={unitId} onUnit={onUnit} />;
}

function TaskList({ lines, late }: { lines: TaskLine[]; late: boolean }): ReactElement {
  const { t } = useTranslation();
  const { lang, n } = useReportFormat();
  return (
    <ReportTable
      columns={[
        { label: t('reports.tasks.task') },
        { label: t('reports.tasks.leadUnit') },
        { label: t('reports.tasks.deadline') },
        late && { label: t('reports.tasks.daysLate'), num: true },
        { label: t('reports.tasks.status') },
      ]}
    >
      {lines.map((l) => (
        <tr key={l.id}>
          <td>
            <Link to={`/tasks/${l.id}`}>{l.title}</Link>
          </td>
          <td>{l.unitName}</td>
          <td>{formatDate(`${l.deadline}T12:00:00+07:00`, lang)}</td>
          {late && <td className="num is-over">{n(l.daysLate)}</td>}
          <td>{t(`tasks.status.${l.status as (typeof TASK_STATUSES)[number]}`)}</td>
        </tr>
      ))}
    </ReportTable>
  );
}

function DashboardBody({
  d,
  units,
  unitId,
  onUnit,
}: {
  d: TaskDashboard;
  units: Unit[];
  unitId: string;
  onUnit: (unitId: string) => void;
}): ReactElement {
  const { t } = useTranslation();
  const { n } = useReportFormat();
  const byUnit = d.units.map((u) => ({
    name: u.unitName,
    ...Object.fromEntries(TASK_STATUSES.map((s) => [s, u[s]])),
  }));
  // The rate lines: all units, and the units with the most tasks (a chart of twenty lines reads as none).
  const shown = d.units.slice(0, 6);
  const months = [...new Set(d.onTime.map((p) => p.month))];
  const rates = months.map((month) => {
    const row: Record<string, string | number | null> = { month };
    for (const p of d.onTime.filter((x) => x.month === month))
      row[p.unitId] = p.rate === null ? null : Math.round(p.rate * 100);
    return row;
  });
  const nameOf = new Map(d.units.map((u) => [u.unitId, u.unitName]));
  return (
    <>
      {d.scope === 'all' && (
        <label className="field dashboard-unit no-print">
          <span className="field__label">{t('reports.tasks.unit')}</span>
          <select className="input" value={unitId} onChange={(e) => onUnit(e.target.value)}>
            <option value="">{t('reports.tasks.allUnits')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {d.scope === 'unit' && <p className="muted">{t('reports.tasks.ownUnit')}</p>}
      <div className="figures">
        <Figure
          label={t('reports.tasks.total')}
          value={n(d.totals.total)}
          note={t('reports.tasks.accepted', { n: n(d.totals.accepted) })}
        />
        <Figure
          label={t('reports.tasks.overdue')}
          value={n(d.totals.overdue)}
          tone={d.totals.overdue > 0 ? 'bad' : 'good'}
        />
        <Figure
          label={t('reports.tasks.dueThisWeek')}
          value={n(d.totals.dueThisWeek)}
          tone={d.totals.dueThisWeek > 0 ? 'warn' : undefined}
        />
        <Figure
          label={t('reports.tasks.onTimeRate')}
          value={pct(d.totals.onTimeRate)}
          note={t('reports.tasks.onTimeNote', { done: n(d.totals.doneOnTime), settled: n(d.totals.settled) })}
          tone={d.totals.onTimeRate === null ? undefined : d.totals.onTimeRate >= 0.8 ? 'good' : 'warn'}
        />
      </div>

      {d.totals.total === 0 ? (
        <EmptyState icon="chart" title={t('reports.tasks.emptyTitle')} text={t('reports.tasks.emptyText')} />
      ) : (
        <>
          <ReportSection id="t-units" title={t('reports.tasks.byUnit')}>
            <figure className="chart" role="img" aria-label={t('reports.tasks.byUnitChart')}>
              <ResponsiveContainer width="100%" height={Math.max(140, 40 * byUnit.length + 60)}>
                <BarChart data={byUnit} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="name" width={170} />
                  <Tooltip />
                  <Legend />
                  {TASK_STATUSES.map((s) => (
                    <Bar
                      key={s}
                      dataKey={s}
                      stackId="status"
                      name={t(`tasks.status.${s}`)}
                      fill={STATUS_COLORS[s]}
                      isAnimationActive={false}
                    />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </figure>
            <ReportTable
              className="report-table--units"
              columns={[
                { label: t('reports.tasks.leadUnit') },
                { label: t('reports.tasks.total'), num: true },
                ...TASK_STATUSES.map((s) => ({ label: t(`tasks.status.${s}`), num: true })),
                { label: t('reports.tasks.overdue'), num: true },
                { label: t('reports.tasks.onTimeRate'), num: true },
              ]}
            >
              {d.units.map((u) => (
                <tr key={u.unitId}>
                  <td>
                    {d.scope === 'all' ? (
                      <button type="button" className="link-button" onClick={() => onUnit(u.unitId)}>
                        {u.unitName}
                      </button>
                    ) : (
                      u.unitName
                    )}
                  </td>
                  <td className="num">{n(u.total)}</td>
                  {TASK_STATUSES.map((s) => (
                    <td key={s} className="num">
                      {n(u[s])}
                    </td>
                  ))}
                  <td className={`num${u.overdue > 0 ? ' is-over' : ''}`}>{n(u.overdue)}</td>
                  <td className="num">{pct(u.onTimeRate)}</td>
                </tr>
              ))}
            </ReportTable>
          </ReportSection>

          <ReportSection
            id="t-overdue"
            title={t('reports.tasks.overdueTitle')}
            empty={d.overdue.length === 0 && t('reports.tasks.noneOverdue')}
          >
            <TaskList lines={d.overdue} late />
          </ReportSection>

          <ReportSection
            id="t-week"
            title={t('reports.tasks.weekTitle')}
            empty={d.dueThisWeek.length === 0 && t('reports.tasks.noneThisWeek')}
          >
            <TaskList lines={d.dueThisWeek} late={false} />
          </ReportSection>

          <ReportSection
            id="t-rate"
            title={t('reports.tasks.rateTitle')}
            empty={months.length === 0 && t('reports.none')}
          >
            <figure className="chart" role="img" aria-label={t('reports.tasks.rateChart')}>
              <ResponsiveContainer width="100%" height={280}>
                <LineChart data={rates} margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="month" />
                  <YAxis domain={[0, 100]} unit="%" />
                  <Tooltip formatter={(v) => (v === null || v === undefined ? '—' : `${String(v)}%`)} />
                  <Legend />
                  <Line
                    dataKey="all"
                    name={t('reports.tasks.allUnits')}
                    stroke="#061d45"
                    strokeWidth={3}
                    connectNulls
                    isAnimationActive={false}
                  />
                  {shown.map((u, i) => (
                    <Line
                      key={u.unitId}
                      dataKey={u.unitId}
                      name={nameOf.get(u.unitId) ?? u.unitId}
                      stroke={CHART_COLORS.series[i % CHART_COLORS.series.length]}
                      strokeDasharray={i % 2 ? '6 3' : undefined}
                      connectNulls
                      isAnimationActive={false}
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </figure>
            <p className="muted report-note">{t('reports.tasks.rateHow')}</p>
          </ReportSection>
        </>
      )}
    </>
  );
}
