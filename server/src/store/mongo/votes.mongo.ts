import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { VersionConflictError } from '../port.js';
import type { BallotOutcome, BallotWrite, VoteRecord, VoterRow, VotesRepo } from '../votes.port.js';
import { mapMongoError } from './mongo-errors.js';
import { DuplicateKeyError } from '../port.js';

export interface VoteDoc {
  _id: string;
  meetingId: string;
  state: string;
  createdAt: string;
  version: number;
  data: VoteRecord;
}

/** One seat that has voted: `_id` is `<voteId>:<seatId>` (no ObjectId, whose bytes carry a time). */
export interface VoteVoterDoc {
  _id: string;
  voteId: string;
  seatId: string;
  opId: string;
  choice: string[] | null;
}

/** A secret vote's counter: `_id` is `<voteId>:<optionId>`. */
export interface VoteCounterDoc {
  _id: string;
  voteId: string;
  optionId: string;
  count: number;
}

const CAST_KEY = '*cast';

export const voteSchema = new Schema<VoteDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true, index: true },
    state: { type: String, required: true, index: true },
    createdAt: { type: String, required: true },
    version: { type: Number, required: true },
    data: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'votes', versionKey: false, minimize: false },
);

export const voteVoterSchema = new Schema<VoteVoterDoc>(
  {
    _id: { type: String, required: true },
    voteId: { type: String, required: true, index: true },
    seatId: { type: String, required: true },
    opId: { type: String, required: true },
    choice: { type: [String], default: null },
  },
  { collection: 'voteVoters', versionKey: false },
);

export const voteCounterSchema = new Schema<VoteCounterDoc>(
  {
    _id: { type: String, required: true },
    voteId: { type: String, required: true, index: true },
    optionId: { type: String, required: true },
    count: { type: Number, required: true },
  },
  { collection: 'voteCounters', versionKey: false },
);

const toRecord = (d: VoteDoc): VoteRecord => ({ ...d.data, version: d.version });

/**
 * Votes on MongoDB. A batch of ballots is written one by one (inside the caller's transaction on
 * a replica set). `seal` deletes a secret vote's voter set and counters; unlike SQLite with
 * `secure_delete`, WiredTiger may keep old copies in free space and its journal until reused.
 */
export class MongoVotesRepo implements VotesRepo {
  constructor(
    private readonly votes: Model<VoteDoc>,
    private readonly voters_: Model<VoteVoterDoc>,
    private readonly counters_: Model<VoteCounterDoc>,
  ) {}

  async create(v: VoteRecord): Promise<void> {
    await this.votes.create({
      _id: v.id,
      meetingId: v.meetingId,
      state: v.state,
      createdAt: v.createdAt,
      version: v.version,
      data: v,
    });
  }

  async get(id: string): Promise<VoteRecord | null> {
    const d = await this.votes.findById(id).lean<VoteDoc>();
    return d ? toRecord(d) : null;
  }

  async listByMeeting(meetingId: string): Promise<VoteRecord[]> {
    const docs = await this.votes.find({ meetingId }).sort({ createdAt: 1, _id: 1 }).lean<VoteDoc[]>();
    return docs.map(toRecord);
  }

  async listOpen(meetingId?: string): Promise<VoteRecord[]> {
    const filter = meetingId === undefined ? { state: 'open' } : { meetingId, state: 'open' };
    const docs = await this.votes.find(filter).sort({ createdAt: 1, _id: 1 }).lean<VoteDoc[]>();
    return docs.map(toRecord);
  }

  async update(v: VoteRecord, expectedVersion: number): Promise<VoteRecord> {
    const next = { ...v, version: expectedVersion + 1 };
    const res = await this.votes.updateOne(
      { _id: v.id, version: expectedVersion },
      { $set: { state: next.state, version: next.version, data: next } },
    );
    if (res.matchedCount === 0) throw new VersionConflictError('vote', v.id);
    return next;
  }

  async remove(id: string): Promise<void> {
    await this.voters_.deleteMany({ voteId: id });
    await this.counters_.deleteMany({ voteId: id });
    await this.votes.deleteOne({ _id: id });
  }

  async castMany(
    vote: Pick<VoteRecord, 'id' | 'kind' | 'allowChange'>,
    ballots: readonly BallotWrite[],
  ): Promise<BallotOutcome[]> {
    const out: BallotOutcome[] = [];
    for (const b of ballots) out.push(await this.castOne(vote, b));
    return out;
  }

  /** Each ballot write above was acknowledged by MongoDB under the connection's write concern. */
  synced(): Promise<void> {
    return Promise.resolve();
  }

  private async castOne(
    vote: Pick<VoteRecord, 'id' | 'kind' | 'allowChange'>,
    b: BallotWrite,
  ): Promise<BallotOutcome> {
    const secret = vote.kind === 'secret';
    const key = `${vote.id}:${b.seatId}`;
    const before = await this.voters_.findById(key).lean<VoteVoterDoc>();
    if (before) {
      if (before.opId === b.opId) return 'duplicate';
      if (secret || !vote.allowChange) return 'refused';
      await this.voters_.updateOne({ _id: key }, { $set: { opId: b.opId, choice: b.choice } });
      return 'changed';
    }
    try {
      await this.voters_.create({
        _id: key,
        voteId: vote.id,
        seatId: b.seatId,
        opId: b.opId,
        choice: secret ? null : b.choice,
      });
    } catch (e) {
      // Another process stored this seat's ballot first: answer as if it had been seen above.
      if (mapMongoError(e) instanceof DuplicateKeyError) return this.castOne(vote, b);
      throw e;
    }
    if (secret) {
      for (const option of [CAST_KEY, ...b.choice]) {
        await this.counters_.updateOne(
          { _id: `${vote.id}:${option}` },
          { $inc: { count: 1 }, $setOnInsert: { voteId: vote.id, optionId: option } },
          { upsert: true },
        );
      }
    }
    return 'cast';
  }

  async voters(voteId: string): Promise<VoterRow[]> {
    const docs = await this.voters_.find({ voteId }).sort({ seatId: 1 }).lean<VoteVoterDoc[]>();
    return docs.map((d) => ({ seatId: d.seatId, opId: d.opId, choice: d.choice ?? null }));
  }

  async counters(voteId: string): Promise<{ cast: number; counts: Record<string, number> }> {
    const docs = await this.counters_.find({ voteId }).lean<VoteCounterDoc[]>();
    const counts: Record<string, number> = {};
    let cast = 0;
    for (const d of docs) {
      if (d.optionId === CAST_KEY) cast = d.count;
      else counts[d.optionId] = d.count;
    }
    return { cast, counts };
  }

  async seal(voteId: string): Promise<void> {
    await this.voters_.deleteMany({ voteId });
    await this.counters_.deleteMany({ voteId });
  }
}
