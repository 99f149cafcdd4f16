import type { MajorityRule } from './majority.js';
import { tally } from './majority.js';
import type {
  OpinionChoice,
  OpinionQuestion,
  OpinionQuestionResult,
  OpinionRecipientState,
} from '../schemas/opinion.js';

/** What a choice means to the majority rules: "agree" is for, "disagree" against, "other" abstains. */
const OPTIONS = [
  { id: 'agree', meaning: 'for' },
  { id: 'disagree', meaning: 'against' },
  { id: 'other', meaning: 'abstain' },
] as const;

/**
 * The result of each question under the request's rule (shared/src/domain/majority.ts): every
 * member asked counts as a member; each answer is a ballot cast; members without an answer
 * are "not answered" (against, under the members-based rules).
 */
export function opinionResults(
  rule: MajorityRule,
  questions: readonly OpinionQuestion[],
  recipients: readonly { answers: readonly { questionId: string; choice: OpinionChoice }[] }[],
): OpinionQuestionResult[] {
  return questions.map((q) => {
    const ballots = recipients.flatMap((r) => {
      const a = r.answers.find((x) => x.questionId === q.id);
      return a ? [[a.choice]] : [];
    });
    const result = tally({
      rule,
      options: OPTIONS,
      maxChoices: 1,
      members: recipients.length,
      entitled: recipients.length,
      ballots,
    });
    const count = (id: OpinionChoice) => result.counts.find((c) => c.id === id)?.count ?? 0;
    return {
      questionId: q.id,
      agree: count('agree'),
      disagree: count('disagree'),
      other: count('other'),
      notAnswered: result.notVoted,
      required: result.required,
      base: result.base,
      verdict: result.verdict === 'passed' ? 'passed' : 'rejected',
    };
  });
}

/** Answered, still to answer, or past the deadline without an answer. */
export function recipientState(
  answeredAt: string | null,
  deadline: string,
  now: Date,
): OpinionRecipientState {
  if (answeredAt) return 'answered';
  return Date.parse(deadline) <= now.getTime() ? 'overdue' : 'pending';
}
