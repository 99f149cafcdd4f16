import type { ReplyInput } from '@icabinet/shared';
import { checkEmail, checkPhone, checkText, compact, type FormErrors } from '../../lib/validation';

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

/**
 * Checks a reply with the server's rules (shared schemas): a decline needs a reason; a deputy
 * needs a name, and a contact, when given, must be a real e-mail address or phone number.
 */
export function validateReply(v: ReplyFormValues): FormErrors<ReplyFormField> {
  const deputy = v.answer === 'deputy';
  return compact<ReplyFormField>({
    reason:
      v.answer === 'decline'
        ? checkText(v.reason, 1000)
        : deputy
          ? checkText(v.reason, 1000, false)
          : undefined,
    deputyName: deputy ? checkText(v.deputyName, 120) : undefined,
    deputyTitle: deputy ? checkText(v.deputyTitle, 200, false) : undefined,
    deputyEmail: deputy ? checkEmail(v.deputyEmail) : undefined,
    deputyPhone: deputy ? checkPhone(v.deputyPhone) : undefined,
  });
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
