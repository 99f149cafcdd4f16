import { z } from 'zod';
import type { MajorityRule } from '../domain/majority.js';
import type { MeetingRole } from './participant.js';
import { Id, Version } from './common.js';
import type { InvitationStatus } from './invitation.js';
import type { MeetingStatus } from '../domain/meeting-status.js';
import type { MeetingKind } from './meeting.js';
import type { TaskStatus } from './task.js';
import type { VoteKind, VoteState } from './vote.js';

/**
 * Reports (báo cáo): one meeting's record after it ends, and the figures of a period (meetings
 * held, invitations delivered digitally instead of by SMS, pages not printed and what that saved
 * in đồng at the unit costs the administrator sets).
 */

/**
 * The unit costs (đơn giá) the savings are counted with. An administrator sets them in the app
 * (Quản trị → Cài đặt → Đơn giá); until then they are the environment's defaults.
 */
export const UnitCosts = z.strictObject({
  /** What one invitation sent by SMS (and on paper by courier) costs; every digital one saves it. */
  smsInvitationVnd: z
    .number()
    .int('unit_cost_whole')
    .min(0, 'unit_cost_range')
    .max(10_000_000, 'unit_cost_range'),
  /** What one printed A4 page costs (paper, toner, copying). */
  printedPageVnd: z
    .number()
    .int('unit_cost_whole')
    .min(0, 'unit_cost_range')
    .max(1_000_000, 'unit_cost_range'),
  /** Paper copies of each document a meeting would have printed; null: one per participant. */
  copiesPerDocument: z
    .number()
    .int('unit_cost_copies')
    .min(1, 'unit_cost_copies')
    .max(1000, 'unit_cost_copies')
    .nullable(),
});
export type UnitCosts = z.infer<typeof UnitCosts>;

/** The unit costs with who changed them last (null: still the environment's defaults). */
export interface UnitCostsView {
  costs: UnitCosts;
  /** The environment's values, shown beside the fields. */
  defaults: UnitCosts;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** `PUT /settings/unit-costs`: every field, with the `version` read (a stale one is a 409). */
export const UnitCostsInput = UnitCosts.extend({ version: Version });
export type UnitCostsInput = z.infer<typeof UnitCostsInput>;

/** A day in the city's calendar, `2026-11-30`. */
export const CalendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'report_day')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'report_day',
  );

/** The longest period one report covers. */
export const REPORT_MAX_DAYS = 400;

