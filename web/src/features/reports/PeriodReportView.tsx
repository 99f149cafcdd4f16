import { useCallback, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PeriodReport } from '@icabinet/shared';
import { Spinner } from '../../components/Spinner';
import { EmptyState, ErrorState } from '../../components/States';
import { formatDate } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { PeriodMeetingsChart } from './ReportCharts';
import { Figure, formatVnd, ReportSection, ReportTable, useReportFormat } from './report-ui';
import { reportsApi } from './reports.api';
import { SavingsTable } from './SavingsTable';
import type { Period } from './period';

/** The period report: meetings held, invitations and pages saved, savings against the pilot. */
export function PeriodReportView({ period }: { period: Period }): ReactElement {
  const { t } = useTranslation();
  const load = useCallback((signal: AbortSignal) => reportsApi.period(period, signal), [period]);
  const report = useResource(load);
  if (report.status === 'error') return <ErrorState error={report.error} onRetry={report.reload} />;
  if (!report.data) return <Spinner label={t('common.loading')} />;
  return <PeriodBody report={report.data} />;
}

/** One line of the pilot comparison: this period's pace over 30 days against the pilot's month. */
function PaceBar({
  label,
  value,
  pilot,
  text,
}: {
  label: string;
  value: number;
  pilot: number;
  text: string;
}) {
  const share = pilot > 0 ? Math.min(100, Math.round((value / pilot) * 100)) : 0;
  return (
    <div className="pace">
      <div className="pace__head">
        <span>{label}</span>
        <span className="pace__value">{text}</span>
      </div>
      <div
        className="pace__bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={share}
      >
        <span className="pace__fill" style={{ width: `${share}%` }} />
      </div>
    </div>
  );
}

function PeriodBody({ report: r }: { report: PeriodReport }): ReactElement {
  const { t } = useTranslation();
  const { lang, n } = useReportFormat();
  const pilotSaved = r.pilot.invitationSavedVnd + r.pilot.printSavedVnd;
  return (
    <>
      <div className="figures">
        <Figure
          label={t('reports.period.held')}
          value={n(r.meetings.held)}
          note={
            r.meetings.cancelled ? t('reports.period.cancelled', { n: n(r.meetings.cancelled) }) : undefined
          }
        />
        <Figure
          label={t('reports.period.digitalInvitations')}
          value={n(r.savings.invitationsDigital)}
          note={t('reports.period.ofInvitations', {
            total: n(r.invitations.total),
            gateway: n(r.invitations.gateway),
          })}
        />
        <Figure
          label={t('reports.period.pagesNotPrinted')}
          value={n(r.savings.pagesNotPrinted)}
          note={t('reports.period.documentsNote', {
            documents: n(r.documents.count),
            pages: n(r.documents.pages),
          })}
        />
        <Figure
          label={t('reports.period.saved')}
          value={formatVnd(r.savings.totalVnd, lang)}
          note={t('reports.period.perMonth', { amount: formatVnd(r.monthly.savedVnd, lang) })}
          tone="good"
        />
        {r.tasks && (
          <Figure
            label={t('reports.period.onTime')}
            value={r.tasks.onTimeRate === null ? '—' : `${Math.round(r.tasks.onTimeRate * 100)}%`}
            note={t('reports.period.tasksNote', { done: n(r.tasks.doneOnTime), due: n(r.tasks.due) })}
            tone={r.tasks.onTimeRate !== null && r.tasks.onTimeRate < 0.8 ? 'warn' : 'good'}
          />
        )}
      </div>

      {r.meetings.held === 0 ? (
        <EmptyState
          icon="chart"
          title={t('reports.period.emptyTitle')}
          text={t('reports.period.emptyText')}
        />
      ) : (
        <>
          <ReportSection id="p-meetings" title={t('reports.period.meetings')}>
            <PeriodMeetingsChart rows={r.rows} copies={r.costs.copiesPerDocument} />
            <ReportTable
              columns={[
                { label: t('reports.col.date') },
                { label: t('reports.col.meeting') },
                { label: t('reports.col.present'), num: true },
                { label: t('reports.col.documents'), num: true },
                { label: t('reports.col.pages'), num: true },
                { label: t('reports.col.digital'), num: true },
                { label: t('reports.col.saved'), num: true },
              ]}
            >
              {r.rows.map((m) => (
                <tr key={m.id}>
                  <td>{formatDate(m.startsAt, lang)}</td>
                  <td>
                    <Link to={`/meetings/${m.id}/report`}>{m.title}</Link>
                  </td>
                  <td className="num">{`${n(m.present)}/${n(m.participants)}`}</td>
                  <td className="num">{n(m.documents)}</td>
                  <td className="num">{n(m.pages)}</td>
                  <td className="num">{n(m.invitationsDigital)}</td>
                  <td className="num">{formatVnd(m.savedVnd, lang)}</td>
                </tr>
              ))}
            </ReportTable>
          </ReportSection>
        </>
      )}

      <ReportSection id="p-savings" title={t('reports.savings.title')}>
        <SavingsTable report={r} />
        <p className="muted report-note">{t('reports.savings.how')}</p>
      </ReportSection>

      <ReportSection id="p-pilot" title={t('reports.pilot.title')}>
        <p className="muted">{t('reports.pilot.intro')}</p>
        <PaceBar
          label={t('reports.pilot.invitations')}
          value={r.monthly.invitationsDigital}
          pilot={r.pilot.invitations}
          text={`${n(r.monthly.invitationsDigital)} / ${n(r.pilot.invitations)}`}
        />
        <PaceBar
          label={t('reports.pilot.documents')}
          value={r.monthly.documents}
          pilot={r.pilot.documents}
          text={`${n(r.monthly.documents)} / ${n(r.pilot.documents)}`}
        />
        <PaceBar
          label={t('reports.pilot.saved')}
          value={r.monthly.savedVnd}
          pilot={pilotSaved}
          text={`${formatVnd(r.monthly.savedVnd, lang)} / ${formatVnd(pilotSaved, lang)}`}
        />
      </ReportSection>
    </>
  );
}
