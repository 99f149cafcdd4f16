import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime, type MeetingReport } from '@icabinet/shared';
import { AgendaTimeChart, SpeakingChart } from './ReportCharts';
import { formatDuration, ReportSection, ReportTable, useReportFormat } from './report-ui';

/**
 * The record sections of a meeting's report, each a titled table (with its chart where there is
 * one): who attended and why not, planned against actual time per agenda item, speaking time per
 * person, the documents and their pages, the votes and their results.
 */
export function MeetingRecordSections({ report: r }: { report: MeetingReport }): ReactElement {
  return (
    <>
      <AttendanceSection report={r} />
      <AgendaSection report={r} />
      <SpeakersSection report={r} />
      <DocumentsSection report={r} />
      <VotesSection report={r} />
    </>
  );
}

/** A time of day in the reader's language, or a dash when there is none. */
function useClock(): (iso: string | null) => string {
  const { lang } = useReportFormat();
  return (iso) => (iso ? formatTime(iso, lang) : '—');
}

function AttendanceSection({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const clock = useClock();
  return (
    <ReportSection
      id="r-attendance"
      title={t('reports.meeting.attendance')}
      empty={r.attendance.rows.length === 0 && t('reports.none')}
    >
      <ReportTable
        columns={[
          { label: t('reports.col.name') },
          { label: t('reports.col.unit') },
          { label: t('reports.col.role') },
          { label: t('reports.col.attendance') },
          { label: t('reports.col.arrived') },
          { label: t('reports.col.reasonDeputy') },
        ]}
      >
        {r.attendance.rows.map((a) => (
          <tr key={a.participantId}>
            <td>
              <strong>{a.name}</strong>
              {a.title && <div className="muted">{a.title}</div>}
            </td>
            <td>{a.unitName ?? '—'}</td>
            <td>{t(`meetings.roles.${a.role}`)}</td>
            <td>
              <span className={`att att--${a.attendance}`}>{t(`reports.attendance.${a.attendance}`)}</span>
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
      </ReportTable>
    </ReportSection>
  );
}

function AgendaSection({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const { n } = useReportFormat();
  const clock = useClock();
  return (
    <ReportSection
      id="r-agenda"
      title={t('reports.meeting.agenda')}
      empty={r.agenda.rows.length === 0 && t('reports.none')}
    >
      <AgendaTimeChart rows={r.agenda.rows} />
      <ReportTable
        columns={[
          { label: t('reports.col.number') },
          { label: t('reports.col.item') },
          { label: t('reports.col.planned'), num: true },
          { label: t('reports.col.actualTime') },
          { label: t('reports.col.actual'), num: true },
        ]}
      >
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
      </ReportTable>
    </ReportSection>
  );
}

function SpeakersSection({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const { n } = useReportFormat();
  return (
    <ReportSection
      id="r-speakers"
      title={t('reports.meeting.speakers')}
      empty={r.speakers.length === 0 && t('reports.meeting.noSpeeches')}
    >
      <SpeakingChart rows={r.speakers} />
      <ReportTable
        columns={[
          { label: t('reports.col.name') },
          { label: t('reports.col.speeches'), num: true },
          { label: t('reports.col.spoken'), num: true },
          { label: t('reports.col.granted'), num: true },
          { label: t('reports.col.overruns'), num: true },
        ]}
      >
        {r.speakers.map((s) => (
          <tr key={s.participantId}>
            <td>{s.name}</td>
            <td className="num">{n(s.speeches)}</td>
            <td className="num">{formatDuration(s.seconds)}</td>
            <td className="num">{formatDuration(s.plannedSeconds)}</td>
            <td className={`num${s.overruns > 0 ? ' is-over' : ''}`}>{n(s.overruns)}</td>
          </tr>
        ))}
      </ReportTable>
    </ReportSection>
  );
}

function DocumentsSection({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const { n } = useReportFormat();
  return (
    <ReportSection
      id="r-documents"
      title={t('reports.meeting.documentsTitle')}
      empty={r.documents.rows.length === 0 && t('reports.meeting.noDocuments')}
    >
      <ReportTable
        columns={[
          { label: t('reports.col.document') },
          { label: t('reports.col.item') },
          { label: t('reports.col.version'), num: true },
          { label: t('reports.col.pages'), num: true },
        ]}
        foot={
          <tr>
            <th colSpan={3}>{t('reports.meeting.totalPages')}</th>
            <th className="num">{n(r.documents.pages)}</th>
          </tr>
        }
      >
        {r.documents.rows.map((d) => (
          <tr key={d.id}>
            <td>{d.name}</td>
            <td>{d.agendaItem ?? '—'}</td>
            <td className="num">{d.versionNo}</td>
            <td className="num">{n(d.pages)}</td>
          </tr>
        ))}
      </ReportTable>
    </ReportSection>
  );
}

function VotesSection({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  return (
    <ReportSection
      id="r-votes"
      title={t('reports.meeting.votes')}
      empty={r.votes.length === 0 && t('reports.meeting.noVotes')}
    >
      <ReportTable
        columns={[
          { label: t('reports.col.question') },
          { label: t('reports.col.result') },
          { label: t('reports.col.counts') },
          { label: t('reports.col.cast'), num: true },
        ]}
      >
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
      </ReportTable>
    </ReportSection>
  );
}
