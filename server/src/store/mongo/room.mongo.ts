import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { VersionConflictError } from '../port.js';
import type { AppliedOp, RoomDurability, RoomRecord, RoomRepo } from '../room.port.js';
import { mapMongoError } from './mongo-errors.js';
import { currentSession } from './transactions.js';
import { DuplicateKeyError } from '../port.js';

export interface RoomDoc {
  _id: string;
  seq: number;
  state: RoomRecord['state'];
  ops: AppliedOp[];
  updatedAt: string;
}

export const roomSchema = new Schema<RoomDoc>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    state: { type: Schema.Types.Mixed, required: true },
    ops: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'roomStates', versionKey: false, minimize: false },
);

export class MongoRoomRepo implements RoomRepo {
  constructor(private readonly model: Model<RoomDoc>) {}

  async get(meetingId: string): Promise<RoomRecord | null> {
    const d = await this.model.findById(meetingId).lean<RoomDoc>();
    if (!d) return null;
    return { meetingId: d._id, seq: d.seq, state: d.state, ops: d.ops, updatedAt: d.updatedAt };
  }

  async save(r: RoomRecord, expectedSeq: number, durability: RoomDurability = 'power'): Promise<void> {
    const fields = { seq: r.seq, state: r.state, ops: r.ops, updatedAt: r.updatedAt };
    // `process`: acknowledged by the majority without waiting for the journal; `power` keeps the
    // connection's majority + journal. Inside a transaction the transaction's own concern applies.
    const relaxed = durability === 'process' && !currentSession();
    if (expectedSeq === 0) {
      try {
        await this.model.create(
          [{ _id: r.meetingId, ...fields }],
          relaxed ? { w: 'majority', j: false } : {},
        );
      } catch (e) {
        if (mapMongoError(e) instanceof DuplicateKeyError)
          throw new VersionConflictError('room', r.meetingId);
        throw e;
      }
      return;
    }
    const res = await this.model.updateOne(
      { _id: r.meetingId, seq: expectedSeq },
      { $set: fields },
      relaxed ? { writeConcern: { w: 'majority', journal: false } } : {},
    );
    if (res.matchedCount === 0) throw new VersionConflictError('room', r.meetingId);
  }
}
