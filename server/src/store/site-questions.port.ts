import type { SiteQuestionKind, SiteQuestionStatus } from '@icabinet/shared';

/** One question (or raised hand) from a site in an online briefing, as stored. */
export interface SiteQuestionRecord {
  id: string;
  meetingId: string;
  siteId: string;
  /** 1, 2, 3 … in arrival order within the meeting; unique per meeting (`DuplicateKeyError('number')`). */
  number: number;
  kind: SiteQuestionKind;
  text: string | null;
  status: SiteQuestionStatus;
  askedBy: string;
  askedAt: string;
  answer: string | null;
  /** Who answered, dismissed, gave or ended the floor, or withdrew it. */
  closedBy: string | null;
  floorAt: string | null;
  closedAt: string | null;
  version: number;
}

export type SiteQuestionPatch = Partial<
  Pick<SiteQuestionRecord, 'status' | 'answer' | 'closedBy' | 'floorAt' | 'closedAt'>
>;

/**
 * Questions from sites. At most one question of a meeting has the floor (`status = 'floor'`):
 * a second one is refused with `DuplicateKeyError('floor')`.
 */
export interface SiteQuestionsRepo {
  create(question: SiteQuestionRecord): Promise<void>;
  getById(id: string): Promise<SiteQuestionRecord | null>;
  /** The meeting's questions in arrival order (by `number`). */
  listByMeeting(meetingId: string): Promise<SiteQuestionRecord[]>;
  /** The highest `number` used in the meeting (0: none yet). */
  lastNumber(meetingId: string): Promise<number>;
  /** Applies the patch if the stored version is `expectedVersion` (`VersionConflictError` otherwise), bumping it. */
  update(id: string, patch: SiteQuestionPatch, expectedVersion: number): Promise<SiteQuestionRecord>;
}
