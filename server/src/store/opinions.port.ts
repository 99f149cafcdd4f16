import type { OpinionAnswer, OpinionRequest, OpinionRecipient, OpinionResponse } from '@icabinet/shared';

/**
 * Written opinions between meetings (lấy ý kiến bằng phiếu): a request (a draft document, its
 * questions, a deadline, a majority rule) and one recipient per member asked, holding the
 * member's answers and the secretariat's responses to their comments.
 */
export type OpinionRequestRecord = OpinionRequest;

/** A stored recipient: the wire shape without the derived state, plus the sha256 of the personal link. */
export interface OpinionRecipientRecord extends Omit<OpinionRecipient, 'state'> {
  tokenHash: string;
  createdAt: string;
}

export type OpinionRequestPatch = Partial<Pick<OpinionRequest, 'status' | 'sentAt'>>;

/** What editing a draft may change. */
export type OpinionDraftFields = Pick<
  OpinionRequest,
  'documentId' | 'title' | 'note' | 'deadline' | 'rule' | 'questions'
>;

export interface OpinionsRepo {
  /** Stores a request with its recipients, all or none. */
  create(request: OpinionRequestRecord, recipients: OpinionRecipientRecord[]): Promise<void>;
  getById(id: string): Promise<OpinionRequestRecord | null>;
  /** A meeting's requests, newest first. */
  listByMeeting(meetingId: string): Promise<OpinionRequestRecord[]>;
  /**
   * Applies the patch if the stored version equals `expectedVersion` (else
   * `VersionConflictError`), bumping the version.
   */
  update(
    id: string,
    patch: OpinionRequestPatch,
    expectedVersion: number,
    now: string,
  ): Promise<OpinionRequestRecord>;
  /**
   * Rewrites a draft's content and replaces its recipients, all or none, if the request is still a
   * draft at `expectedVersion` (else `VersionConflictError`; `RecordNotFoundError` if gone).
   */
  replaceDraft(
    id: string,
    fields: OpinionDraftFields,
    recipients: OpinionRecipientRecord[],
    expectedVersion: number,
    now: string,
  ): Promise<OpinionRequestRecord>;
  /** Deletes a draft with its recipients, under the same conditions as `replaceDraft`. */
  removeDraft(id: string, expectedVersion: number): Promise<void>;
  /** A request's recipients, in the order they were added. */
  recipients(requestId: string): Promise<OpinionRecipientRecord[]>;
  getRecipient(id: string): Promise<OpinionRecipientRecord | null>;
  getRecipientByTokenHash(tokenHash: string): Promise<OpinionRecipientRecord | null>;
  /** Every recipient record of a user (across requests), newest first. */
  listRecipientsByUser(userId: string): Promise<OpinionRecipientRecord[]>;
  /** Replaces a recipient's answers (the last sent stands). */
  saveAnswers(
    recipientId: string,
    answers: OpinionAnswer[],
    answeredAt: string,
    via: 'link' | 'app',
  ): Promise<OpinionRecipientRecord>;
  /** Sets (or, with null, removes) the response to the recipient's comment on one question. */
  setResponse(
    recipientId: string,
    questionId: string,
    response: OpinionResponse | null,
  ): Promise<OpinionRecipientRecord>;
}
