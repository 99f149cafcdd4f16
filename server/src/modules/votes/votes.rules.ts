import {
  MOTION_OPTIONS,
  tallyCounts,
  type RoomParticipant,
  type VoteCreateInput,
  type VoteOption,
  type VoteResult,
  type VoteSeat,
} from '@icabinet/shared';
import type { VoteRecord, VoterRow } from '../../store/votes.port.js';

/** The options of a new vote: the motion's three, or the given candidates (ids c1, c2, …). */
export function optionsOf(input: VoteCreateInput): VoteOption[] {
  if (!input.options) return MOTION_OPTIONS.map((o) => ({ ...o }));
  return input.options.map((label, i) => ({ id: `c${i + 1}`, label, meaning: 'choice' }));
}

/**
 * The entitled list, frozen when a vote opens: every member with a voting right (a principal, not
 * a deputy) who is checked in votes for themself; one who is absent is represented by a deputy
 * standing in for them who is checked in, when the meeting lets deputies vote.
 */
export function seatsOf(
  participants: readonly RoomParticipant[],
  present: ReadonlySet<string>,
  deputiesMayVote: boolean,
): VoteSeat[] {
  const byId = new Map(participants.map((p) => [p.id, p]));
  const isDeputy = (p: RoomParticipant) => p.deputyForId !== null && byId.has(p.deputyForId);
  const seats: VoteSeat[] = [];
  for (const member of participants) {
    if (!member.votingRight || isDeputy(member)) continue;
    if (present.has(member.id)) {
      seats.push({ participantId: member.id, name: member.name, voterId: member.id, deputyName: null });
      continue;
    }
    if (!deputiesMayVote) continue;
    const deputy = participants.find((d) => d.deputyForId === member.id && present.has(d.id));
    if (deputy)
      seats.push({
        participantId: member.id,
        name: member.name,
        voterId: deputy.id,
        deputyName: deputy.name,
      });
  }
  return seats;
}

/** Seats of the entitled list that have not voted, in the list's order. */
export function notVotedOf(
  vote: VoteRecord,
  voted: ReadonlySet<string>,
): { participantId: string; name: string }[] {
  return (vote.seats ?? [])
    .filter((s) => !voted.has(s.participantId))
    .map((s) => ({
      participantId: s.participantId,
      name: s.deputyName ? `${s.name} (${s.deputyName})` : s.name,
    }));
}

/**
 * The result of a closed vote under its rule. `voters`: the seats that voted (with their choices,
 * except for a secret vote); `counters`: a secret vote's per-option totals. Only seats on the
 * frozen entitled list count. The voted list is sorted by id: it carries no order of arrival.
 */
export function resultOf(
  vote: VoteRecord,
  voters: readonly VoterRow[],
  counters: { cast: number; counts: Record<string, number> } | null,
): VoteResult {
  const seats = new Map((vote.seats ?? []).map((s) => [s.participantId, s]));
  const counted = voters.filter((v) => seats.has(v.seatId));
  let cast: number;
  let counts: Record<string, number>;
  if (vote.kind === 'secret') {
    cast = counters?.cast ?? 0;
    counts = counters?.counts ?? {};
  } else {
    cast = counted.length;
    counts = {};
    for (const v of counted) for (const id of v.choice ?? []) counts[id] = (counts[id] ?? 0) + 1;
  }
  const tallied = tallyCounts({
    rule: vote.rule,
    options: vote.options,
    maxChoices: vote.maxChoices,
    members: vote.members ?? seats.size,
    entitled: seats.size,
    cast,
    counts,
  });
  const choices =
    vote.kind === 'named'
      ? counted.map((v) => ({
          participantId: v.seatId,
          name: seats.get(v.seatId)?.name ?? '—',
          choice: v.choice ?? [],
        }))
      : null;
  return { ...tallied, voted: counted.map((v) => v.seatId).sort(), choices };
}
