import { useCallback, type ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingReport } from '@icabinet/shared';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { ApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { useResource } from '../../lib/useResource';
import { MeetingFollowUp } from './MeetingFollowUp';
import { MeetingRecordSections } from './MeetingReportTables';
import { ExportBar, Figure, formatVnd, ReportSection, useReportFormat } from './report-ui';
import { reportsApi } from './reports.api';
import { SavingsTable } from './SavingsTable';
import './reports.css';

function Back({ meetingId }: { meetingId: string }): ReactElement {
  const { t } = useTranslation();
  return (
    <Link className="back-link no-print" to={`/meetings/${meetingId}/edit`}>
      <Icon name="chevronLeft" />
      <span>{t('reports.meeting.back')}</span>
    </Link>
  );
}

/**
 * Báo cáo cuộc họp: the record of a meeting once it has ended — attendance with reasons and
 * deputies, planned against actual time per item, speaking time per person, documents and their
 * pages, votes and results, and what going paperless saved. Prints cleanly; PDF and CSV to keep.
 */
export function MeetingReportPage(): ReactElement {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const load = useCallback((signal: AbortSignal) => reportsApi.meeting(id, signal), [id]);
  const report = useResource(load);

  if (report.status === 'error' && !report.data) {
    const notYet = report.error instanceof ApiError && report.error.status === 409;
    return (
      <>
        <Back meetingId={id} />
        <ErrorState
          error={report.error}
          title={notYet ? t('reports.meeting.notYet') : undefined}
          onRetry={notYet ? undefined : report.reload}
        />
      </>
    );
  }
  if (!report.data) return <Spinner label={t('common.loading')} />;
  return <MeetingReportView report={report.data} />;
}

/** The report itself: its header and exports, the key figures, then every section in order. */
function MeetingReportView({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const { lang, n } = useReportFormat();
  const m = r.meeting;
  const overrun = r.agenda.meetingMinutes !== null && r.agenda.meetingMinutes > r.agenda.plannedMinutes;
  return (
    <article className="report">
      <Back meetingId={m.id} />
      <PageHeader
        title={t('reports.meeting.title')}
        subtitle={`${m.title} · ${formatDateTime(m.startsAt, lang)}${m.location ? ` · ${m.location}` : ''}`}
        actions={
          <ExportBar
            links={[
              { format: 'pdf', href: reportsApi.meetingPdfUrl(m.id), label: t('reports.pdf') },
              { format: 'csv', href: reportsApi.meetingCsvUrl(m.id), label: t('reports.csv') },
            ]}
          />
        }
      />
      <p className="report__print-head print-only">
        {t('reports.meeting.printedAt', { at: formatDateTime(r.generatedAt, lang) })}
      </p>

      <div className="figures">
        <Figure
          label={t('reports.meeting.present')}
          value={`${n(r.attendance.present)}/${n(r.attendance.invited)}`}
          note={t('reports.meeting.absentNote', {
            deputised: n(r.attendance.deputised),
            absent: n(r.attendance.absent),
          })}
          tone={r.attendance.absent === 0 ? 'good' : undefined}
        />
        <Figure
          label={t('reports.meeting.duration')}
          value={
            r.agenda.meetingMinutes === null
              ? '—'
              : t('reports.minutesValue', { count: r.agenda.meetingMinutes })
          }
          note={t('reports.meeting.plannedNote', { count: r.agenda.plannedMinutes })}
          tone={overrun ? 'warn' : 'good'}
        />
        <Figure
          label={t('reports.meeting.documents')}
          value={n(r.documents.rows.length)}
          note={t('reports.meeting.pagesNote', { pages: n(r.documents.pages) })}
        />
        <Figure
          label={t('reports.meeting.saved')}
          value={formatVnd(r.savings.totalVnd, lang)}
          note={t('reports.meeting.savedNote', {
            pages: n(r.savings.pagesNotPrinted),
            invitations: n(r.savings.invitationsDigital),
          })}
          tone="good"
        />
        <Figure
          label={t('reports.meeting.tasks')}
          value={n(r.tasks.total)}
          note={t('reports.meeting.tasksNote', {
            done: n(r.tasks.done),
            onTime: n(r.tasks.doneOnTime),
            overdue: n(r.tasks.overdue),
          })}
          tone={r.tasks.overdue > 0 ? 'bad' : r.tasks.total > 0 ? 'good' : undefined}
        />
      </div>

      <MeetingRecordSections report={r} />

      <ReportSection id="r-tasks" title={t('reports.meeting.followUp')}>
        <MeetingFollowUp report={r} />
      </ReportSection>

      <ReportSection id="r-savings" title={t('reports.savings.title')}>
        <SavingsTable report={r} />
      </ReportSection>
    </article>
  );
}
