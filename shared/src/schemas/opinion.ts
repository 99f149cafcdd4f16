import { z } from 'zod';
import { MAJORITY_RULES, type MajorityRule } from '../domain/majority.js';
import { Id, IsoDateTime, MultilineText, OptionalText, Text, Version } from './common.js';

/**
 * Written opinions between meetings (lấy ý kiến thành viên bằng phiếu): the secretariat sends a
 * draft document with questions to members, who answer each question agree / disagree / other
 * with a comment, before a deadline; the secretariat then answers each comment (tiếp thu, giải
 * trình) and exports the summary.
 */

export const OPINION_CHOICES = ['agree', 'disagree', 'other'] as const;
export const OpinionChoice = z.enum(OPINION_CHOICES);
export type OpinionChoice = z.infer<typeof OpinionChoice>;

export const OPINION_STATUSES = ['draft', 'sent'] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

/** Limits: a question, a member's comment, the secretariat's response. */
export const OPINION_LIMITS = {
  title: 300,
  note: 2000,
  question: 1000,
  questions: 30,
  recipients: 300,
  comment: 2000,
  response: 4000,
} as const;

export const OpinionRuleSchema = z.enum(MAJORITY_RULES);

/** `POST /meetings/:id/opinions`: a draft request. Questions and members may still be empty. */
export const OpinionCreateInput = z.strictObject({
  title: Text(OPINION_LIMITS.title),
  /** The draft the members read: a document of the meeting. */
  documentId: Id,
  note: OptionalText(OPINION_LIMITS.note, { multiline: true }),
  deadline: IsoDateTime,
  rule: OpinionRuleSchema.default('members'),
  questions: z.array(MultilineText(OPINION_LIMITS.question)).max(OPINION_LIMITS.questions),
  /** Participants of the meeting who are asked. */
  participantIds: z.array(Id).max(OPINION_LIMITS.recipients),
});
export type OpinionCreateInput = z.infer<typeof OpinionCreateInput>;

/** A draft's new content, with the version the secretary read (a draft edited meanwhile is a 409). */
export const OpinionUpdateInput = OpinionCreateInput.extend({ version: Version });
export type OpinionUpdateInput = z.infer<typeof OpinionUpdateInput>;

/** Deleting a draft names the version the secretary read. */
export const OpinionDeleteQuery = z.object({ version: z.coerce.number().int().min(0) });
export type OpinionDeleteQuery = z.infer<typeof OpinionDeleteQuery>;

/** One answer: a choice and an optional comment. */
export const OpinionAnswerItem = z.strictObject({
  questionId: Id,
  choice: OpinionChoice,
  comment: OptionalText(OPINION_LIMITS.comment, { multiline: true }),
});
export type OpinionAnswerItem = z.infer<typeof OpinionAnswerItem>;

/** A member's answers to every question of a request (the last sent stands until the deadline). */
export const OpinionAnswerInput = z.strictObject({
  answers: z.array(OpinionAnswerItem).min(1).max(OPINION_LIMITS.questions),
});
export type OpinionAnswerInput = z.infer<typeof OpinionAnswerInput>;

/** The secretariat's response (tiếp thu, giải trình) to one member's comment on one question; null clears it. */
export const OpinionResponseInput = z.strictObject({
  recipientId: Id,
  questionId: Id,
  response: OptionalText(OPINION_LIMITS.response, { multiline: true }),
});
export type OpinionResponseInput = z.infer<typeof OpinionResponseInput>;

export interface OpinionQuestion {
  id: string;
  text: string;
}

export interface OpinionAnswer {
  questionId: string;
  choice: OpinionChoice;
  comment: string | null;
}

/** The secretariat's response to one comment. */
export interface OpinionResponse {
  questionId: string;
  text: string;
  by: string;
  byName: string;
  at: string;
}

export interface OpinionRequest {
  id: string;
  meetingId: string;
  documentId: string;
  title: string;
  note: string | null;
  deadline: string;
  rule: MajorityRule;
  status: OpinionStatus;
  questions: OpinionQuestion[];
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
  updatedAt: string;
  version: number;
}

/** Where a member stands: answered, still to answer, or past the deadline without an answer. */
export type OpinionRecipientState = 'answered' | 'pending' | 'overdue';

export interface OpinionRecipient {
  id: string;
  requestId: string;
  participantId: string;
  userId: string | null;
  name: string;
  title: string | null;
  email: string | null;
  answers: OpinionAnswer[];
  responses: OpinionResponse[];
  answeredAt: string | null;
  /** How the last answer came: by the personal link or in the app. */
  answeredVia: 'link' | 'app' | null;
  state: OpinionRecipientState;
}

/** A request in a list, with how far the answers are. */
export interface OpinionSummary extends OpinionRequest {
  documentTitle: string | null;
  recipients: number;
  answered: number;
  overdue: number;
}

/** Counts per choice of one question and its verdict under the request's rule. */
export interface OpinionQuestionResult {
  questionId: string;
  agree: number;
  disagree: number;
  other: number;
  notAnswered: number;
  /** The smallest number of "agree" that meets the rule, against `base`. */
  required: number;
  base: number;
  verdict: 'passed' | 'rejected';
}

/** The consolidated table: the request, every member's answers, and the result per question. */
export interface OpinionDetail {
  request: OpinionSummary;
  recipients: OpinionRecipient[];
  results: OpinionQuestionResult[];
  /** True once the deadline has passed (answers are final). */
  closed: boolean;
}

/** What a member sees of a request addressed to them (the inbox and the answer form). */
export interface MyOpinionRequest {
  request: OpinionSummary;
  recipient: OpinionRecipient;
  meetingTitle: string;
  open: boolean;
}
