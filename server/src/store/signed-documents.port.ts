import type { SignableDocumentType, SignatureEntry } from '@icabinet/shared';

/**
 * Digitally signed official documents: the PDF exactly as signed (the bytes are the signature's
 * subject, so they are stored as they are and never rewritten), and who signed it. Each
 * signature makes a new revision; a signature is added to the revision it was made on or not at all.
 */
export interface SignedDocumentRecord {
  meetingId: string;
  type: SignableDocumentType;
  fileName: string;
  pdf: Buffer;
  /** 1 after the first signature, one more with each. */
  revision: number;
  signatures: SignatureEntry[];
  /** Where the first signature's block was drawn (JSON: page, x, y, width, height). */
  area: { page: number; x: number; y: number; width: number; height: number };
  updatedAt: string;
}

export interface SignedDocumentsRepo {
  get(meetingId: string, type: SignableDocumentType): Promise<SignedDocumentRecord | null>;
  /**
   * Stores `record` as revision `record.revision` when the stored one is `record.revision - 1`
   * (none for 1); answers false, storing nothing, when another signature came first.
   * `RecordNotFoundError('meeting')` for an unknown meeting.
   */
  save(record: SignedDocumentRecord): Promise<boolean>;
}
