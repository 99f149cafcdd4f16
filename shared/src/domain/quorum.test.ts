import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuorumRule } from '../schemas/meeting.js';
import { computeQuorum, meetsRule, requiredCount, type QuorumParticipant } from './quorum.js';

const rule = fc.record({
  numerator: fc.integer({ min: 1, max: 5 }),
  denominator: fc.integer({ min: 1, max: 6 }),
  comparison: fc.constantFrom<QuorumRule['comparison']>('gt', 'gte'),
});

/** Principals p0..pn-1 (some without a vote), deputies for some of them, presence flags. */
const meeting = fc
  .record({
    votes: fc.array(fc.boolean(), { minLength: 0, maxLength: 30 }),
    deputyOf: fc.array(fc.nat(), { maxLength: 10 }),
    presence: fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
  })
  .map(({ votes, deputyOf, presence }) => {
    const participants: QuorumParticipant[] = votes.map((v, i) => ({
      id: `p${i}`,
      votingRight: v,
      deputyForId: null,
    }));
    if (votes.length > 0) {
      for (const [j, target] of deputyOf.entries()) {
        const principal = participants[target % votes.length]!;
        participants.push({ id: `d${j}`, votingRight: principal.votingRight, deputyForId: principal.id });
      }
    }
    const present = new Set(participants.filter((_, i) => presence[i]).map((p) => p.id));
    return { participants, present };
  });

describe('quorum', () => {
  it('meets "more than half" at 3 of 5 but not at 2 of 4, and "two thirds or more" at 4 of 6', () => {
    const half: QuorumRule = { numerator: 1, denominator: 2, comparison: 'gt' };
    const twoThirds: QuorumRule = { numerator: 2, denominator: 3, comparison: 'gte' };
    expect(meetsRule(half, 3, 5)).toBe(true);
    expect(meetsRule(half, 2, 4)).toBe(false);
    expect(meetsRule(twoThirds, 4, 6)).toBe(true);
    expect(meetsRule(twoThirds, 3, 6)).toBe(false);
    expect(requiredCount(half, 5)).toBe(3);
    expect(requiredCount(twoThirds, 6)).toBe(4);
  });

  it('never has a quorum without voting members', () => {
    expect(computeQuorum({ numerator: 1, denominator: 2, comparison: 'gte' }, [], new Set()).met).toBe(false);
  });

  it('is met exactly when the present count reaches the required count', () => {
    fc.assert(
      fc.property(rule, meeting, (r, { participants, present }) => {
        const q = computeQuorum(r, participants, present);
        expect(q.present).toBeLessThanOrEqual(q.eligible);
        expect(q.met).toBe(q.eligible > 0 && q.present >= q.required);
        // `required` is the smallest count that meets the rule.
        if (q.required <= q.eligible) {
          expect(meetsRule(r, q.required, q.eligible)).toBe(true);
          expect(q.required === 0 || !meetsRule(r, q.required - 1, q.eligible)).toBe(true);
        }
      }),
    );
  });

  it('counts a deputy for their principal, once, and never as a member of their own', () => {
    fc.assert(
      fc.property(rule, meeting, (r, { participants, present }) => {
        const q = computeQuorum(r, participants, present);
        const principals = participants.filter((p) => p.deputyForId === null && p.votingRight);
        expect(q.eligible).toBe(principals.length);
        const covered = principals.filter(
          (p) => present.has(p.id) || participants.some((d) => d.deputyForId === p.id && present.has(d.id)),
        );
        expect(q.present).toBe(covered.length);
      }),
    );
  });

  it('never loses quorum when someone more arrives', () => {
    fc.assert(
      fc.property(rule, meeting, fc.nat(), (r, { participants, present }, pick) => {
        if (participants.length === 0) return;
        const arriving = participants[pick % participants.length]!.id;
        const before = computeQuorum(r, participants, present);
        const after = computeQuorum(r, participants, new Set([...present, arriving]));
        expect(after.present).toBeGreaterThanOrEqual(before.present);
        if (before.met) expect(after.met).toBe(true);
      }),
    );
  });
});
