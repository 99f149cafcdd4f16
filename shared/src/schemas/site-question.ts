import { z } from 'zod';
import { Id, MultilineText } from './common.js';

/**
 * Questions from sites (câu hỏi từ điểm cầu) in an online briefing: a site's operator raises a
 * hand for the site or sends a written question; the chair's moderator queue takes them in arrival
 * order and gives the floor to a site, answers in writing, or dismisses; the operator may withdraw.
 */

/** The longest written question or written answer. */
export const QUESTION_MAX = 1000;
/** How many questions one site may have waiting at once (a hand counts as one). */
export const QUESTIONS_OPEN_PER_SITE = 5;

export const SiteQuestionKind = z.enum(['hand', 'written']);
export type SiteQuestionKind = z.infer<typeof SiteQuestionKind>;

/**
 * `waiting` in the queue; `floor`: the site is speaking now (at most one per meeting); then
 * `answered` (in writing), `spoken` (its floor ended), `dismissed` by the chair, `withdrawn` by
 * the site.
 */
export const SiteQuestionStatus = z.enum([
  'waiting',
  'floor',
  'answered',
  'spoken',
  'dismissed',
  'withdrawn',
]);
export type SiteQuestionStatus = z.infer<typeof SiteQuestionStatus>;

/** Statuses still in the queue. */
export const OPEN_QUESTION_STATUSES: readonly SiteQuestionStatus[] = ['waiting', 'floor'];

/** One question as the moderator queue and the site's screen show it. */
export interface SiteQuestion {
  id: string;
  meetingId: string;
  siteId: string;
  /** 1, 2, 3 … in arrival order within the meeting. */
  number: number;
  kind: SiteQuestionKind;
  /** The written question (null for a raised hand). */
  text: string | null;
  status: SiteQuestionStatus;
  siteName: string;
  siteCode: string;
  /** The district the site belongs to (itself for a district; null for the city's own site). */
  districtName: string | null;
  /** The site's video-conference room (highlighted for the chair while the site has the floor). */
  conferenceUrl: string | null;
  askedByName: string;
  askedAt: string;
  /** The chair's written answer. */
  answer: string | null;
  /** When the site was given the floor (status `floor`, then `spoken`). */
  floorAt: string | null;
  /** When it left the queue (answered, spoken, dismissed, withdrawn). */
  closedAt: string | null;
  version: number;
}

/** The site that has the floor now, for the chair, the display and every site's screen. */
export interface BriefingFloor {
  questionId: string;
  siteId: string;
  siteName: string;
  districtName: string | null;
  conferenceUrl: string | null;
  since: string;
}

/** `question:ask`: a site raises a hand or sends a written question. */
export const QuestionAskInput = z.discriminatedUnion('kind', [
  z.strictObject({ meetingId: Id, siteId: Id, kind: z.literal('hand') }),
  z.strictObject({
    meetingId: Id,
    siteId: Id,
    kind: z.literal('written'),
    text: MultilineText(QUESTION_MAX),
  }),
]);
export type QuestionAskInput = z.infer<typeof QuestionAskInput>;

/** `question:withdraw`: the site takes its question (or its hand) back. */
export const QuestionWithdrawInput = z.strictObject({ meetingId: Id, questionId: Id });
export type QuestionWithdrawInput = z.infer<typeof QuestionWithdrawInput>;

/** `question:follow`: a site's screen follows its own questions and who has the floor. */
export const QuestionFollowInput = z.strictObject({ meetingId: Id, siteId: Id });
export type QuestionFollowInput = z.infer<typeof QuestionFollowInput>;

/**
 * `question:moderate`: the chair gives the floor to the question's site, answers in writing,
 * dismisses it, or ends the current floor.
 */
export const QuestionModerateInput = z.discriminatedUnion('action', [
  z.strictObject({ meetingId: Id, action: z.literal('floor'), questionId: Id }),
  z.strictObject({
    meetingId: Id,
    action: z.literal('answer'),
    questionId: Id,
    text: MultilineText(QUESTION_MAX),
  }),
  z.strictObject({ meetingId: Id, action: z.literal('dismiss'), questionId: Id }),
  z.strictObject({ meetingId: Id, action: z.literal('endFloor') }),
]);
export type QuestionModerateInput = z.infer<typeof QuestionModerateInput>;

/** The moderator queue: every question of the meeting in arrival order, and the floor. */
export interface QuestionQueue {
  meetingId: string;
  questions: SiteQuestion[];
  floor: BriefingFloor | null;
}

/** `briefing:floor` to every site's screen: who has the floor now (null: nobody). */
export interface FloorChanged {
  meetingId: string;
  floor: BriefingFloor | null;
}
