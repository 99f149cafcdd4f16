import { z } from 'zod';
import { MAJORITY_RULES, type MajorityRule, type OptionCount, type TallyResult } from '../domain/majority.js';
import { Id, MultilineText, Text } from './common.js';

/**
 * Votes (biểu quyết) in the meeting room. `open`: only the totals are published; `named`: who
 * chose what is published with the result; `secret`: nothing stored links a ballot to a voter.
 */
export const VoteKind = z.enum(['open', 'named', 'secret']);
export type VoteKind = z.infer<typeof VoteKind>;

/** prepared → open → closed; an open or closed vote may be annulled (and is re-run as a new one). */
export const VoteState = z.enum(['prepared', 'open', 'closed', 'annulled']);
export type VoteState = z.infer<typeof VoteState>;

export const MajorityRuleSchema = z.enum(MAJORITY_RULES);

/** One option of a vote; `meaning` tells a motion's for / against / abstain from a candidate. */
export interface VoteOption {
  id: string;
  label: string;
  meaning: 'for' | 'against' | 'abstain' | 'choice';
}

/** The default options of a motion: "Tán thành / Không tán thành / Không biểu quyết". */
export const MOTION_OPTIONS: readonly VoteOption[] = [
  { id: 'for', label: 'Tán thành', meaning: 'for' },
  { id: 'against', label: 'Không tán thành', meaning: 'against' },
  { id: 'abstain', label: 'Không biểu quyết', meaning: 'abstain' },
];

/** One seat of the frozen entitled list: the member (principal) and who votes for them. */
export interface VoteSeat {
  /** The member the ballot counts for (a principal with a voting right). */
  participantId: string;
  name: string;
  /** The participant who presses the button: the member, or their deputy. */
  voterId: string;
  /** The deputy's name when a deputy votes for the member. */
  deputyName: string | null;
}

/** A vote's result, kept with it once closed. */
export interface VoteResult extends Omit<TallyResult, 'counts'> {
  counts: OptionCount[];
  /** Seats that cast a ballot (member participant ids, sorted: no order of arrival). */
  voted: string[];
  /** Named votes only: who chose what. */
  choices: { participantId: string; name: string; choice: string[] }[] | null;
}

/** A vote as every viewer of the meeting may read it. */
export interface Vote {
  id: string;
  meetingId: string;
  agendaItemId: string | null;
  question: string;
  options: VoteOption[];
  /** How many options one ballot may choose (1 for a motion). */
  maxChoices: number;
  kind: VoteKind;
  rule: MajorityRule;
  /** Whether a voter may change their ballot until the vote closes (never for a secret vote). */
  allowChange: boolean;
  /** Closes itself this many seconds after opening (null: the chair closes it). */
  durationSeconds: number | null;
  state: VoteState;
  createdBy: string;
  createdAt: string;
  openedAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  /** Frozen when the vote opens. */
  seats: VoteSeat[] | null;
  /** Members with a voting right when it opened (the denominator of the members-based rules). */
  members: number | null;
  /** Ballots cast so far (while open) or in the end. */
  voted: number;
  result: VoteResult | null;
  annulReason: string | null;
  annulledAt: string | null;
  /** The vote this one re-runs, and the one that re-runs this one. */
  rerunOf: string | null;
  rerunId: string | null;
  version: number;
}

const OptionLabel = Text(200);

/** A vote prepared before the meeting or created by the chair on the spot. */
export const VoteCreateInput = z
  .strictObject({
    agendaItemId: Id.nullish().transform((v) => v ?? null),
    question: Text(500),
    /** Absent: a motion (Tán thành / Không tán thành / Không biểu quyết). Else candidates or places. */
    options: z.array(OptionLabel).min(2).max(30).optional(),
    maxChoices: z.number().int().min(1).max(30).default(1),
    kind: VoteKind.default('open'),
    rule: MajorityRuleSchema.default('members'),
    allowChange: z.boolean().optional(),
    durationSeconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .nullish()
      .transform((v) => v ?? null),
  })
  .refine((v) => !(v.kind === 'secret' && v.allowChange === true), {
    path: ['allowChange'],
    message: 'vote_secret_no_change',
  })
  .refine((v) => v.options === undefined || v.maxChoices <= v.options.length, {
    path: ['maxChoices'],
    message: 'vote_max_choices',
  })
  .refine((v) => v.options !== undefined || v.maxChoices === 1, {
    path: ['maxChoices'],
    message: 'vote_max_choices',
  })
  .refine(
    (v) =>
      v.options === undefined || new Set(v.options.map((o) => o.toLowerCase())).size === v.options.length,
    {
      path: ['options'],
      message: 'vote_duplicate_option',
    },
  );
export type VoteCreateInput = z.infer<typeof VoteCreateInput>;

export const VoteParams = z.object({ id: Id, voteId: Id });

/** Every vote socket command names the meeting and the vote. */
const VoteRef = { meetingId: Id, voteId: Id };

export const VoteJoinInput = z.strictObject({ meetingId: Id });
export type VoteJoinInput = z.infer<typeof VoteJoinInput>;
export const VoteControlInput = z.strictObject(VoteRef);
export type VoteControlInput = z.infer<typeof VoteControlInput>;
export const VoteAnnulInput = z.strictObject({ ...VoteRef, reason: MultilineText(1000) });
export type VoteAnnulInput = z.infer<typeof VoteAnnulInput>;
/** One ballot, retried with the same `opId` after a drop (counted once). */
export const VoteCastInput = z.strictObject({
  ...VoteRef,
  opId: z.string().uuid(),
  choice: z.array(z.string().min(1).max(60)).min(1).max(30),
});
export type VoteCastInput = z.infer<typeof VoteCastInput>;

/** The ack of `vote:join`: the meeting's votes and what the caller has done in them. */
export interface VoteJoinAck {
  votes: Vote[];
  /**
   * Per vote: whether the caller may vote, has voted, (not for a secret vote) their choice, and in
   * an open vote the opId of their stored ballot (so a tablet tells its own ballot from one the
   * same delegate sent from another device).
   */
  mine: Record<string, { entitled: boolean; voted: boolean; choice: string[] | null; opId?: string | null }>;
  /** Organisers only: who has not voted yet in the open vote. */
  waiting: VoteWaiting | null;
  serverTime: string;
}

/** To the organisers: who has not voted yet. */
export interface VoteWaiting {
  meetingId: string;
  voteId: string;
  notVoted: { participantId: string; name: string }[];
}

export interface VoteCastAck {
  /** True when this opId had already been counted (a retry). */
  duplicate: boolean;
  /** True when this ballot replaced the caller's earlier one. */
  changed: boolean;
  voted: number;
}

/** `vote:changed`: a vote was created, opened, closed, annulled or removed. */
export interface VoteChanged {
  meetingId: string;
  vote: Vote;
  removed?: boolean;
}

/** `vote:progress`: how many have voted (coalesced, a few times per second at most). */
export interface VoteProgress {
  meetingId: string;
  voteId: string;
  voted: number;
  seats: number;
}
