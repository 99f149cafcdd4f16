import { describe, expect, it } from 'vitest';
import { opinionResults, recipientState } from './opinions.js';

const questions = [
  { id: 'q1', text: 'Phạm vi?' },
  { id: 'q2', text: 'Lộ trình?' },
];
const member = (...choices: ('agree' | 'disagree' | 'other')[]) => ({
  answers: choices.map((choice, i) => ({ questionId: `q${i + 1}`, choice })),
});

describe('written opinion results', () => {
  it('counts "other" as a ballot and members without an answer against, under the members rule', () => {
    const recipients = [
      member('agree', 'agree'),
      member('agree', 'other'),
      member('disagree', 'agree'),
      member(),
    ];
    expect(opinionResults('members', questions, recipients)).toEqual([
      {
        questionId: 'q1',
        agree: 2,
        disagree: 1,
        other: 0,
        notAnswered: 1,
        required: 3,
        base: 4,
        verdict: 'rejected',
      },
      {
        questionId: 'q2',
        agree: 2,
        disagree: 0,
        other: 1,
        notAnswered: 1,
        required: 3,
        base: 4,
        verdict: 'rejected',
      },
    ]);
  });

  it('passes on more than half of the answers under the cast rule, and on more agree than disagree under plurality', () => {
    const recipients = [
      member('agree', 'agree'),
      member('agree', 'other'),
      member('disagree', 'other'),
      member(),
    ];
    expect(opinionResults('cast', questions, recipients).map((r) => [r.base, r.required, r.verdict])).toEqual(
      [
        [3, 2, 'passed'],
        [3, 2, 'rejected'],
      ],
    );
    expect(opinionResults('plurality', questions, recipients).map((r) => r.verdict)).toEqual([
      'passed',
      'passed',
    ]);
  });

  it('needs two thirds of all members under members_two_thirds', () => {
    const three = [member('agree'), member('agree'), member('disagree')];
    expect(opinionResults('members_two_thirds', [questions[0]!], three)[0]).toMatchObject({
      required: 2,
      verdict: 'passed',
    });
  });

  it('tells answered, pending and overdue apart', () => {
    const deadline = '2026-12-08T10:00:00.000Z';
    expect(recipientState('2026-12-07T10:00:00.000Z', deadline, new Date('2026-12-09T00:00:00Z'))).toBe(
      'answered',
    );
    expect(recipientState(null, deadline, new Date('2026-12-08T09:59:59Z'))).toBe('pending');
    expect(recipientState(null, deadline, new Date('2026-12-08T10:00:00Z'))).toBe('overdue');
  });
});
