import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import type { Guest, MeetingRole, Participant } from '@icabinet/shared';
import { DuplicateKeyError, RecordNotFoundError } from '../port.js';
import type { ParticipantPatch, ParticipantsRepo } from '../port.js';
import type { MeetingDoc, ParticipantDoc } from './models.js';
import { mapDuplicates } from './mongo-errors.js';

const toRecord = (d: ParticipantDoc): Participant => ({
  id: d._id,
  meetingId: d.meetingId,
  userId: d.userId,
  guest: d.guest as Guest | null,
  role: d.role as MeetingRole,
  votingRight: d.votingRight,
  seat: d.seat,
  deputyForId: d.deputyForId,
  createdAt: d.createdAt,
});

/** Meeting participants on MongoDB. */
export class MongoParticipantsRepo implements ParticipantsRepo {
  constructor(
    private readonly model: Model<ParticipantDoc>,
    private readonly meetings: Model<MeetingDoc>,
  ) {}

  async add(p: Participant): Promise<Participant> {
    // No foreign keys in MongoDB: check the meeting, as the SQLite foreign key does.
    if (!(await this.meetings.exists({ _id: p.meetingId })))
      throw new RecordNotFoundError('meeting', p.meetingId);
    const { id, ...rest } = p;
    await mapDuplicates(() => this.model.create({ _id: id, ...rest }));
    return p;
  }

  async addMany(participants: Participant[]): Promise<{ added: number; skipped: number }> {
    const meetingIds = [...new Set(participants.map((p) => p.meetingId))];
    for (const meetingId of meetingIds) {
      if (!(await this.meetings.exists({ _id: meetingId })))
        throw new RecordNotFoundError('meeting', meetingId);
    }
    // One at a time: a duplicate user is skipped, as the unique index decides.
    let added = 0;
    for (const p of participants) {
      const { id, ...rest } = p;
      try {
        await mapDuplicates(() => this.model.create({ _id: id, ...rest }));
        added += 1;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError && e.field === 'userId')) throw e;
      }
    }
    return { added, skipped: participants.length - added };
  }

  async getById(id: string): Promise<Participant | null> {
    const doc = await this.model.findById(id).lean<ParticipantDoc>();
    return doc ? toRecord(doc) : null;
  }

  async countByMeetings(meetingIds: string[]): Promise<Map<string, number>> {
    const out = new Map(meetingIds.map((id) => [id, 0]));
    if (meetingIds.length === 0) return out;
    const rows = await this.model.aggregate<{ _id: string; n: number }>([
      { $match: { meetingId: { $in: meetingIds } } },
      { $group: { _id: '$meetingId', n: { $sum: 1 } } },
    ]);
    for (const r of rows) out.set(r._id, r.n);
    return out;
  }

  async update(id: string, patch: ParticipantPatch): Promise<Participant> {
    const set: Record<string, unknown> = {};
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.votingRight !== undefined) set.votingRight = patch.votingRight;
    if (patch.seat !== undefined) set.seat = patch.seat;
    const doc = await this.model
      .findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' })
      .lean<ParticipantDoc>();
    if (!doc) throw new RecordNotFoundError('participant', id);
    return toRecord(doc);
  }

  /** In the order they were added. */
  async listByMeeting(meetingId: string): Promise<Participant[]> {
    const docs = await this.model.find({ meetingId }).sort({ createdAt: 1, _id: 1 }).lean<ParticipantDoc[]>();
    return docs.map(toRecord);
  }

  async getByMeetingAndUser(meetingId: string, userId: string): Promise<Participant | null> {
    const doc = await this.model.findOne({ meetingId, userId }).lean<ParticipantDoc>();
    return doc ? toRecord(doc) : null;
  }

  async getByMeetingsAndUser(meetingIds: string[], userId: string): Promise<Map<string, Participant>> {
    if (meetingIds.length === 0) return new Map();
    const docs = await this.model
      .find({ meetingId: mongoose.trusted({ $in: meetingIds }), userId })
      .lean<ParticipantDoc[]>();
    return new Map(docs.map((d) => [d.meetingId, toRecord(d)]));
  }

  /** Removing a participant who is already gone is not an error: the outcome is the same. */
  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }
}
