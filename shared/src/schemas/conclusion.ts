import { z } from 'zod';
import {
  APPROVAL_ACTIONS,
  APPROVAL_STATES,
  type ApprovalAction,
  type IssueBlocked,
} from '../domain/approval.js';
import { Id, IsoDateTime, MultilineText, OptionalText, Version } from './common.js';

/**
 * Conclusions per agenda item (kết luận) and the conclusion notice (thông báo kết luận) that
 * carries them. A conclusion is a numbered list of points; each point keeps its id when it is
 * edited or moved, so tasks made from a point later keep pointing at it.
 */

export const CONCLUSION_LIMITS = { point: 2000, points: 50, comment: 2000 } as const;

export const ConclusionPoint = z.object({ id: Id, text: z.string() });
export type ConclusionPoint = z.infer<typeof ConclusionPoint>;

/** The conclusions of one agenda item. */
export const Conclusion = z.object({
  id: Id,
  meetingId: Id,
  agendaItemId: Id,
  points: z.array(ConclusionPoint),
  /** Starts at 1; each save adds one. */
  version: Version,
  updatedAt: IsoDateTime,
  updatedBy: Id,
});
export type Conclusion = z.infer<typeof Conclusion>;

/**
 * `PUT /meetings/:id/conclusions/:itemId`: the whole list in its new order. A point sent with its
 * `id` keeps it (edited or moved); a point without one is new. `version` is the one read (0 when
 * the item had no conclusions yet): a save on a stale version is refused with 409.
 */
export const ConclusionPutInput = z.strictObject({
  version: Version,
  points: z
    .array(z.strictObject({ id: Id.optional(), text: MultilineText(CONCLUSION_LIMITS.point) }))
    .min(1)
    .max(CONCLUSION_LIMITS.points),
});
export type ConclusionPutInput = z.infer<typeof ConclusionPutInput>;

export const ApprovalStateSchema = z.enum(APPROVAL_STATES);

/** One move of the notice's approval, kept in order. */
export const ApprovalHistoryEntry = z.object({
  action: z.enum(APPROVAL_ACTIONS),
  from: ApprovalStateSchema,
  to: ApprovalStateSchema,
  by: Id,
  byName: z.string(),
  at: IsoDateTime,
  comment: z.string().nullable(),
});
export type ApprovalHistoryEntry = z.infer<typeof ApprovalHistoryEntry>;

/** The meeting's conclusion notice: where it stands in the approval flow, and what the caller may do. */
export interface ConclusionNotice {
  meetingId: string;
  state: (typeof APPROVAL_STATES)[number];
  version: number;
  /** From the register once the notice is numbered (at issue, or when the PDF to sign is made). */
  number: number | null;
  symbol: string | null;
  numberedAt: string | null;
  /** The signed PDF's hash and who attached it, once signed. */
  signed: { at: string; by: string; sha256: string } | null;
  /** The read-only PDF in the meeting's document library, once issued. */
  documentId: string | null;
  issuedAt: string | null;
  history: ApprovalHistoryEntry[];
  /** The moves the caller may make now. */
  actions: ApprovalAction[];
  /** For a drafter of an approved notice: the signature "Ban hành" still waits for; else null. */
  issueBlocked: IssueBlocked | null;
  /** Whether the caller may edit the conclusions now. */
  canEdit: boolean;
}

/** Moves made through REST. Signing is the signature step's (it attaches the signed PDF). */
export const NOTICE_REST_ACTIONS = [
  'submit',
  'withdraw',
  'return',
  'approve',
  'issue',
  // Retired (issued means signed): still accepted by the schema and refused with 409.
  'issueUnsigned',
] as const;

/** `POST /meetings/:id/conclusions/notice`: one move of the approval, on the version read. */
export const NoticeActionInput = z.strictObject({
  action: z.enum(NOTICE_REST_ACTIONS),
  version: Version,
  comment: OptionalText(CONCLUSION_LIMITS.comment, { multiline: true }),
});
export type NoticeActionInput = z.infer<typeof NoticeActionInput>;

/** `GET /meetings/:id/conclusions`. */
export interface ConclusionsView {
  items: Conclusion[];
  notice: ConclusionNotice;
}
