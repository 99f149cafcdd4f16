import type { QuorumRule } from '../schemas/meeting.js';

/** What quorum needs to know about a participant. */
export interface QuorumParticipant {
  id: string;
  votingRight: boolean;
  /** The participant this one stands in for (a deputy). */
  deputyForId: string | null;
}

export interface QuorumStatus {
  /** Voting members (principals with a vote; deputies are not counted twice). */
  eligible: number;
  /** Voting members present in person or through their deputy. */
  present: number;
  /** The smallest number present that meets the rule. */
  required: number;
  met: boolean;
}

/** Whether `present` of `eligible` voting members meets the rule. A meeting without voting members has no quorum. */
export function meetsRule(rule: QuorumRule, present: number, eligible: number): boolean {
  if (eligible <= 0) return false;
  // Integer arithmetic: present/eligible ? numerator/denominator, without rounding.
  const lhs = present * rule.denominator;
  const rhs = rule.numerator * eligible;
  return rule.comparison === 'gt' ? lhs > rhs : lhs >= rhs;
}

/** The smallest count that meets the rule, or eligible + 1 when even everyone would not. */
export function requiredCount(rule: QuorumRule, eligible: number): number {
  if (eligible <= 0) return 1;
  const exact = (rule.numerator * eligible) / rule.denominator;
  let n = Math.max(0, Math.floor(exact) - 1);
  while (n <= eligible && !meetsRule(rule, n, eligible)) n++;
  return n;
}

/**
 * Quorum from the meeting's rule. A principal with a voting right counts as present when they or
 * a deputy standing in for them is present; a deputy counts only for their principal (never as a
 * member of their own), and a principal and deputy both present count once.
 */
export function computeQuorum(
  rule: QuorumRule,
  participants: readonly QuorumParticipant[],
  presentIds: ReadonlySet<string>,
): QuorumStatus {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const principals = participants.filter(
    (p) => p.votingRight && (p.deputyForId === null || !byId.has(p.deputyForId)),
  );
  const coveredBy = new Set<string>();
  for (const p of participants) {
    if (!presentIds.has(p.id)) continue;
    if (p.deputyForId !== null && byId.has(p.deputyForId)) coveredBy.add(p.deputyForId);
    else coveredBy.add(p.id);
  }
  const eligible = principals.length;
  const present = principals.filter((p) => coveredBy.has(p.id)).length;
  return {
    eligible,
    present,
    required: requiredCount(rule, eligible),
    met: meetsRule(rule, present, eligible),
  };
}
