import type { Vote } from '@icabinet/shared';

/** A stored vote: the record every viewer reads (`voted` is kept by the service while open). */
export type VoteRecord = Vote;

/** One ballot to store. For a secret vote `choice` only moves the per-option counters. */
export interface BallotWrite {
  /** The seat (member participant id) the ballot counts for. */
  seatId: string;
  /** The client's operation id: a retry with the same one is counted once. */
  opId: string;
  choice: string[];
}

/**
 * What happened to one ballot: `cast` (first ballot of the seat), `duplicate` (this opId was
 * already counted), `changed` (replaced the seat's earlier ballot), `refused` (the seat had voted
 * and the vote does not allow a change).
 */
export type BallotOutcome = 'cast' | 'duplicate' | 'changed' | 'refused';

/** One seat that has voted, as stored while the vote is open (`choice` is null for a secret vote). */
export interface VoterRow {
  seatId: string;
  opId: string;
  choice: string[] | null;
}

/**
 * Votes and their ballots. Ballots are stored before they are acknowledged, many per unit of
 * work (`castMany`): committed, so a killed process loses none; the flush that makes them safe
 * from a power cut follows at once and `synced` waits for it. For a **secret** vote nothing stored links a ballot to a voter: the seats
 * that have voted are one set (no time, no choice) and the choices only per-option counters;
 * `seal` drops both once the result (which keeps the set, sorted) is stored, and leaves no copy of
 * them in freed pages or the write-ahead log.
 */
export interface VotesRepo {
  create(vote: VoteRecord): Promise<void>;
  get(id: string): Promise<VoteRecord | null>;
  /** A meeting's votes, oldest first. */
  listByMeeting(meetingId: string): Promise<VoteRecord[]>;
  /**
   * The open votes, oldest first: every meeting's (to restart their timers after a restart), or one
   * meeting's (whether another is open; only the open records are read, not the meeting's history).
   */
  listOpen(meetingId?: string): Promise<VoteRecord[]>;
  /** Replaces the record if the stored version equals `expectedVersion` (else VersionConflictError); bumps it. */
  update(vote: VoteRecord, expectedVersion: number): Promise<VoteRecord>;
  /** Removes a vote and its ballots. */
  remove(id: string): Promise<void>;
  /**
   * Stores a batch of ballots as one unit of work, in order; each gets its outcome. Resolves once
   * the batch is committed (durable against a killed process); the flush to the disk (a power
   * cut) starts right after and is awaited with `synced`. A secret vote never allows a change
   * (the store could not tell which counters to take back).
   */
  castMany(
    vote: Pick<VoteRecord, 'id' | 'kind' | 'allowChange'>,
    ballots: readonly BallotWrite[],
  ): Promise<BallotOutcome[]>;
  /** Resolves once every ballot committed before the call is on the disk (survives a power cut). */
  synced(): Promise<void>;
  /** The seats that have voted, by seat id (never in order of arrival). */
  voters(voteId: string): Promise<VoterRow[]>;
  /** A secret vote's counters: ballots cast and per-option totals. */
  counters(voteId: string): Promise<{ cast: number; counts: Record<string, number> }>;
  /** After a secret vote's result is stored: drops its voter set and counters beyond recovery. */
  seal(voteId: string): Promise<void>;
}
