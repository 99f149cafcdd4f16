import { z } from 'zod';
import type { APPROVAL_STATES, ApprovalAction, IssueBlocked } from '../domain/approval.js';
import { Id, OptionalText, Text, Version } from './common.js';
import type { ApprovalHistoryEntry } from './conclusion.js';
import type { SignatureEntry } from './signature.js';

/**
 * The minutes of a meeting (biên bản họp): one Yjs document per meeting, edited live with a
 * ProseMirror (TipTap) editor bound through y-prosemirror. It travels on the annotations'
 * transport (`doc:*` with `layer: 'minutes'` and `documentId` = the meeting's id) and lives in
 * the same document manager; what is not the text (who may write, the lock, named versions) is
 * plain REST state.
 */

/** The root types a minutes update may touch: the editor's fragment (y-prosemirror's default name). */
export const MINUTES_FRAGMENT = 'prosemirror';
export const isMinutesRoot = (name: string): boolean => name === MINUTES_FRAGMENT;

/** Size limits: a stored document above `docBytes` refuses writes. */
export const MINUTES_LIMITS = {
  docBytes: 16 * 1024 * 1024,
  versionName: 120,
  /** Named versions one meeting may keep. */
  versions: 200,
} as const;

/** How a version was made: saved by hand ("Lưu phiên bản") or when the minutes were locked. */
export const MinutesVersionKind = z.enum(['manual', 'lock']);
export type MinutesVersionKind = z.infer<typeof MinutesVersionKind>;

/** A named snapshot of the minutes, as listed. */
export const MinutesVersion = z.object({
  id: Id,
  meetingId: Id,
  name: z.string(),
  kind: MinutesVersionKind,
  createdBy: Id,
  createdByName: z.string(),
  createdAt: z.string(),
});
export type MinutesVersion = z.infer<typeof MinutesVersion>;

/** The minutes' state around the text, with what the caller may do. */
export interface MinutesState {
  meetingId: string;
  /** When the record was written into the document (null: not yet opened). */
  prefilledAt: string | null;
  /** Participants besides the secretariat may write (the chair's toggle). */
  othersMayEdit: boolean;
  locked: boolean;
  lockedAt: string | null;
  lockedByName: string | null;
  /** The version made when the minutes were locked. */
  lockedVersionId: string | null;
  versions: MinutesVersion[];
  canWrite: boolean;
  /** May turn `othersMayEdit` on and off (the chair; an administrator). */
  canAllowOthers: boolean;
  /** May lock and reopen (the secretariat and the chair). */
  canLock: boolean;
  /** The minutes as an official document (biên bản): approval, signatures, issue. */
  approval: MinutesApproval;
}

/**
 * The minutes as an official document in the Decree 30 form, drawn from the locked text: drafted
 * and submitted by the secretariat, approved or returned by the chair, signed with PAdES by the
 * secretary and the chair (two signatures), issued into the library read-only. The rules are the
 * shared approval rules (shared/src/domain/approval.ts).
 */
export interface MinutesApproval {
  state: (typeof APPROVAL_STATES)[number];
  version: number;
  /** From the register (BB) once numbered (when the PDF to sign is made, or at issue). */
  number: number | null;
  symbol: string | null;
  /** The signatures made so far (the secretary's and the chair's), in order. */
  signatures: SignatureEntry[];
  /** The signed PDF's hash once both have signed. */
  signed: { at: string; by: string; sha256: string } | null;
  /** The read-only PDF in the meeting's library, once issued. */
  documentId: string | null;
  issuedAt: string | null;
  history: ApprovalHistoryEntry[];
  /** The moves the caller may make now (`sign`: the signing page). */
  actions: ApprovalAction[];
  /** For a drafter of approved minutes: the signatures "Ban hành" still waits for; else null. */
  issueBlocked: IssueBlocked | null;
}

/** Moves made through REST (signing is the signature step's). */
export const MINUTES_REST_ACTIONS = [
  'submit',
  'withdraw',
  'return',
  'approve',
  'issue',
  // Retired (issued means signed): still accepted by the schema and refused with 409.
  'issueUnsigned',
] as const;

/** `POST /meetings/:id/minutes/approval`: one move of the minutes' approval, on the version read. */
export const MinutesApprovalInput = z.strictObject({
  action: z.enum(MINUTES_REST_ACTIONS),
  version: Version,
  comment: OptionalText(2000, { multiline: true }),
});
export type MinutesApprovalInput = z.infer<typeof MinutesApprovalInput>;

/** One version's text, rendered from its snapshot (a line per paragraph, heading, list item or row). */
export interface MinutesVersionText {
  version: MinutesVersion;
  text: string;
}

export const MinutesParams = z.object({ id: Id });
export const MinutesVersionParams = z.object({ id: Id, versionId: Id });

/** `PUT /meetings/:id/minutes/settings`: the chair lets other participants write, or not. */
export const MinutesSettingsInput = z.strictObject({ othersMayEdit: z.boolean() });
export type MinutesSettingsInput = z.infer<typeof MinutesSettingsInput>;

/** `POST /meetings/:id/minutes/versions`: "Lưu phiên bản" with a name. */
export const MinutesVersionCreateInput = z.strictObject({ name: Text(MINUTES_LIMITS.versionName) });
export type MinutesVersionCreateInput = z.infer<typeof MinutesVersionCreateInput>;

/** `POST /meetings/:id/minutes/lock`: lock for signing; the name of the version kept. */
export const MinutesLockInput = z.strictObject({
  name: Text(MINUTES_LIMITS.versionName).optional(),
});
export type MinutesLockInput = z.infer<typeof MinutesLockInput>;

/** `minutes:changed` to `meeting:<id>`: the lock or the toggle changed; clients re-join the document. */
export interface MinutesChanged {
  meetingId: string;
  locked: boolean;
  othersMayEdit: boolean;
}
