import { z } from 'zod';
import { Id, IsoDateTime, MultilineText, OptionalText, QueryText, Text, Version } from './common.js';

/**
 * Follow-up tasks (nhiệm vụ) made from conclusion points or by hand: a lead unit (chủ trì),
 * coordinating units (phối hợp), a responsible person, a deadline, the expected product and a
 * priority. Each keeps its trace (meeting, agenda item, conclusion point, and optionally a passage
 * of a meeting document) and moves through
 * assigned → in_progress → reported → accepted, or → returned (with a reason) → reported again.
 * The lead unit may ask for a new deadline, which the chief of staff approves or refuses.
 */

export const TASK_STATUSES = ['assigned', 'in_progress', 'reported', 'returned', 'accepted'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

/** Every move of a task; each is audited as `task.<action>` (see audit.ts). */
export const TASK_ACTIONS = [
  'start',
  'report',
  'accept',
  'return',
  'requestExtension',
  'approveExtension',
  'refuseExtension',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const TASK_LIMITS = {
  title: 500,
  description: 4000,
  product: 1000,
  report: 8000,
  reason: 2000,
  quote: 2000,
  coordinating: 20,
  files: 10,
} as const;

/** A calendar date in the city's time zone, `YYYY-MM-DD` (a task is due by the end of that day). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'date');

/** A passage of a meeting document the secretary marked: it opens in the viewer at that page. */
export const TaskPassage = z.object({
  documentId: Id,
  page: z.number().int().min(1).max(100_000),
  quote: z.string(),
});
export type TaskPassage = z.infer<typeof TaskPassage>;

/** A file attached to a task (the unit's report): kept in the blob store, downloaded by id. */
export const TaskFile = z.object({
  id: Id,
  name: z.string(),
  size: z.number().int().min(0),
  contentType: z.string(),
  uploadedBy: Id,
  uploadedAt: IsoDateTime,
});
export type TaskFile = z.infer<typeof TaskFile>;

/** One step of a task's history, in order. */
export const TaskHistoryEntry = z.object({
  action: z.enum(['create', ...TASK_ACTIONS]),
  from: z.enum(TASK_STATUSES).nullable(),
  to: z.enum(TASK_STATUSES),
  by: Id,
  byName: z.string(),
  at: IsoDateTime,
  /** The report text, the reason of a return or refusal, the extension's reason. */
  comment: z.string().nullable(),
  /** For extensions: the deadline asked for (requestExtension) or set (approveExtension). */
  deadline: z.string().nullable(),
});
export type TaskHistoryEntry = z.infer<typeof TaskHistoryEntry>;

/** The unit's report of the work done. */
export interface TaskReport {
  text: string;
  fileIds: string[];
  at: string;
  by: string;
  byName: string;
}

/** A pending request for a new deadline. */
export interface TaskExtensionRequest {
  deadline: string;
  reason: string;
  at: string;
  by: string;
  byName: string;
}

/** Where a task comes from, as the caller sees it (titles looked up; null when made by hand). */
export interface TaskTrace {
  meetingId: string;
  meetingTitle: string | null;
  agendaItemId: string | null;
  agendaItemTitle: string | null;
  conclusionPointId: string | null;
  /** The point's current text (null when the point was removed since). */
  pointText: string | null;
}

/** A task as every client sees it. */
export interface Task {
  id: string;
  title: string;
  description: string | null;
  meetingId: string | null;
  agendaItemId: string | null;
  conclusionPointId: string | null;
  passage: TaskPassage | null;
  leadUnitId: string;
  coordinatingUnitIds: string[];
  assigneeId: string | null;
  deadline: string;
  expectedProduct: string | null;
  priority: TaskPriority;
  status: TaskStatus;
  report: TaskReport | null;
  extension: TaskExtensionRequest | null;
  files: TaskFile[];
  history: TaskHistoryEntry[];
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  acceptedAt: string | null;
  /** Past its deadline (in the city's time zone) and not accepted. */
  overdue: boolean;
  /** The trace with titles, for the detail view; null for a task made by hand. */
  trace: TaskTrace | null;
  /** The moves the caller may make now. */
  actions: TaskAction[];
}

/** `POST /tasks`: a task from a conclusion point (`source`) or by hand. */
export const TaskCreateInput = z.strictObject({
  title: Text(TASK_LIMITS.title),
  description: OptionalText(TASK_LIMITS.description, { multiline: true }),
  source: z
    .strictObject({
      meetingId: Id,
      agendaItemId: Id,
      conclusionPointId: Id,
      passage: z
        .strictObject({
          documentId: Id,
          page: z.number().int().min(1).max(100_000),
          quote: MultilineText(TASK_LIMITS.quote),
        })
        .nullish()
        .transform((v) => v ?? null),
    })
    .nullish()
    .transform((v) => v ?? null),
  leadUnitId: Id,
  coordinatingUnitIds: z.array(Id).max(TASK_LIMITS.coordinating).default([]),
  assigneeId: Id.nullish().transform((v) => v ?? null),
  deadline: IsoDate,
  expectedProduct: OptionalText(TASK_LIMITS.product, { multiline: true }),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
});
export type TaskCreateInput = z.infer<typeof TaskCreateInput>;

/** `POST /tasks/:id/actions`: one move, on the version read. */
export const TaskActionInput = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start'), version: Version }),
  z.strictObject({
    action: z.literal('report'),
    version: Version,
    text: MultilineText(TASK_LIMITS.report),
    fileIds: z.array(Id).max(TASK_LIMITS.files).default([]),
  }),
  z.strictObject({
    action: z.literal('accept'),
    version: Version,
    comment: OptionalText(TASK_LIMITS.reason, { multiline: true }),
  }),
  z.strictObject({
    action: z.literal('return'),
    version: Version,
    reason: MultilineText(TASK_LIMITS.reason),
  }),
  z.strictObject({
    action: z.literal('requestExtension'),
    version: Version,
    deadline: IsoDate,
    reason: MultilineText(TASK_LIMITS.reason),
  }),
  z.strictObject({
    action: z.literal('approveExtension'),
    version: Version,
    comment: OptionalText(TASK_LIMITS.reason, { multiline: true }),
  }),
  z.strictObject({
    action: z.literal('refuseExtension'),
    version: Version,
    reason: MultilineText(TASK_LIMITS.reason),
  }),
]);
export type TaskActionInput = z.infer<typeof TaskActionInput>;

