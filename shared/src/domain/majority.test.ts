import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ballotProblem,
  MAJORITY_RULES,
  meetsMajority,
  requiredVotes,
  tally,
  tallyCounts,
  type CountedOption,
  type MajorityRule,
} from './majority.js';

const MOTION: CountedOption[] = [
  { id: 'yes', meaning: 'for' },
  { id: 'no', meaning: 'against' },
  { id: 'abstain', meaning: 'abstain' },
];

/** Reference: the rule written as the law states it, with division instead of cross-multiplying. */
function referencePasses(
  rule: MajorityRule,
  votesFor: number,
  votesAgainst: number,
  cast: number,
  members: number,
): boolean {
  if (rule === 'plurality') return votesFor > votesAgainst;
  const base = rule === 'cast' ? cast : members;
  if (base === 0) return false;
  return rule === 'members_two_thirds' ? votesFor / base >= 2 / 3 : votesFor / base > 1 / 2;
}

const motion = fc
  .record({
    rule: fc.constantFrom(...MAJORITY_RULES),
    members: fc.integer({ min: 0, max: 60 }),
    split: fc.tuple(fc.nat(60), fc.nat(60), fc.nat(60)),
  })
  .map(({ rule, members, split: [y, n, a] }) => {
    // Never more ballots than members.
    const yes = Math.min(y, members);
    const no = Math.min(n, members - yes);
    const abstain = Math.min(a, members - yes - no);
    return { rule, members, yes, no, abstain };
  });

function ballotsOf(yes: number, no: number, abstain: number): string[][] {
  return [
    ...Array.from({ length: yes }, () => ['yes']),
    ...Array.from({ length: no }, () => ['no']),
    ...Array.from({ length: abstain }, () => ['abstain']),
  ];
}

function run(rule: MajorityRule, members: number, yes: number, no: number, abstain: number) {
  return tally({
    rule,
    options: MOTION,
    maxChoices: 1,
    members,
    entitled: members,
    ballots: ballotsOf(yes, no, abstain),
  });
}

