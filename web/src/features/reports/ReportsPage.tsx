import { useCallback, useMemo, type ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/Tabs';
import { formatDate } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { useMe } from '../auth/auth.context';
import { unitsApi } from '../units/units.api';
import { PeriodReportView } from './PeriodReportView';
import { TaskDashboardView } from './TaskDashboardView';
import { ExportBar } from './report-ui';
import { reportsApi } from './reports.api';
import { cityToday, periodFromParams, presetPeriod, type Period } from './period';
import './reports.css';

const PRESETS = ['recent', 'month', 'lastMonth', 'quarter', 'year'] as const;
const VIEWS = ['tasks', 'period'] as const;
type View = (typeof VIEWS)[number];

/** The period picker: two dates and the usual periods; every choice goes into the address. */
export function PeriodPicker({
  period,
  onChange,
}: {
  period: Period;
  onChange: (p: Period) => void;
}): ReactElement {
  const { t } = useTranslation();
  const today = cityToday();
  return (
    <div className="period-picker no-print" role="group" aria-label={t('reports.period.pick')}>
      <label className="field period-picker__day">
        <span className="field__label">{t('reports.period.from')}</span>
        <input
          className="input"
          type="date"
          value={period.from}
          max={period.to}
          onChange={(e) => e.target.value && onChange({ from: e.target.value, to: period.to })}
        />
      </label>
      <label className="field period-picker__day">
        <span className="field__label">{t('reports.period.to')}</span>
        <input
          className="input"
          type="date"
          value={period.to}
          min={period.from}
          onChange={(e) => e.target.value && onChange({ from: period.from, to: e.target.value })}
        />
      </label>
      <div className="period-picker__presets">
        {PRESETS.map((k) => {
          const p = presetPeriod(k, today);
          const active = p.from === period.from && p.to === period.to;
          return (
            <button
              key={k}
              type="button"
              className={`chip${active ? ' is-active' : ''}`}
              aria-pressed={active}
              onClick={() => onChange(p)}
            >
              {t(`reports.period.presets.${k}`)}
            </button>
          );
        })}
      </div>
    </div>
  );
}

/**
 * Báo cáo: the follow-up dashboard (tasks by unit and status, overdue, due this week, on-time
 * rate per unit over time; a unit sees its own) and, for the secretariat, the figures of a
 * period (meetings held, invitations sent digitally instead of by SMS, pages not printed, savings
 * in đồng against the pilot). The view, the period and the unit are kept in the address, so a
 * reload or a shared link shows the same report.
 */
export function ReportsPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { user } = useMe();
  const staff = user.systemRole === 'admin' || user.systemRole === 'secretary';
  const [params, setParams] = useSearchParams();
  const asked = params.get('view');
  const view: View = staff && asked === 'period' ? 'period' : 'tasks';
  const from = params.get('from');
  const to = params.get('to');
  const unitId = params.get('unit') ?? '';
  // One object per period in the address: the report reloads only when the period changes. The
  // dashboard looks at the last six months and the next two by default, the period report at this month.
  const period = useMemo(() => {
    const today = cityToday();
    const fallback = presetPeriod(view === 'tasks' ? 'recent' : 'month', today);
    const given = periodFromParams(new URLSearchParams({ from: from ?? '', to: to ?? '' }), today);
    return from && to && given.from === from && given.to === to ? given : fallback;
  }, [from, to, view]);
  const set = useCallback(
    (changes: Record<string, string>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const loadUnits = useCallback((signal: AbortSignal) => unitsApi.list(signal), []);
  const units = useResource(loadUnits);
  const span = `${formatDate(`${period.from}T12:00:00+07:00`, lang)} – ${formatDate(`${period.to}T12:00:00+07:00`, lang)}`;
  const taskQuery = { ...period, ...(unitId ? { unitId } : {}) };
  return (
    <article className="report">
      <PageHeader
        title={view === 'tasks' ? t('reports.tasks.title') : t('reports.period.title')}
        subtitle={span}
        actions={
          <ExportBar
            links={
              view === 'tasks'
                ? [
                    {
                      format: 'xlsx',
                      href: reportsApi.tasksUrl('xlsx', taskQuery),
                      label: t('reports.xlsx'),
                    },
                    { format: 'csv', href: reportsApi.tasksUrl('csv', taskQuery), label: t('reports.csv') },
                  ]
                : [
                    { format: 'pdf', href: reportsApi.periodUrl('pdf', period), label: t('reports.pdf') },
                    { format: 'xlsx', href: reportsApi.periodUrl('xlsx', period), label: t('reports.xlsx') },
                    { format: 'csv', href: reportsApi.periodUrl('csv', period), label: t('reports.csv') },
                  ]
            }
          />
        }
      />
      {staff && (
        <div className="no-print">
          <Tabs
            label={t('reports.views')}
            idPrefix="reports"
            items={VIEWS.map((k) => ({ key: k, label: t(`reports.view.${k}`) }))}
            active={view}
            // A new view starts from its own default period.
            onChange={(k) => set({ view: k === 'tasks' ? '' : k, from: '', to: '', unit: '' })}
          />
        </div>
      )}
      <div id="reports-panel" role="tabpanel" aria-labelledby={`reports-tab-${view}`} className="report">
        <PeriodPicker period={period} onChange={(p) => set({ from: p.from, to: p.to })} />
        {view === 'tasks' ? (
          <TaskDashboardView
            period={period}
            unitId={unitId}
            units={(units.data?.items ?? []).filter((u) => u.active)}
            onUnit={(id) => set({ unit: id })}
          />
        ) : (
          <PeriodReportView period={period} />
        )}
      </div>
    </article>
  );
}