/** `GET /reports/period`: from one day to another, both included, in the city's time (UTC+7). */
export const PeriodQuery = z
  .object({ from: CalendarDay, to: CalendarDay })
  .refine((q) => q.from <= q.to, { message: 'report_range', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < REPORT_MAX_DAYS, {
    message: 'report_too_long',
    path: ['to'],
  });
export type PeriodQuery = z.infer<typeof PeriodQuery>;

/**
 * The pilot's own figures, the scale I-Cabinet is measured against: 409 invitations and 812
 * documents in one month of the pilot, saving about 150 million đồng on invitations and 300
 * million on printing.
 */
export const PILOT_FIGURES = {
  invitations: 409,
  documents: 812,
  invitationSavedVnd: 150_000_000,
  printSavedVnd: 300_000_000,
} as const;

/** What a digital meeting saved: invitations not sent by SMS, pages not printed. */
export interface Savings {
  /** Invitations delivered in the app or by e-mail and not through the SMS/Zalo gateway. */
  invitationsDigital: number;
  invitationSavedVnd: number;
  /** Pages of the meeting's documents (latest versions). */
  pages: number;
  /** Paper copies of each document that would have been printed (a period: on average). */
  copies: number;
  /** pages × copies. */
  pagesNotPrinted: number;
  printSavedVnd: number;
  totalVnd: number;
}

/** One person of the meeting and how they attended. */
export interface AttendanceRow {
  participantId: string;
  name: string;
  title: string | null;
  unitName: string | null;
  role: MeetingRole;
  votingRight: boolean;
  /** `present`: checked in; `deputy`: absent, someone stood in; `absent`: neither. */
  attendance: 'present' | 'deputy' | 'absent';
  arrivedAt: string | null;
  leftAt: string | null;
  /** Their reply to the invitation (null: no invitation, e.g. the organisers). */
  reply: InvitationStatus | null;
  /** The reason they gave for not coming. */
  reason: string | null;
  /** Who stood in for them. */
  deputyName: string | null;
  /** Whom they stood in for (a deputy's row). */
  deputyFor: string | null;
}

/** One agenda item: planned against actual time. */
export interface AgendaTimeRow {
  itemId: string;
  /** "1", "1.2". */
  number: string;
  title: string;
  presenter: string | null;
  plannedMinutes: number;
  actualStart: string | null;
  actualEnd: string | null;
  /** Whole minutes taken (null: not taken up, or not finished). */
  actualMinutes: number | null;
}

/** One person's speaking time over the meeting. */
export interface SpeakerRow {
  participantId: string;
  name: string;
  speeches: number;
  seconds: number;
  /** Speaking time granted, summed. */
  plannedSeconds: number;
  /** Speeches longer than granted. */
  overruns: number;
}

export interface DocumentRow {
  id: string;
  name: string;
  pages: number;
  versionNo: number;
  agendaItem: string | null;
}

export interface VoteRow {
  id: string;
  question: string;
  agendaItem: string | null;
  kind: VoteKind;
  state: VoteState;
  rule: MajorityRule;
  verdict: 'passed' | 'rejected' | 'tie' | null;
  counts: { label: string; count: number }[];
  cast: number | null;
  members: number | null;
  required: number | null;
  closedAt: string | null;
}

/** A follow-up task made from one of the meeting's conclusion points, as the report lists it. */
export interface MeetingReportTask {
  id: string;
  title: string;
  leadUnitName: string;
  /** The person responsible (null: the unit as a whole). */
  assigneeName: string | null;
  /** YYYY-MM-DD, the city's calendar. */
  deadline: string;
  status: TaskStatus;
  /** Past its deadline and not accepted. */
  overdue: boolean;
  /** Whole days past the deadline (0 when not overdue). */
  daysLate: number;
  /** Accepted: reported done by the end of the deadline day (`on_time`) or after it (`late`); null while open. */
  done: 'on_time' | 'late' | null;
}

/** One conclusion point and the tasks made from it. */
export interface MeetingReportPoint {
  agendaItemId: string | null;
  pointId: string | null;
  /** "2.1": the agenda item's number and the point's, as the conclusions show them; null once the point was removed. */
  number: string | null;
  /** The point's text (null: no longer in the conclusions). */
  text: string | null;
  tasks: MeetingReportTask[];
}

/**
 * The meeting's follow-up: per conclusion point, the tasks made from it that the reader may see
 * (the chief of staff every one, anyone else those of their unit or given to them), and a summary.
 */
export interface MeetingReportTasks {
  /** `all`: every task and every point (points without a task too); `unit`: only the reader's unit's tasks. */
  scope: 'all' | 'unit';
  points: MeetingReportPoint[];
  total: number;
  /** Accepted. */
  done: number;
  doneOnTime: number;
  doneLate: number;
  overdue: number;
}

/** `GET /meetings/:id/report`: the record of a meeting that has ended. */
export interface MeetingReport {
  meeting: {
    id: string;
    title: string;
    kind: MeetingKind;
    status: MeetingStatus;
    location: string | null;
    startsAt: string;
    endsAt: string;
    startedAt: string | null;
    endedAt: string | null;
    chair: string | null;
  };
  attendance: {
    rows: AttendanceRow[];
    /** Principals (people invited in their own right, not deputies). */
    invited: number;
    present: number;
    /** Absent principals someone stood in for. */
    deputised: number;
    absent: number;
  };
  agenda: {
    rows: AgendaTimeRow[];
    plannedMinutes: number;
    /** The items' actual minutes, summed. */
    actualMinutes: number;
    /** Start to end of the meeting as the room recorded it. */
    meetingMinutes: number | null;
  };
  speakers: SpeakerRow[];
  documents: { rows: DocumentRow[]; pages: number };
  votes: VoteRow[];
  /** The tasks made from its conclusions (what the reader may see). */
  tasks: MeetingReportTasks;
  invitations: {
    total: number;
    /** Delivered in the app or by e-mail. */
    digital: number;
    /** Delivered through the SMS/Zalo gateway. */
    gateway: number;
  };
  savings: Savings;
  costs: UnitCosts;
  generatedAt: string;
}

/** One meeting's line in a period report. */
export interface PeriodMeetingRow {
  id: string;
  title: string;
  startsAt: string;
  status: MeetingStatus;
  participants: number;
  present: number;
  documents: number;
  pages: number;
  invitations: number;
  invitationsDigital: number;
  savedVnd: number;
}

/** Tasks whose deadline falls in the period (filled once the tasks module is present). */
export interface PeriodTasks {
  due: number;
  done: number;
  doneOnTime: number;
  overdue: number;
  /** doneOnTime / tasks settled (accepted, or past the deadline), 0..1; null when none is. */
  onTimeRate: number | null;
}

/** `GET /reports/period`: the figures of the meetings held in a period. */
export interface PeriodReport {
  from: string;
  to: string;
  /** Meetings that started in the period and were held (ended or closed). */
  meetings: {
    held: number;
    cancelled: number;
    plannedMinutes: number;
    actualMinutes: number;
  };
  rows: PeriodMeetingRow[];
  invitations: { total: number; digital: number; gateway: number };
  documents: { count: number; pages: number };
  savings: Savings;
  /** The savings over 30 days at the period's pace, to hold against the pilot's month. */
  monthly: { invitationsDigital: number; documents: number; savedVnd: number };
  pilot: typeof PILOT_FIGURES;
  tasks: PeriodTasks | null;
  costs: UnitCosts;
  generatedAt: string;
}

/** `GET /meetings/:id/report.pdf|csv`. */
export const MeetingReportParams = z.object({ id: Id });
/** The export formats. */
export const ReportFormat = z.enum(['csv', 'xlsx', 'pdf']);
export type ReportFormat = z.infer<typeof ReportFormat>;

/**
 * `GET /reports/tasks`: the follow-up dashboard over the tasks whose deadline falls in a period
 * (days of the city's calendar, both included), optionally of one lead unit.
 */
export const TaskDashboardQuery = z
  .object({ from: CalendarDay, to: CalendarDay, unitId: Id.optional() })
  .refine((q) => q.from <= q.to, { message: 'report_range', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < REPORT_MAX_DAYS, {
    message: 'report_too_long',
    path: ['to'],
  });
export type TaskDashboardQuery = z.infer<typeof TaskDashboardQuery>;

/** How many tasks stand where, for one lead unit (or all of them). */
export interface TaskCounts {
  total: number;
  assigned: number;
  in_progress: number;
  reported: number;
  returned: number;
  accepted: number;
  /** Past the deadline and not accepted. */
  overdue: number;
  /** Not accepted, due from today to six days from now. */
  dueThisWeek: number;
  /** Accepted, reported done by the end of the deadline day. */
  doneOnTime: number;
  /** Tasks already decided on time or late: accepted, or past the deadline. */
  settled: number;
  /** doneOnTime / settled (null: nothing settled yet). */
  onTimeRate: number | null;
}

export interface TaskUnitRow extends TaskCounts {
  unitId: string;
  unitName: string;
}

/** A task in the dashboard's lists (overdue, due this week). */
export interface TaskLine {
  id: string;
  title: string;
  unitId: string;
  unitName: string;
  deadline: string;
  status: string;
  /** Whole days past the deadline (0 on the day). */
  daysLate: number;
}

/** The on-time rate of one unit (or `all`) in one month of deadlines. */
export interface OnTimePoint {
  month: string;
  unitId: string;
  settled: number;
  doneOnTime: number;
  rate: number | null;
}

export interface TaskDashboard {
  from: string;
  to: string;
  today: string;
  unitId: string | null;
  /** Whether the caller sees every unit (the chief of staff) or only their own unit's tasks. */
  scope: 'all' | 'unit';
  totals: TaskCounts;
  units: TaskUnitRow[];
  overdue: TaskLine[];
  dueThisWeek: TaskLine[];
  /** Month by month (YYYY-MM) up to the current month: `all` and each unit. */
  onTime: OnTimePoint[];
  generatedAt: string;
}
