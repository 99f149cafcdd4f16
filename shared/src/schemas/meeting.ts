import { z } from 'zod';
import { Id, IsoDateTime, OptionalText, Page, QueryText, Text, Version } from './common.js';
import { MeetingStatus } from '../domain/meeting-status.js';
import { MeetingRole } from './participant.js';

export const Confidentiality = z.enum(['public', 'internal', 'confidential']);
export type Confidentiality = z.infer<typeof Confidentiality>;

export const MeetingKind = z.enum(['regular', 'thematic', 'extraordinary', 'briefing', 'online']);
export type MeetingKind = z.infer<typeof MeetingKind>;

/**
 * Quorum rule: present voting members must be more than (`gt`) or at least (`gte`)
 * numerator/denominator of the voting members.
 */
export const QuorumRule = z.object({
  numerator: z.number().int().min(1),
  denominator: z.number().int().min(1),
  comparison: z.enum(['gt', 'gte']),
});
export type QuorumRule = z.infer<typeof QuorumRule>;
export const DEFAULT_QUORUM: QuorumRule = { numerator: 1, denominator: 2, comparison: 'gt' };

export const Meeting = z.object({
  id: Id,
  title: z.string(),
  description: z.string().nullable(),
  kind: MeetingKind,
  location: z.string().nullable(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  status: MeetingStatus,
  confidentiality: Confidentiality,
  chairId: Id.nullable(),
  quorumRule: QuorumRule,
  statusReason: z.string().nullable(),
  /** Starts at 0; +1 for every change to the agenda (items, order). */
  agendaVersion: z.number().int().min(0),
  /** Meetings cloned from one another (weekly briefings) share the first one's id. */
  seriesId: Id.nullable(),
  /** Every participant (not only the presenter and the secretariat) may write the shared annotation layer. */
  sharedAnnotationsOpen: z.boolean(),
  /** A deputy standing in for a member votes for them (absent: false). */
  deputiesMayVote: z.boolean().optional(),
  /** When the meeting really started (moved to in_progress from the room); null before. */
  startedAt: IsoDateTime.nullable().optional(),
  /** When the meeting really ended (moved to ended from the room); null before. */
  endedAt: IsoDateTime.nullable().optional(),
  createdBy: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Meeting = z.infer<typeof Meeting>;

const endsAfterStart = {
  path: ['endsAt'],
  message: 'ends_before_start',
};
const orderedTimes = (m: { startsAt?: string | undefined; endsAt?: string | undefined }): boolean =>
  m.startsAt === undefined || m.endsAt === undefined || Date.parse(m.endsAt) > Date.parse(m.startsAt);

export const MeetingCreateInput = z
  .strictObject({
    title: Text(300),
    description: OptionalText(5000, { multiline: true }),
    kind: MeetingKind.default('regular'),
    location: Text(300)
      .nullish()
      .transform((v) => v ?? null),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    confidentiality: Confidentiality.default('internal'),
    /** A user who becomes the meeting's chair participant. */
    chairId: Id.nullish().transform((v) => v ?? null),
    /** Users who become secretary participants (the creator always is one). */
    secretaryIds: z.array(Id).max(20).default([]),
    quorumRule: QuorumRule.default(DEFAULT_QUORUM),
    sharedAnnotationsOpen: z.boolean().default(false),
    deputiesMayVote: z.boolean().default(false),
  })
  .refine(orderedTimes, endsAfterStart);
export type MeetingCreateInput = z.infer<typeof MeetingCreateInput>;

/** Edits to a meeting's details; `version` is the one the client read. */
export const MeetingUpdateInput = z
  .strictObject({
    version: Version,
    title: Text(300).optional(),
    description: OptionalText(5000, { multiline: true }).optional(),
    kind: MeetingKind.optional(),
    location: OptionalText(300).optional(),
    startsAt: IsoDateTime.optional(),
    endsAt: IsoDateTime.optional(),
    confidentiality: Confidentiality.optional(),
    chairId: Id.nullable().optional(),
    quorumRule: QuorumRule.optional(),
    sharedAnnotationsOpen: z.boolean().optional(),
    deputiesMayVote: z.boolean().optional(),
  })
  .refine(orderedTimes, endsAfterStart);
export type MeetingUpdateInput = z.infer<typeof MeetingUpdateInput>;

/** A lifecycle move. Cancelling or postponing needs a reason; a postponed meeting may get new times. */
export const MeetingStatusInput = z
  .strictObject({
    to: MeetingStatus,
    reason: OptionalText(1000, { multiline: true }),
    version: Version,
    startsAt: IsoDateTime.optional(),
    endsAt: IsoDateTime.optional(),
  })
  .refine((s) => !(s.to === 'cancelled' || s.to === 'postponed') || !!s.reason, {
    path: ['reason'],
    message: 'reason_required',
  })
  .refine(orderedTimes, endsAfterStart);
export type MeetingStatusInput = z.infer<typeof MeetingStatusInput>;

/** A copy of a meeting (participants, agenda, document links) at new times, as a draft. */
export const MeetingCloneInput = z
  .strictObject({
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    title: Text(300).optional(),
  })
  .refine(orderedTimes, endsAfterStart);
export type MeetingCloneInput = z.infer<typeof MeetingCloneInput>;

export const MeetingScope = z.enum(['upcoming', 'past', 'drafts', 'mine', 'all']);
export type MeetingScope = z.infer<typeof MeetingScope>;

/** `GET /meetings` query: `status` may list several statuses separated by commas. */
export const MeetingListQuery = z.object({
  scope: MeetingScope.default('all'),
  status: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(MeetingStatus))
    .optional(),
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  q: QueryText(200).optional(),
  kind: MeetingKind.optional(),
  limit: Page.shape.limit,
  offset: Page.shape.offset,
});
export type MeetingListQuery = z.infer<typeof MeetingListQuery>;

/** A meeting in a list, with counts and the caller's role in it. */
export const MeetingSummary = Meeting.extend({
  participantCount: z.number().int().min(0),
  documentCount: z.number().int().min(0),
  myRole: MeetingRole.nullable(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

/** `GET /meetings/:id`: the meeting, the caller's role and what the caller may do. */
export const MeetingDetail = z.object({
  meeting: Meeting,
  myRole: MeetingRole.nullable(),
  can: z.object({ edit: z.boolean() }),
});
export type MeetingDetail = z.infer<typeof MeetingDetail>;

/** `meeting:join` / `meeting:leave` / `invitations:watch`: which meeting the socket follows. */
export const MeetingRefInput = z.strictObject({ meetingId: Id });
export type MeetingRefInput = z.infer<typeof MeetingRefInput>;