describe('majority rules', () => {
  it('reads the usual cases as the law does', () => {
    // 9 of 15 members for: more than half of all members.
    expect(run('members', 15, 9, 4, 2).verdict).toBe('passed');
    // 8 of 15 for is still more than half; 7 of 15 is not, even if nobody voted against.
    expect(run('members', 15, 8, 0, 0).verdict).toBe('passed');
    expect(run('members', 15, 7, 0, 0).verdict).toBe('rejected');
    // A tie among the ballots cast is not a majority.
    expect(run('cast', 15, 5, 5, 0).verdict).toBe('rejected');
    // Abstentions are ballots cast: 5 for, 3 against, 3 abstaining is 5 of 11, not passed.
    expect(run('cast', 15, 5, 3, 3).verdict).toBe('rejected');
    // Two thirds of 15 is 10.
    expect(run('members_two_thirds', 15, 10, 0, 0).verdict).toBe('passed');
    expect(run('members_two_thirds', 15, 9, 0, 0).verdict).toBe('rejected');
    expect(requiredVotes('members_two_thirds', 15)).toBe(10);
    expect(requiredVotes('members', 15)).toBe(8);
    expect(requiredVotes('members', 14)).toBe(8);
  });

  it('reports the counts the result quotes', () => {
    const r = run('members', 15, 9, 4, 1);
    expect(r).toMatchObject({ base: 15, required: 8, cast: 14, notVoted: 1, members: 15 });
    expect(r.counts).toEqual([
      { id: 'yes', count: 9, selected: true },
      { id: 'no', count: 4, selected: false },
      { id: 'abstain', count: 1, selected: false },
    ]);
  });

  it('matches the reference for any motion', () => {
    fc.assert(
      fc.property(motion, ({ rule, members, yes, no, abstain }) => {
        const r = run(rule, members, yes, no, abstain);
        expect(r.verdict === 'passed').toBe(referencePasses(rule, yes, no, yes + no + abstain, members));
        expect(r.cast).toBe(yes + no + abstain);
      }),
    );
  });

  it('never turns a rejection into an approval by adding an abstention under the members-based rules', () => {
    fc.assert(
      fc.property(
        motion.filter(
          (m) =>
            (m.rule === 'members' || m.rule === 'members_two_thirds') && m.yes + m.no + m.abstain < m.members,
        ),
        ({ rule, members, yes, no, abstain }) => {
          const before = run(rule, members, yes, no, abstain).verdict;
          const after = run(rule, members, yes, no, abstain + 1).verdict;
          if (before === 'rejected') expect(after).toBe('rejected');
        },
      ),
    );
  });

  it('required votes are exactly the threshold of the rule', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cast', 'members', 'members_two_thirds'),
        fc.integer({ min: 1, max: 500 }),
        (rule, base) => {
          const n = requiredVotes(rule, base);
          expect(meetsMajority(rule, n, base)).toBe(true);
          expect(meetsMajority(rule, n - 1, base)).toBe(false);
        },
      ),
    );
  });

  it('elects the candidates that meet the rule, best first, and reports a tie at the last seat', () => {
    const options: CountedOption[] = ['a', 'b', 'c'].map((id) => ({ id, meaning: 'choice' }));
    const base = { rule: 'cast' as const, options, maxChoices: 1, members: 9, entitled: 9 };
    expect(tally({ ...base, ballots: [['a'], ['a'], ['b']] })).toMatchObject({
      verdict: 'passed',
      counts: [
        { id: 'a', count: 2, selected: true },
        { id: 'b', count: 1, selected: false },
        { id: 'c', count: 0, selected: false },
      ],
    });
    // Two seats, each ballot may choose two: a and b both have 3 of 4 ballots, c has 2 (not more than half).
    const twoSeats = { ...base, maxChoices: 2 };
    const r = tally({
      ...twoSeats,
      ballots: [
        ['a', 'b'],
        ['a', 'b'],
        ['a', 'c'],
        ['b', 'c'],
      ],
    });
    expect(r.counts.filter((c) => c.selected).map((c) => c.id)).toEqual(['a', 'b']);
    // Members-based: 5 of 9 members is more than half, 4 of 9 is not.
    const members = tally({
      ...base,
      rule: 'members',
      ballots: [...Array.from({ length: 5 }, () => ['a']), ...Array.from({ length: 4 }, () => ['b'])],
    });
    expect(members.counts.map((c) => c.selected)).toEqual([true, false, false]);
    // Two seats, a=3, b=3, c=3 of 5 ballots: all three qualify, a three-way tie for two seats.
    const tie = tally({
      ...twoSeats,
      ballots: [['a', 'b'], ['b', 'c'], ['a', 'c'], ['a', 'b'], ['c']],
    });
    expect(tie.verdict).toBe('tie');
    expect(tie.counts.every((c) => !c.selected)).toBe(true);
  });

  it('chooses by plurality between places when no absolute majority is required', () => {
    const options: CountedOption[] = ['hk', 'dp', 'both'].map((id) => ({ id, meaning: 'choice' }));
    const base = { rule: 'plurality' as const, options, maxChoices: 1, members: 15, entitled: 12 };
    const r = tally({ ...base, ballots: [['hk'], ['hk'], ['dp'], ['both'], ['hk'], ['dp']] });
    expect(r.counts.filter((c) => c.selected).map((c) => c.id)).toEqual(['hk']);
    expect(r).toMatchObject({ verdict: 'passed', base: 6, notVoted: 6 });
    expect(tally({ ...base, ballots: [['hk'], ['dp']] }).verdict).toBe('tie');
    expect(tally({ ...base, ballots: [] }).verdict).toBe('rejected');
    expect(run('plurality', 15, 4, 3, 8).verdict).toBe('passed');
    expect(run('plurality', 15, 3, 3, 8).verdict).toBe('rejected');
  });

  it('refuses ballots that choose an unknown option, too many, the same twice, or nothing', () => {
    expect(ballotProblem(MOTION, 1, ['yes'])).toBeNull();
    expect(ballotProblem(MOTION, 1, ['maybe'])).toBe('unknown_option');
    expect(ballotProblem(MOTION, 1, ['yes', 'no'])).toBe('too_many_choices');
    expect(ballotProblem(MOTION, 3, ['yes', 'no'])).toBe('too_many_choices');
    expect(ballotProblem(MOTION, 1, [])).toBe('empty_choice');
    const options: CountedOption[] = ['a', 'b', 'c'].map((id) => ({ id, meaning: 'choice' }));
    expect(ballotProblem(options, 2, ['a', 'b'])).toBeNull();
    expect(ballotProblem(options, 2, ['a', 'a'])).toBe('duplicate_choice');
    expect(ballotProblem(options, 2, ['a', 'b', 'c'])).toBe('too_many_choices');
  });

  it('gives the same result from per-option counters as from the ballots (secret votes keep only counters)', () => {
    const choice: CountedOption[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, meaning: 'choice' as const }));
    fc.assert(
      fc.property(
        fc.constantFrom(...MAJORITY_RULES),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.subarray(['a', 'b', 'c', 'd'], { minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        (rule, maxChoices, raw) => {
          const ballots = raw.map((b) => b.slice(0, maxChoices));
          const input = { rule, options: choice, maxChoices, members: 40, entitled: 40 };
          const counts: Record<string, number> = {};
          for (const b of ballots) for (const id of b) counts[id] = (counts[id] ?? 0) + 1;
          expect(tallyCounts({ ...input, cast: ballots.length, counts })).toEqual(
            tally({ ...input, ballots }),
          );
        },
      ),
    );
  });
});
