import type { DocumentClassification, MeetingDocument } from '@icabinet/shared';

/**
 * A stored document version. `chainId` is the id of the chain's first version: every version of
 * one document shares it, and at most one version per chain is `latest`.
 */
export type DocumentRecord = MeetingDocument & { chainId: string };

export type DocumentPatch = Partial<{
  name: string;
  agendaItemId: string | null;
  classification: DocumentClassification;
}>;

export interface DocumentListOptions {
  /** Every version instead of only the latest of each chain. */
  all?: boolean;
}

export interface DocumentsRepo {
  /** Inserts a first version (versionNo 1, latest, chainId = id). */
  create(doc: DocumentRecord): Promise<DocumentRecord>;
  /**
   * Inserts `doc` as the new latest version of its chain and marks the version it replaces
   * (`doc.previousId`) as no longer latest, in one step. Fails with `VersionConflictError`
   * when that version is not the latest any more (someone replaced it first).
   */
  addVersion(doc: DocumentRecord, now: string): Promise<DocumentRecord>;
  getById(id: string): Promise<DocumentRecord | null>;
  /** A meeting's documents, oldest first; only latest versions unless `all`. */
  listByMeeting(meetingId: string, options?: DocumentListOptions): Promise<DocumentRecord[]>;
  /** Number of documents (latest versions) of a meeting. */
  countByMeeting(meetingId: string): Promise<number>;
  /** Number of documents (latest versions) of each of these meetings (0 for one without any), in one query. */
  countByMeetings(meetingIds: string[]): Promise<Map<string, number>>;
  /** Every version of a chain, oldest first. */
  listChain(chainId: string): Promise<DocumentRecord[]>;
  /** Applies a metadata patch if the stored version equals `expectedVersion`; bumps the version. */
  update(id: string, patch: DocumentPatch, expectedVersion: number, now: string): Promise<DocumentRecord>;
  /** Deletes every version of a chain; returns the deleted records. */
  removeChain(chainId: string): Promise<DocumentRecord[]>;
  /** Unlinks the documents of an agenda item that is deleted (they stay in the meeting). */
  unlinkAgendaItem(agendaItemId: string, now: string): Promise<number>;
  /** How many versions (in any meeting) use this content. */
  countBySha(sha256: string): Promise<number>;
  /** Documents (latest versions) across all meetings, for monitoring. */
  countAllLatest(): Promise<number>;
  /** Stores the text of each page of a content (once per sha256; a second put replaces it). */
  putText(sha256: string, pages: string[]): Promise<void>;
  getText(sha256: string): Promise<string[] | null>;
  removeText(sha256: string): Promise<void>;
}
