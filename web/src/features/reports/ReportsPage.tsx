import { useMemo, type ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { PeriodReportView } from './PeriodReportView';
import { ExportBar } from './report-ui';
import { reportsApi } from './reports.api';
import { cityToday, periodFromParams, presetPeriod, type Period } from './period';
import './reports.css';

const PRESETS = ['month', 'lastMonth', 'quarter', 'year'] as const;

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
 * Báo cáo: the figures of a period for the secretariat (meetings held, invitations sent digitally
 * instead of by SMS, pages not printed, savings in đồng against the pilot). The period is kept in
 * the address, so a reload or a shared link shows the same report.
 */
export function ReportsPage(): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [params, setParams] = useSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  // One object per period in the address: the report reloads only when the period changes.
  const period = useMemo(
    () => periodFromParams(new URLSearchParams({ from: from ?? '', to: to ?? '' }), cityToday()),
    [from, to],
  );
  const choose = (p: Period) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.set('from', p.from);
        next.set('to', p.to);
        return next;
      },
      { replace: true },
    );
  const span = `${formatDate(`${period.from}T12:00:00+07:00`, lang)} – ${formatDate(`${period.to}T12:00:00+07:00`, lang)}`;
  return (
    <article className="report">
      <PageHeader
        title={t('reports.period.title')}
        subtitle={span}
        actions={
          <ExportBar
            links={[
              { format: 'pdf', href: reportsApi.periodUrl('pdf', period), label: t('reports.pdf') },
              { format: 'xlsx', href: reportsApi.periodUrl('xlsx', period), label: t('reports.xlsx') },
              { format: 'csv', href: reportsApi.periodUrl('csv', period), label: t('reports.csv') },
            ]}
          />
        }
      />
      <PeriodPicker period={period} onChange={choose} />
      <PeriodReportView period={period} />
    </article>
  );
}
