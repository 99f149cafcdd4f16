import type { MinutesVersion } from '@icabinet/shared';
import type { ConclusionNoticeRecord } from './conclusions.port.js';

/**
 * The minutes of a meeting around their text: whether the record was written in, who may write,
 * the lock, and named versions (each a snapshot of the Yjs document and its rendered text). The
 * text itself is a Yjs document in the annotations' update store (`AnnotationsRepo`, document id
 * = the meeting's id, layer `minutes`), so it shares the document manager's load, append and compaction.
 */
export interface MinutesRecord {
  meetingId: string;
  prefilledAt: string | null;
  othersMayEdit: boolean;
  lockedAt: string | null;
  lockedBy: string | null;
  lockedByName: string | null;
  lockedVersionId: string | null;
  updatedAt: string;
}

/** A stored version: the listed fields, the document's state (Y.encodeStateAsUpdate) and its text. */
export interface MinutesVersionRecord extends MinutesVersion {
  state: Uint8Array;
  text: string;
}

/**
 * The minutes' approval as an official document (biên bản): the same record as the conclusion
 * notice's (state, version, signed PDF, library document, history), one per meeting.
 */
export type MinutesApprovalRecord = ConclusionNoticeRecord;

export interface MinutesRepo {
  /** The meeting's record, or null when the minutes were never opened. */
  get(meetingId: string): Promise<MinutesRecord | null>;
  /**
   * Marks the minutes prefilled (creating the record if needed). Atomic: of concurrent callers,
   * exactly one gets true; every later one false. `RecordNotFoundError('meeting')` for an unknown meeting.
   */
  claimPrefill(meetingId: string, at: string): Promise<boolean>;
  /** Takes a claim back (the prefill could not be stored), so the next opening tries again. */
  releasePrefill(meetingId: string): Promise<void>;
  /** Sets the chair's toggle (creating the record if needed) and returns the record. */
  setOthersMayEdit(meetingId: string, value: boolean, at: string): Promise<MinutesRecord>;
  /**
   * Stores the version and locks the minutes with it, in one unit; false (and nothing stored)
   * when they were locked already.
   */
  lock(version: MinutesVersionRecord, at: string): Promise<boolean>;
  /** Unlocks; false when they were not locked. The locked version stays. */
  reopen(meetingId: string, at: string): Promise<boolean>;
  addVersion(version: MinutesVersionRecord): Promise<void>;
  /** The meeting's versions without their state or text, oldest first. */
  listVersions(meetingId: string): Promise<MinutesVersion[]>;
  getVersion(meetingId: string, versionId: string): Promise<MinutesVersionRecord | null>;
  /** The minutes' approval, or null before its first move. */
  getApproval(meetingId: string): Promise<MinutesApprovalRecord | null>;
  /**
   * Stores the approval (its `version` is the new one): inserted when `expectedVersion` is 0,
   * else updated only while the stored version equals it; `VersionConflictError` otherwise,
   * `RecordNotFoundError('meeting')` for an unknown meeting.
   */
  saveApproval(record: MinutesApprovalRecord, expectedVersion: number): Promise<MinutesApprovalRecord>;
}
