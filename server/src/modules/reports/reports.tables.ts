import {
  formatDate,
  formatDateTime,
  formatTime,
  toCsv,
  type MeetingReport,
  type PeriodReport,
  type TaskDashboard,
  type TaskStatus,
} from '@icabinet/shared';
import { t, type Lang } from '../../i18n/messages.js';

/** One cell: text, a number (kept numeric in a workbook), or nothing. */
export type Cell = string | number | null;

/**
 * One section of a report as a table. The CSV, the workbook and the PDF are drawn from the same
 * sections, so the three exports always hold the same figures.
 */
export interface Section {
  title: string;
  columns: string[];
  rows: Cell[][];
  /** Relative column widths for the PDF (default: equal). */
  widths?: number[];
}

const clock = (iso: string | null, lang: Lang): string | null => (iso ? formatTime(iso, lang) : null);

/** A meeting's report, section by section, in `lang`. */
export function meetingSections(r: MeetingReport, lang: Lang): Section[] {
  const m = r.meeting;
  const figure = (key: Parameters<typeof t>[1], value: Cell): Cell[] => [t(lang, key), value];
  const two = [t(lang, 'report_col_figure'), t(lang, 'report_col_value')];
  const verdict = (v: MeetingReport['votes'][number]): string => {
    if (v.state === 'annulled') return t(lang, 'report_vote_annulled');
    if (!v.verdict) return t(lang, 'report_vote_open');
    return t(lang, `report_verdict_${v.verdict}`);
  };
  return [
    {
      title: t(lang, 'report_section_meeting'),
      columns: two,
      widths: [2, 3],
      rows: [
        figure('report_col_title', m.title),
        figure('report_col_location', m.location),
        figure(
          'report_col_planned_time',
          `${formatDateTime(m.startsAt, lang)} – ${formatTime(m.endsAt, lang)}`,
        ),
        figure(
          'report_col_actual_time',
          m.startedAt ? `${formatDateTime(m.startedAt, lang)} – ${clock(m.endedAt, lang) ?? '…'}` : null,
        ),
        figure('report_col_chair', m.chair),
        figure('report_fig_invited', r.attendance.invited),
        figure('report_fig_present', r.attendance.present),
        figure('report_fig_deputised', r.attendance.deputised),
        figure('report_fig_absent', r.attendance.absent),
        figure('report_fig_planned_minutes', r.agenda.plannedMinutes),
        figure('report_fig_actual_minutes', r.agenda.meetingMinutes ?? r.agenda.actualMinutes),
      ],
    },
    {
      title: t(lang, 'report_section_attendance'),
      columns: [
        t(lang, 'report_col_name'),
        t(lang, 'report_col_position'),
        t(lang, 'report_col_unit'),
        t(lang, 'report_col_role'),
        t(lang, 'report_col_attendance'),
        t(lang, 'report_col_arrived'),
        t(lang, 'report_col_reason'),
        t(lang, 'report_col_deputy'),
        t(lang, 'report_col_deputy_for'),
      ],
      widths: [3, 2.4, 2.4, 1.4, 1.8, 1.2, 2.4, 2, 2],
      rows: r.attendance.rows.map((a) => [
        a.name,
        a.title,
        a.unitName,
        t(lang, `report_role_${a.role}`),
        t(lang, `report_att_${a.attendance}`),
        clock(a.arrivedAt, lang),
        a.attendance === 'present' ? null : a.reason,
        a.deputyName,
        a.deputyFor,
      ]),
    },
    {
      title: t(lang, 'report_section_agenda'),
      columns: [
        t(lang, 'report_col_number'),
        t(lang, 'report_col_item'),
        t(lang, 'report_col_presenter'),
        t(lang, 'report_col_planned_minutes'),
        t(lang, 'report_col_started'),
        t(lang, 'report_col_ended'),
        t(lang, 'report_col_actual_minutes'),
      ],
      widths: [0.8, 5, 2.4, 1.4, 1.2, 1.2, 1.4],
      rows: r.agenda.rows.map((i) => [
        i.number,
        i.title,
        i.presenter,
        i.plannedMinutes,
        clock(i.actualStart, lang),
        clock(i.actualEnd, lang),
        i.actualMinutes,
      ]),
    },
    {
      title: t(lang, 'report_section_speakers'),
      columns: [
        t(lang, 'report_col_name'),
        t(lang, 'report_col_speeches'),
        t(lang, 'report_col_seconds'),
        t(lang, 'report_col_planned_seconds'),
        t(lang, 'report_col_overruns'),
      ],
      widths: [4, 1.5, 2, 2, 1.5],
      rows: r.speakers.map((s) => [s.name, s.speeches, s.seconds, s.plannedSeconds, s.overruns]),
    },
    {
      title: t(lang, 'report_section_documents'),
      columns: [
        t(lang, 'report_col_document'),
        t(lang, 'report_col_item'),
        t(lang, 'report_col_version'),
        t(lang, 'report_col_pages'),
      ],
      widths: [5, 4, 1.2, 1.2],
      rows: [
        ...r.documents.rows.map((d) => [d.name, d.agendaItem, d.versionNo, d.pages]),
        [t(lang, 'report_fig_pages'), null, null, r.documents.pages],
      ],
    },
    {
      title: t(lang, 'report_section_votes'),
      columns: [
        t(lang, 'report_col_question'),
        t(lang, 'report_col_item'),
        t(lang, 'report_col_result'),
        t(lang, 'report_col_counts'),
        t(lang, 'report_col_cast'),
        t(lang, 'report_col_members'),
      ],
      widths: [4, 3, 1.8, 3, 1.2, 1.2],
      rows: r.votes.map((v) => [
        v.question,
        v.agendaItem,
        verdict(v),
        v.counts.map((c) => `${c.label}: ${c.count}`).join('; ') || null,
        v.cast,
        v.members,
      ]),
    },
    ...meetingTaskSections(r.tasks, lang),
    savingsSection(r, lang),
  ];
}

