/**
 * Majority rules for votes (biểu quyết) and written opinions (lấy ý kiến bằng phiếu).
 *
 * Pure counting, no I/O: the room, the written-opinion module, the minutes and the projector all
 * quote the same result. Integer arithmetic only, so "more than half" and "two thirds" never
 * depend on rounding.
 */

/**
 * - `cast`: more than half of the ballots cast (an abstention is a ballot cast, so it weighs
 *   like a "no"; members who did not vote are not counted).
 * - `members`: more than half of all members with a voting right — the usual rule for a
 *   People's Committee decision. Absent members and members who did not vote count against.
 * - `members_two_thirds`: at least two thirds of all members with a voting right.
 * - `plurality`: the most votes wins (a motion passes with more "for" than "against"); used to
 *   choose between candidates or places when no absolute majority is required.
 */
export const MAJORITY_RULES = ['cast', 'members', 'members_two_thirds', 'plurality'] as const;
export type MajorityRule = (typeof MAJORITY_RULES)[number];

/** The rule a People's Committee decision uses unless the vote says otherwise. */
export const DEFAULT_MAJORITY_RULE: MajorityRule = 'members';

/** What an option means for the verdict of a motion (yes / no / abstain) vote. */
export type OptionMeaning = 'for' | 'against' | 'abstain' | 'choice';

export interface CountedOption {
  id: string;
  meaning: OptionMeaning;
}

export interface TallyInput {
  rule: MajorityRule;
  options: readonly CountedOption[];
  /** How many options one ballot may choose (1 for a motion). */
  maxChoices: number;
  /** All members with a voting right (the denominator of the members-based rules). */
  members: number;
  /** Members entitled when the vote opened (checked in, or represented by a deputy). */
  entitled: number;
  /** Each ballot's chosen option ids; an empty ballot is a blank ballot (cast, chooses nothing). */
  ballots: readonly (readonly string[])[];
}

export interface OptionCount {
  id: string;
  count: number;
  /** Meets the rule (and, for choice votes, is among the `maxChoices` best without a tie). */
  selected: boolean;
}

export interface TallyResult {
  rule: MajorityRule;
  /** The denominator the rule counts against: ballots cast, or all members. */
  base: number;
  /** The smallest number of votes that meets the rule against `base`. */
  required: number;
  members: number;
  entitled: number;
  cast: number;
  /** Entitled members who cast no ballot. */
  notVoted: number;
  counts: OptionCount[];
  /**
   * `passed`/`rejected` for a motion; for a choice vote `passed` means at least one option was
   * selected, `rejected` that none met the rule, `tie` that a tie at the last seat leaves it to
   * decide again (the options above the tie are still selected).
   */
  verdict: 'passed' | 'rejected' | 'tie';
}

/** Whether `votes` meets the rule against `base` (integer arithmetic). */
export function meetsMajority(rule: MajorityRule, votes: number, base: number): boolean {
  if (base <= 0) return false;
  if (rule === 'plurality') return votes > 0;
  return rule === 'members_two_thirds' ? votes * 3 >= base * 2 : votes * 2 > base;
}

/** The smallest vote count that meets the rule against `base`, or base + 1 if none can. */
export function requiredVotes(rule: MajorityRule, base: number): number {
  if (base <= 0 || rule === 'plurality') return 1;
  return rule === 'members_two_thirds' ? Math.ceil((base * 2) / 3) : Math.floor(base / 2) + 1;
}

/** Why a ballot cannot be counted, or null when it can. */
export function ballotProblem(
  options: readonly CountedOption[],
  maxChoices: number,
  choice: readonly string[],
): 'unknown_option' | 'too_many_choices' | 'duplicate_choice' | 'empty_choice' | null {
  if (choice.length === 0) return 'empty_choice';
  const ids = new Set(options.map((o) => o.id));
  if (choice.some((c) => !ids.has(c))) return 'unknown_option';
  if (new Set(choice).size !== choice.length) return 'duplicate_choice';
  const isMotion = options.some((o) => o.meaning !== 'choice');
  if (choice.length > (isMotion ? 1 : maxChoices)) return 'too_many_choices';
  return null;
}

/** Counts the ballots under the rule. Ballots must already be valid (see `ballotProblem`). */
export function tally(input: TallyInput): TallyResult {
  const counts: Record<string, number> = {};
  for (const ballot of input.ballots) for (const id of ballot) counts[id] = (counts[id] ?? 0) + 1;
  const { ballots, ...rest } = input;
  return tallyCounts({ ...rest, cast: ballots.length, counts });
}

/**
 * The same verdict from per-option totals and the number of ballots cast, for a secret vote whose
 * ballots are kept only as counters (no ballot list exists to count).
 */
export function tallyCounts(
  input: Omit<TallyInput, 'ballots'> & { cast: number; counts: Readonly<Record<string, number>> },
): TallyResult {
  const cast = input.cast;
  const base = input.rule === 'cast' || input.rule === 'plurality' ? cast : input.members;
  const required = requiredVotes(input.rule, base);
  const countOf = new Map(input.options.map((o) => [o.id, input.counts[o.id] ?? 0]));
  const notVoted = Math.max(0, input.entitled - cast);
  const common = {
    rule: input.rule,
    base,
    required,
    members: input.members,
    entitled: input.entitled,
    cast,
    notVoted,
  };
  const isMotion = input.options.some((o) => o.meaning !== 'choice');

  if (isMotion) {
    const forIds = new Set(input.options.filter((o) => o.meaning === 'for').map((o) => o.id));
    const votesFor = [...forIds].reduce((n, id) => n + (countOf.get(id) ?? 0), 0);
    const againstIds = new Set(input.options.filter((o) => o.meaning === 'against').map((o) => o.id));
    const votesAgainst = [...againstIds].reduce((n, id) => n + (countOf.get(id) ?? 0), 0);
    const passed =
      input.rule === 'plurality' ? votesFor > votesAgainst : meetsMajority(input.rule, votesFor, base);
    return {
      ...common,
      counts: input.options.map((o) => ({
        id: o.id,
        count: countOf.get(o.id) ?? 0,
        selected: passed && o.meaning === 'for',
      })),
      verdict: passed ? 'passed' : 'rejected',
    };
  }

  // Choice vote: options meeting the rule, best first; seats = maxChoices.
  const seats = Math.max(1, input.maxChoices);
  const qualifying = input.options
    .map((o) => ({ id: o.id, count: countOf.get(o.id) ?? 0 }))
    .filter((o) => meetsMajority(input.rule, o.count, base))
    .sort((a, b) => b.count - a.count);
  const selected = new Set<string>();
  let tie = false;
  if (qualifying.length <= seats) {
    for (const o of qualifying) selected.add(o.id);
  } else {
    const boundary = qualifying[seats - 1]!.count;
    const above = qualifying.filter((o) => o.count > boundary);
    const atBoundary = qualifying.filter((o) => o.count === boundary);
    for (const o of above) selected.add(o.id);
    if (above.length + atBoundary.length <= seats) for (const o of atBoundary) selected.add(o.id);
    else tie = true;
  }
  return {
    ...common,
    counts: input.options.map((o) => ({
      id: o.id,
      count: countOf.get(o.id) ?? 0,
      selected: selected.has(o.id),
    })),
    verdict: tie ? 'tie' : selected.size > 0 ? 'passed' : 'rejected',
  };
}
