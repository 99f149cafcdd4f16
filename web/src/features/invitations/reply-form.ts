import { z } from 'zod';
import { ReplyInput } from '@icabinet/shared';
import { refineAsBody, validateWith } from '../../lib/form';
import type { FormErrors } from '../../lib/validation';

/** The three answers to an invitation. */
export type Answer = ReplyInput['answer'];

/** The reply form as its inputs hold it (strings). */
export interface ReplyFormValues {
  answer: Answer;
  reason: string;
  deputyName: string;
  deputyTitle: string;
  deputyEmail: string;
  deputyPhone: string;
}

export type ReplyFormField = Exclude<keyof ReplyFormValues, 'answer'>;

/** A blank reply with the given answer preselected. */
export function emptyReply(answer: Answer): ReplyFormValues {
  return { answer, reason: '', deputyName: '', deputyTitle: '', deputyEmail: '', deputyPhone: '' };
}

// The server names fields by their place in the body ("deputy.email"); the form by its inputs.
export const REPLY_FIELDS: Record<string, ReplyFormField> = {
  reason: 'reason',
  'deputy.fullName': 'deputyName',
  'deputy.title': 'deputyTitle',
  'deputy.email': 'deputyEmail',
  'deputy.phone': 'deputyPhone',
};

/**
 * The reply form's rules are the server's (shared `ReplyInput` on the body the form would send):
 * a decline needs a reason; a deputy needs a name, and a contact, when given, must be a real
 * e-mail address or phone number.
 */
export const ReplyForm = z
  .object({
    answer: z.enum(['attend', 'decline', 'deputy']),
    reason: z.string(),
    deputyName: z.string(),
    deputyTitle: z.string(),
    deputyEmail: z.string(),
    deputyPhone: z.string(),
  })
  .superRefine(refineAsBody((v: ReplyFormValues) => toReplyBody(v), ReplyInput, REPLY_FIELDS));

/** Checks a reply with the server's rules. */
export function validateReply(v: ReplyFormValues): FormErrors<ReplyFormField> {
  return validateWith<ReplyFormField>(ReplyForm, v);
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The POST /api/invitations/:id/reply body. */
export function toReplyBody(v: ReplyFormValues): ReplyInput {
  if (v.answer === 'attend') return { answer: 'attend' };
  if (v.answer === 'decline') return { answer: 'decline', reason: v.reason.trim() };
  return {
    answer: 'deputy',
    deputy: {
      fullName: v.deputyName.trim(),
      title: orNull(v.deputyTitle),
      email: orNull(v.deputyEmail),
      phone: orNull(v.deputyPhone),
    },
    reason: orNull(v.reason),
  };
}