/** The follow-up of a meeting's conclusions: a summary, then each point with the tasks made from it. */
function meetingTaskSections(f: MeetingReport['tasks'], lang: Lang): Section[] {
  const figure = (key: Parameters<typeof t>[1], value: Cell): Cell[] => [t(lang, key), value];
  const progress = (task: MeetingReport['tasks']['points'][number]['tasks'][number]): string => {
    if (task.done) return t(lang, task.done === 'on_time' ? 'report_task_on_time' : 'report_task_late');
    if (task.overdue) return t(lang, 'report_task_overdue_days', { days: task.daysLate });
    return t(lang, 'report_task_in_time');
  };
  const rows: Cell[][] = [];
  for (const p of f.points) {
    const point = p.number ? `${p.number}. ${p.text ?? ''}` : t(lang, 'report_point_removed');
    if (p.tasks.length === 0) {
      rows.push([point, t(lang, 'report_point_no_task'), null, null, null, null, null]);
      continue;
    }
    // The point's text once, on its first task; its other tasks carry its number.
    for (const [i, task] of p.tasks.entries()) {
      rows.push([
        i === 0 ? point : (p.number ?? t(lang, 'report_point_removed')),
        // Titled with the point's own words (the usual case): not the same paragraph twice.
        p.number && task.title.trim() === p.text?.trim()
          ? t(lang, 'report_task_as_point', { n: p.number })
          : task.title,
        task.leadUnitName,
        task.assigneeName,
        formatDate(`${task.deadline}T12:00:00+07:00`, lang),
        t(lang, `report_task_status_${task.status}`),
        progress(task),
      ]);
    }
  }
  return [
    {
      title: t(lang, 'report_section_follow_up'),
      columns: [t(lang, 'report_col_figure'), t(lang, 'report_col_value')],
      widths: [4, 3],
      rows: [
        figure(
          'report_fig_tasks_scope',
          t(lang, f.scope === 'all' ? 'report_tasks_scope_all' : 'report_tasks_scope_unit'),
        ),
        figure('report_fig_tasks_assigned', f.total),
        figure('report_fig_tasks_accepted', f.done),
        figure('report_fig_tasks_on_time', f.doneOnTime),
        figure('report_fig_tasks_late', f.doneLate),
        figure('report_fig_tasks_overdue', f.overdue),
      ],
    },
    {
      title: t(lang, 'report_section_point_tasks'),
      columns: [
        t(lang, 'report_col_point'),
        t(lang, 'report_col_task'),
        t(lang, 'report_col_lead_unit'),
        t(lang, 'report_col_assignee'),
        t(lang, 'report_col_deadline'),
        t(lang, 'report_col_status'),
        t(lang, 'report_col_progress'),
      ],
      widths: [3.4, 2.8, 2.2, 2, 2, 1.6, 1.8],
      rows,
    },
  ];
}

