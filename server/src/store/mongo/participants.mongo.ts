import type { Model } from 'mongoose';
import type { Guest, MeetingRole, Participant } from '@icabinet/shared';
import { RecordNotFoundError } from '../port.js';
import type { ParticipantsRepo } from '../port.js';
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

  /** In the order they were added. */
  async listByMeeting(meetingId: string): Promise<Participant[]> {
    const docs = await this.model.find({ meetingId }).sort({ createdAt: 1, _id: 1 }).lean<ParticipantDoc[]>();
    return docs.map(toRecord);
  }

  async getByMeetingAndUser(meetingId: string, userId: string): Promise<Participant | null> {
    const doc = await this.model.findOne({ meetingId, userId }).lean<ParticipantDoc>();
    return doc ? toRecord(doc) : null;
  }

  /** Removing a participant who is already gone is not an error: the outcome is the same. */
  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }
}
