import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { MeetingReport } from '@icabinet/shared';
import { Icon } from '../../components/Icon';
import { formatDate } from '../../lib/format';
import { StatusBadge } from '../tasks/TaskBadges';
import { ReportTable, useReportFormat } from './report-ui';

type ReportPoint = MeetingReport['tasks']['points'][number];
type ReportTask = ReportPoint['tasks'][number];

/**
 * The follow-up of the meeting's conclusions: a summary, then each conclusion point with the tasks
 * made from it — lead unit, person, deadline, status, overdue or done on time. Only the tasks the
 * reader may see (the server decides: the chief of staff every one, anyone else their unit's).
 */
export function MeetingFollowUp({ report: r }: { report: MeetingReport }): ReactElement {
  const { t } = useTranslation();
  const { lang, n } = useReportFormat();
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
      <ReportTable
        className="report-tasks"
        grouped
        columns={[
          { label: t('reports.col.task') },
          { label: t('reports.col.unitAssignee') },
          { label: t('reports.col.deadlineProgress') },
          { label: t('reports.col.status') },
        ]}
      >
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
                  <TaskProgress task={task} />
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
      </ReportTable>
    </>
  );
}

/** Where a task stands against its deadline: done on time or late, overdue by some days, or in time. */
function TaskProgress({ task }: { task: ReportTask }): ReactElement {
  const { t } = useTranslation();
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
}

/**
 * A task's link. Made from a point and titled with its very words (the usual case), it is named
 * after the point ("Nhiệm vụ theo điểm 2.1") instead of repeating the text just above it; the
 * full title stays its accessible name and its tooltip.
 */
function TaskLink({ task, point }: { task: ReportTask; point: ReportPoint }): ReactElement {
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