function savingsSection(r: MeetingReport | PeriodReport, lang: Lang): Section {
  const s = r.savings;
  const figure = (key: Parameters<typeof t>[1], value: Cell): Cell[] => [t(lang, key), value];
  return {
    title: t(lang, 'report_section_savings'),
    columns: [t(lang, 'report_col_figure'), t(lang, 'report_col_value')],
    widths: [4, 2],
    rows: [
      figure('report_fig_invitations', r.invitations.total),
      figure('report_fig_gateway', r.invitations.gateway),
      figure('report_fig_digital', s.invitationsDigital),
      figure('report_fig_sms_cost', r.costs.smsInvitationVnd),
      figure('report_fig_invitation_saved', s.invitationSavedVnd),
      figure('report_fig_pages', s.pages),
      figure('report_fig_copies', s.copies),
      figure('report_fig_not_printed', s.pagesNotPrinted),
      figure('report_fig_page_cost', r.costs.printedPageVnd),
      figure('report_fig_print_saved', s.printSavedVnd),
      figure('report_fig_total_saved', s.totalVnd),
    ],
  };
}

/** A period's report, section by section, in `lang`. */
export function periodSections(r: PeriodReport, lang: Lang): Section[] {
  const figure = (key: Parameters<typeof t>[1], value: Cell): Cell[] => [t(lang, key), value];
  const sections: Section[] = [
    {
      title: t(lang, 'report_section_summary'),
      columns: [t(lang, 'report_col_figure'), t(lang, 'report_col_value')],
      widths: [4, 2],
      rows: [
        figure('report_fig_held', r.meetings.held),
        figure('report_fig_cancelled', r.meetings.cancelled),
        figure('report_fig_planned_minutes', r.meetings.plannedMinutes),
        figure('report_fig_actual_minutes', r.meetings.actualMinutes),
        figure('report_fig_documents', r.documents.count),
        figure('report_fig_monthly_saved', r.monthly.savedVnd),
      ],
    },
    savingsSection(r, lang),
  ];
  if (r.tasks) {
    sections.push({
      title: t(lang, 'report_section_tasks'),
      columns: [t(lang, 'report_col_figure'), t(lang, 'report_col_value')],
      widths: [4, 2],
      rows: [
        figure('report_fig_tasks_due', r.tasks.due),
        figure('report_fig_tasks_done', r.tasks.done),
        figure('report_fig_tasks_on_time', r.tasks.doneOnTime),
        figure('report_fig_tasks_overdue', r.tasks.overdue),
        figure(
          'report_fig_on_time_rate',
          r.tasks.onTimeRate === null ? null : Math.round(r.tasks.onTimeRate * 100),
        ),
      ],
    });
  }
  sections.push({
    title: t(lang, 'report_section_meetings'),
    columns: [
      t(lang, 'report_col_date'),
      t(lang, 'report_col_title'),
      t(lang, 'report_col_participants'),
      t(lang, 'report_col_present'),
      t(lang, 'report_col_documents'),
      t(lang, 'report_col_pages'),
      t(lang, 'report_col_digital'),
      t(lang, 'report_col_saved'),
    ],
    widths: [1.6, 5, 1.3, 1.2, 1.2, 1.2, 1.6, 2],
    rows: r.rows.map((m) => [
      formatDate(m.startsAt, lang),
      m.title,
      m.participants,
      m.present,
      m.documents,
      m.pages,
      m.invitationsDigital,
      m.savedVnd,
    ]),
  });
  return sections;
}