/** `GET /tasks`: filters (all optional) and a page. `overdue=true`: past the deadline and not accepted. */
export const TaskListQuery = z.object({
  status: z.enum(TASK_STATUSES).optional(),
  unitId: Id.optional(),
  meetingId: Id.optional(),
  /** Deadline on or after / on or before these dates. */
  deadlineFrom: IsoDate.optional(),
  deadlineTo: IsoDate.optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: QueryText(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskListQuery = z.infer<typeof TaskListQuery>;

/**
 * When reminders go out (stored setting `followUp`; defaults from the environment): days before
 * the deadline, on the day itself, and the escalation to the unit's head when overdue, each at
 * `hour` o'clock in the city's time zone.
 */
export const FollowUpSettings = z.strictObject({
  /** Days before the deadline at which the lead unit is reminded, e.g. [3, 1]. */
  remindDaysBefore: z
    .array(z.number().int().min(1).max(60))
    .max(5)
    .refine((d) => new Set(d).size === d.length, 'settings_days_repeated'),
  /** Remind on the deadline day itself. */
  remindOnDay: z.boolean(),
  /** Days after the deadline at which an unaccepted task is escalated to the unit's head (0: the next morning). */
  escalateAfterDays: z.number().int().min(0).max(30),
  /** Hour of the day (city time) at which reminders are sent. */
  hour: z.number().int().min(0).max(23),
});
export type FollowUpSettings = z.infer<typeof FollowUpSettings>;

export const FollowUpSettingsView = z.object({
  settings: FollowUpSettings,
  version: Version,
  updatedAt: IsoDateTime.nullable(),
  updatedBy: Id.nullable(),
});
export type FollowUpSettingsView = z.infer<typeof FollowUpSettingsView>;

/** `PUT /settings/follow-up`: every field with the version read. */
export const FollowUpSettingsInput = FollowUpSettings.extend({ version: Version });
export type FollowUpSettingsInput = z.infer<typeof FollowUpSettingsInput>;
