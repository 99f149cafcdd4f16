import type { ApprovalHistoryEntry, ApprovalState } from '@icabinet/shared';

/**
 * Conclusions per agenda item and the meeting's conclusion notice (its approval state). Both are
 * written with the version the caller read: a stale one fails with `VersionConflictError`, so two
 * editors never overwrite each other silently.
 */

export interface ConclusionRecord {
  id: string;
  meetingId: string;
  agendaItemId: string;
  /** In order; each point keeps its id for good. */
  points: { id: string; text: string }[];
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ConclusionNoticeRecord {
  meetingId: string;
  state: ApprovalState;
  version: number;
  /** The signed PDF (content address in the blob store), once the signature step attached it. */
  signed: { at: string; by: string; sha256: string } | null;
  /** The read-only document in the meeting's library, once issued. */
  documentId: string | null;
  issuedAt: string | null;
  history: ApprovalHistoryEntry[];
  updatedAt: string;
}

export interface ConclusionsRepo {
  /** The meeting's conclusions, in no particular order (the agenda orders them). */
  listByMeeting(meetingId: string): Promise<ConclusionRecord[]>;
  get(meetingId: string, agendaItemId: string): Promise<ConclusionRecord | null>;
  /**
   * Stores `record` (its `version` is the new one): inserted when `expectedVersion` is 0, else
   * updated only while the stored version equals `expectedVersion`. `VersionConflictError`
   * otherwise (also when an insert finds a row already there), `RecordNotFoundError` for an
   * unknown meeting or agenda item.
   */
  save(record: ConclusionRecord, expectedVersion: number): Promise<ConclusionRecord>;
  getNotice(meetingId: string): Promise<ConclusionNoticeRecord | null>;
  /** The same rules as `save`, for the notice (version 0: none stored yet). */
  saveNotice(record: ConclusionNoticeRecord, expectedVersion: number): Promise<ConclusionNoticeRecord>;
}