/** Sections one after another: a title line, the header, the rows, an empty line. UTF-8 with BOM. */
export function sectionsCsv(sections: readonly Section[]): string {
  const lines: (string | null)[][] = [];
  for (const s of sections) {
    lines.push(
      [s.title],
      s.columns,
      ...s.rows.map((row) => row.map((c) => (c === null ? null : String(c)))),
      [],
    );
  }
  return toCsv(lines, { quoteAll: true });
}

const percent = (rate: number | null): number | null => (rate === null ? null : Math.round(rate * 100));

/** The follow-up dashboard, section by section, in `lang`. */
export function taskSections(d: TaskDashboard, lang: Lang): Section[] {
  const status = (s: string) => t(lang, `report_task_status_${s as TaskStatus}`);
  const day = (iso: string) => formatDate(`${iso}T12:00:00+07:00`, lang);
  const unitName = new Map(d.units.map((u) => [u.unitId, u.unitName]));
  const counts = (c: TaskDashboard['totals']): Cell[] => [
    c.total,
    c.assigned,
    c.in_progress,
    c.reported,
    c.returned,
    c.accepted,
    c.overdue,
    c.dueThisWeek,
    c.doneOnTime,
    percent(c.onTimeRate),
  ];
  const line =
    (withDays: boolean) =>
    (l: TaskDashboard['overdue'][number]): Cell[] => [
      l.title,
      l.unitName,
      day(l.deadline),
      ...(withDays ? [l.daysLate] : []),
      status(l.status),
    ];
  return [
    {
      title: t(lang, 'report_section_task_units'),
      columns: [
        t(lang, 'report_col_lead_unit'),
        t(lang, 'report_col_total'),
        status('assigned'),
        status('in_progress'),
        status('reported'),
        status('returned'),
        status('accepted'),
        t(lang, 'report_col_overdue'),
        t(lang, 'report_col_due_week'),
        t(lang, 'report_col_on_time'),
        t(lang, 'report_col_rate'),
      ],
      widths: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
      rows: [
        ...d.units.map((u) => [u.unitName, ...counts(u)]),
        [t(lang, 'report_all_units'), ...counts(d.totals)],
      ],
    },
    {
      title: t(lang, 'report_section_task_overdue'),
      columns: [
        t(lang, 'report_col_task'),
        t(lang, 'report_col_lead_unit'),
        t(lang, 'report_col_deadline'),
        t(lang, 'report_col_days_late'),
        t(lang, 'report_col_status'),
      ],
      rows: d.overdue.map(line(true)),
    },
    {
      title: t(lang, 'report_section_task_week'),
      columns: [
        t(lang, 'report_col_task'),
        t(lang, 'report_col_lead_unit'),
        t(lang, 'report_col_deadline'),
        t(lang, 'report_col_status'),
      ],
      rows: d.dueThisWeek.map(line(false)),
    },
    {
      title: t(lang, 'report_section_task_on_time'),
      columns: [
        t(lang, 'report_col_month'),
        t(lang, 'report_col_lead_unit'),
        t(lang, 'report_col_settled'),
        t(lang, 'report_col_on_time'),
        t(lang, 'report_col_rate'),
      ],
      rows: d.onTime.map((p) => [
        p.month,
        p.unitId === 'all' ? t(lang, 'report_all_units') : (unitName.get(p.unitId) ?? '—'),
        p.settled,
        p.doneOnTime,
        percent(p.rate),
      ]),
    },
  ];
}
