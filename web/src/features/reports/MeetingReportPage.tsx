import { useCallback, type ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingReport } from '@icabinet/shared';
import { StatusBadge } from '../tasks/TaskBadges';
import { Icon } from '../../components/Icon';
import { PageHeader } from '../../components/PageHeader';
import { Spinner } from '../../components/Spinner';
import { ErrorState } from '../../components/States';
import { ApiError } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { currentLanguage } from '../../lib/i18n';
import { useResource } from '../../lib/useResource';
import { formatTime } from '@icabinet/shared';
import { AgendaTimeChart, SpeakingChart } from './ReportCharts';
import { ExportBar, Figure, formatDuration, formatNumber, formatVnd, ReportSection } from './report-ui';
import { reportsApi } from './reports.api';
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

function MeetingReportView({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const m = r.meeting;
  const n = (v: number) => formatNumber(v, lang);
  const clock = (iso: string | null) => (iso ? formatTime(iso, lang) : '—');
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

      <ReportSection
        id="r-attendance"
        title={t('reports.meeting.attendance')}
        empty={r.attendance.rows.length === 0 && t('reports.none')}
      >
        <div className="table-wrap">
          <table className="table table--compact report-table">
            <thead>
              <tr>
                <th>{t('reports.col.name')}</th>
                <th>{t('reports.col.unit')}</th>
                <th>{t('reports.col.role')}</th>
                <th>{t('reports.col.attendance')}</th>
                <th>{t('reports.col.arrived')}</th>
                <th>{t('reports.col.reasonDeputy')}</th>
              </tr>
            </thead>
            <tbody>
              {r.attendance.rows.map((a) => (
                <tr key={a.participantId}>
                  <td>
                    <strong>{a.name}</strong>
                    {a.title && <div className="muted">{a.title}</div>}
                  </td>
                  <td>{a.unitName ?? '—'}</td>
                  <td>{t(`meetings.roles.${a.role}`)}</td>
                  <td>
                    <span className={`att att--${a.attendance}`}>
                      {t(`reports.attendance.${a.attendance}`)}
                    </span>
                  </td>
                  <td>{clock(a.arrivedAt)}</td>
                  <td>
                    {a.deputyFor && <div>{t('reports.meeting.deputyFor', { name: a.deputyFor })}</div>}
                    {a.attendance !== 'present' && a.reason && <div>{a.reason}</div>}
                    {a.deputyName && <div>{t('reports.meeting.deputy', { name: a.deputyName })}</div>}
                    {!a.deputyFor && !(a.attendance !== 'present' && a.reason) && !a.deputyName && '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ReportSection>

      <ReportSection
        id="r-agenda"
        title={t('reports.meeting.agenda')}
        empty={r.agenda.rows.length === 0 && t('reports.none')}
      >
        <AgendaTimeChart rows={r.agenda.rows} />
        <div className="table-wrap">
          <table className="table table--compact report-table">
            <thead>
              <tr>
                <th>{t('reports.col.number')}</th>
                <th>{t('reports.col.item')}</th>
                <th className="num">{t('reports.col.planned')}</th>
                <th>{t('reports.col.actualTime')}</th>
                <th className="num">{t('reports.col.actual')}</th>
              </tr>
            </thead>
            <tbody>
              {r.agenda.rows.map((i) => (
                <tr key={i.itemId}>
                  <td>{i.number}</td>
                  <td>
                    {i.title}
                    {i.presenter && <div className="muted">{i.presenter}</div>}
                  </td>
                  <td className="num">{n(i.plannedMinutes)}</td>
                  <td>
                    {i.actualStart
                      ? `${clock(i.actualStart)}–${clock(i.actualEnd)}`
                      : t('reports.meeting.notTaken')}
                  </td>
                  <td
                    className={`num${i.actualMinutes !== null && i.actualMinutes > i.plannedMinutes ? ' is-over' : ''}`}
                  >
                    {i.actualMinutes === null ? '—' : n(i.actualMinutes)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ReportSection>

      <ReportSection
        id="r-speakers"
        title={t('reports.meeting.speakers')}
        empty={r.speakers.length === 0 && t('reports.meeting.noSpeeches')}
      >
        <SpeakingChart rows={r.speakers} />
        <div className="table-wrap">
          <table className="table table--compact report-table">
            <thead>
              <tr>
                <th>{t('reports.col.name')}</th>
                <th className="num">{t('reports.col.speeches')}</th>
                <th className="num">{t('reports.col.spoken')}</th>
                <th className="num">{t('reports.col.granted')}</th>
                <th className="num">{t('reports.col.overruns')}</th>
              </tr>
            </thead>
            <tbody>
              {r.speakers.map((s) => (
                <tr key={s.participantId}>
                  <td>{s.name}</td>
                  <td className="num">{n(s.speeches)}</td>
                  <td className="num">{formatDuration(s.seconds)}</td>
                  <td className="num">{formatDuration(s.plannedSeconds)}</td>
                  <td className={`num${s.overruns > 0 ? ' is-over' : ''}`}>{n(s.overruns)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ReportSection>

      <ReportSection
        id="r-documents"
        title={t('reports.meeting.documentsTitle')}
        empty={r.documents.rows.length === 0 && t('reports.meeting.noDocuments')}
      >
        <div className="table-wrap">
          <table className="table table--compact report-table">
            <thead>
              <tr>
                <th>{t('reports.col.document')}</th>
                <th>{t('reports.col.item')}</th>
                <th className="num">{t('reports.col.version')}</th>
                <th className="num">{t('reports.col.pages')}</th>
              </tr>
            </thead>
            <tbody>
              {r.documents.rows.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>{d.agendaItem ?? '—'}</td>
                  <td className="num">{d.versionNo}</td>
                  <td className="num">{n(d.pages)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={3}>{t('reports.meeting.totalPages')}</th>
                <th className="num">{n(r.documents.pages)}</th>
              </tr>
            </tfoot>
          </table>
        </div>
      </ReportSection>

      <ReportSection
        id="r-votes"
        title={t('reports.meeting.votes')}
        empty={r.votes.length === 0 && t('reports.meeting.noVotes')}
      >
        <div className="table-wrap">
          <table className="table table--compact report-table">
            <thead>
              <tr>
                <th>{t('reports.col.question')}</th>
                <th>{t('reports.col.result')}</th>
                <th>{t('reports.col.counts')}</th>
                <th className="num">{t('reports.col.cast')}</th>
              </tr>
            </thead>
            <tbody>
              {r.votes.map((v) => (
                <tr key={v.id}>
                  <td>
                    {v.question}
                    {v.agendaItem && <div className="muted">{v.agendaItem}</div>}
                  </td>
                  <td>
                    <span
                      className={`verdict verdict--${v.state === 'annulled' ? 'annulled' : (v.verdict ?? 'open')}`}
                    >
                      {v.state === 'annulled'
                        ? t('reports.verdict.annulled')
                        : t(`reports.verdict.${v.verdict ?? 'open'}`)}
                    </span>
                  </td>
                  <td>{v.counts.map((c) => `${c.label}: ${c.count}`).join(' · ') || '—'}</td>
                  <td className="num">{v.cast === null ? '—' : `${v.cast}/${v.members ?? '—'}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </ReportSection>

      <ReportSection id="r-tasks" title={t('reports.meeting.followUp')}>
        <FollowUp report={r} />
      </ReportSection>

      <ReportSection id="r-savings" title={t('reports.savings.title')}>
        <SavingsTable report={r} />
      </ReportSection>
    </article>
  );
}

/**
 * The follow-up of the meeting's conclusions: a summary, then each conclusion point with the tasks
 * made from it — lead unit, person, deadline, status, overdue or done on time. Only the tasks the
 * reader may see (the server decides: the chief of staff every one, anyone else their unit's).
 */
function FollowUp({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const f = r.tasks;
  const own = f.scope === 'unit';
  if (f.points.length === 0) {
    return (
      <div className="report-section__empty report-section__empty--action">
        <p className="muted">{t(own ? 'reports.meeting.noTasksOwnUnit' : 'reports.meeting.noTasks')}</p>
        {!own && (
          <Link className="btn btn--secondary no-print" to={`/meetings/${r.meeting.id}/edit?tab=conclusions`}>
            <Icon name="plus" />
            <span>{t('reports.meeting.assignFromConclusions')}</span>
          </Link>
        )}
      </div>
    );
  }
  const progress = (task: ReportPoint['tasks'][number]) => {
    if (task.done === 'on_time')
      return <span className="task-progress is-good">{t('reports.meeting.progress.onTime')}</span>;
    if (task.done === 'late')
      return <span className="task-progress is-warn">{t('reports.meeting.progress.late')}</span>;
    if (task.overdue)
      return (
        <span className="task-progress is-bad">
          {t('reports.meeting.progress.overdue', { count: task.daysLate })}
        </span>
      );
    return <span className="task-progress">{t('reports.meeting.progress.inTime')}</span>;
  };
  return (
    <>
      <p data-testid="report-tasks-summary">
        {t('reports.meeting.followUpSummary', {
          total: n(f.total),
          done: n(f.done),
          onTime: n(f.doneOnTime),
          late: n(f.doneLate),
          overdue: n(f.overdue),
        })}
      </p>
      {own && <p className="muted">{t('reports.meeting.followUpOwnUnit')}</p>}
      <div className="table-wrap">
        <table className="table table--compact report-table report-tasks">
          <thead>
            <tr>
              <th>{t('reports.col.task')}</th>
              <th>{t('reports.col.unitAssignee')}</th>
              <th>{t('reports.col.deadlineProgress')}</th>
              <th>{t('reports.col.status')}</th>
            </tr>
          </thead>
          {f.points.map((p) => (
            <tbody key={p.pointId ?? 'removed'}>
              <tr className="report-tasks__point">
                <th colSpan={4} scope="colgroup">
                  {p.number ? (
                    <>
                      <span className="report-tasks__n">{p.number}.</span> {p.text}
                    </>
                  ) : (
                    t('reports.meeting.pointRemoved')
                  )}
                </th>
              </tr>
              {p.tasks.length === 0 && (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('reports.meeting.noTaskForPoint')}
                  </td>
                </tr>
              )}
              {p.tasks.map((task) => (
                <tr key={task.id} className={task.overdue ? 'is-overdue' : undefined}>
                  <td className="report-tasks__task">
                    <TaskLink task={task} point={p} />
                  </td>
                  <td>
                    {task.leadUnitName}
                    {task.assigneeName && <div className="muted">{task.assigneeName}</div>}
                  </td>
                  <td>
                    <div>{formatDate(`${task.deadline}T12:00:00+07:00`, lang)}</div>
                    {progress(task)}
                  </td>
                  <td>
                    <span className="report-tasks__badges">
                      <StatusBadge task={task} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </>
  );
}

type ReportPoint = MeetingReport['tasks']['points'][number];

/**
 * A task's link. Made from a point and titled with its very words (the usual case), it is named
 * after the point ("Nhiệm vụ theo điểm 2.1") instead of repeating the text just above it; the
 * full title stays its accessible name and its tooltip.
 */
function TaskLink({ task, point }: { task: ReportPoint['tasks'][number]; point: ReportPoint }): ReactElement {
  const { t } = useTranslation();
  if (!point.number || task.title.trim() !== point.text?.trim()) {
    return <Link to={`/tasks/${task.id}`}>{task.title}</Link>;
  }
  const short = t('reports.meeting.taskOfPoint', { n: point.number });
  return (
    <Link to={`/tasks/${task.id}`} aria-label={`${short}: ${task.title}`} title={task.title}>
      {short}
    </Link>
  );
}

/** What was saved and how it was counted: every figure and unit cost on its own line. */
export function SavingsTable({
  report: r,
}: {
  report: Pick<MeetingReport, 'savings' | 'costs' | 'invitations'>;
}): ReactElement {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const n = (v: number) => formatNumber(v, lang);
  const s = r.savings;
  return (
    <div className="table-wrap">
      <table className="table table--compact report-table savings-table">
        <tbody>
          <tr>
            <td>
              {t('reports.savings.invitations', {
                total: n(r.invitations.total),
                gateway: n(r.invitations.gateway),
              })}
            </td>
            <td className="num">{t('reports.savings.invitationsDigital', { n: n(s.invitationsDigital) })}</td>
            <td className="num">× {formatVnd(r.costs.smsInvitationVnd, lang)}</td>
            <td className="num">{formatVnd(s.invitationSavedVnd, lang)}</td>
          </tr>
          <tr>
            <td>{t('reports.savings.pages', { pages: n(s.pages), copies: n(s.copies) })}</td>
            <td className="num">{t('reports.savings.pagesNotPrinted', { n: n(s.pagesNotPrinted) })}</td>
            <td className="num">× {formatVnd(r.costs.printedPageVnd, lang)}</td>
            <td className="num">{formatVnd(s.printSavedVnd, lang)}</td>
          </tr>
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={3}>{t('reports.savings.total')}</th>
            <th className="num">{formatVnd(s.totalVnd, lang)}</th>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
