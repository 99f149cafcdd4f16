/**
 * Official documents a meeting issues in the form of Decree 30/2020/NĐ-CP (Nghị định về công tác
 * văn thư), and the number register they draw their numbers from. The register keeps one
 * sequence per document type and calendar year: numbers start at 1 on 1 January and are never
 * handed out twice, also when several publications ask at the same moment.
 */

/**
 * The kinds of document with a register: the invitation (giấy mời, GM) and the conclusion notice
 * (thông báo kết luận, TB), the minutes (biên bản, BB).
 */
export type OfficialDocumentType = 'invitation' | 'conclusion_notice' | 'minutes';

/** One issued document: its number is fixed for good once stored. */
export interface OfficialDocumentRecord {
  meetingId: string;
  type: OfficialDocumentType;
  /** The register's year (the issuing date's year in Vietnam). */
  year: number;
  number: number;
  /** The symbol after the number, e.g. `GM-UBND` (Số: 15/GM-UBND). */
  symbol: string;
  issuedAt: string;
  issuedBy: string | null;
}

export interface OfficialDocumentsRepo {
  /**
   * The next number of the register (`type`, `year`): 1 for a register never used, then one more
   * each call. Atomic: concurrent calls get distinct numbers; a number once given is never given
   * again, even if its document is never stored.
   */
  nextNumber(type: OfficialDocumentType, year: number): Promise<number>;
  /** The document of this type issued for the meeting, if any. */
  get(meetingId: string, type: OfficialDocumentType): Promise<OfficialDocumentRecord | null>;
  /**
   * Stores an issued document; `DuplicateKeyError('meeting_type')` when the meeting already has
   * one of this type (its number stays), `DuplicateKeyError('number')` when the number is taken,
   * `RecordNotFoundError('meeting')` for an unknown meeting.
   */
  create(record: OfficialDocumentRecord): Promise<OfficialDocumentRecord>;
}
