import mongoose from 'mongoose';
import type { ClientSession, Connection, Model } from 'mongoose';
import type { AgendaRevision } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { AgendaItemRecord, AgendaRepo, AgendaWrite } from '../port.js';
import { depthFirst } from '../agenda-order.js';
import { inTransaction } from './transactions.js';
import type { AgendaItemDoc, AgendaRevisionDoc, MeetingDoc } from './models.js';

const toRecord = (d: AgendaItemDoc): AgendaItemRecord => {
  const { _id, ...rest } = d;
  return { id: _id, ...rest };
};

/**
 * The agenda on MongoDB. The agenda version is claimed first with a conditional increment on
 * the meeting, so of two concurrent writers exactly one goes on; the other gets a conflict
 * before it has changed anything. With transactions (replica set) the write is all or nothing.
 */
export class MongoAgendaRepo implements AgendaRepo {
  constructor(
    private readonly items: Model<AgendaItemDoc>,
    private readonly revisionsModel: Model<AgendaRevisionDoc>,
    private readonly meetings: Model<MeetingDoc>,
    private readonly conn?: Connection,
    private readonly transactions = false,
  ) {}

  async list(meetingId: string): Promise<AgendaItemRecord[]> {
    const docs = await this.items.find({ meetingId }).lean<AgendaItemDoc[]>();
    return depthFirst(docs.map(toRecord));
  }

  async getItem(id: string): Promise<AgendaItemRecord | null> {
    const doc = await this.items.findById(id).lean<AgendaItemDoc>();
    return doc ? toRecord(doc) : null;
  }

  async apply(
    meetingId: string,
    expectedVersion: number,
    write: AgendaWrite,
    revision: Omit<AgendaRevision, 'version' | 'meetingId'> | null,
  ): Promise<number> {
    for (const item of write.upsert ?? []) {
      if (item.meetingId !== meetingId) throw new RecordNotFoundError('agenda item', item.id);
    }
    // On a replica set the whole change is one transaction; a standalone server has none, and
    // then the version claim still keeps a concurrent writer out.
    // Inside a unit of work (Store.transaction) the change joins its transaction.
    if (this.conn) {
      const conn = this.conn;
      return inTransaction(conn, this.transactions, (session) =>
        this.write(meetingId, expectedVersion, write, revision, session),
      );
    }
    return this.write(meetingId, expectedVersion, write, revision, undefined);
  }

  private async write(
    meetingId: string,
    expectedVersion: number,
    write: AgendaWrite,
    revision: Omit<AgendaRevision, 'version' | 'meetingId'> | null,
    session: ClientSession | undefined,
  ): Promise<number> {
    const claimed = await this.meetings
      .findOneAndUpdate(
        { _id: meetingId, agendaVersion: expectedVersion },
        { $inc: { agendaVersion: 1 } },
        { returnDocument: 'after', projection: { agendaVersion: 1 }, session },
      )
      .lean<Pick<MeetingDoc, '_id' | 'agendaVersion'>>();
    if (!claimed) {
      if (!(await this.meetings.exists({ _id: meetingId }).session(session ?? null))) {
        throw new RecordNotFoundError('meeting', meetingId);
      }
      throw new VersionConflictError('agenda', meetingId);
    }
    const deleted = write.delete ?? [];
    if (deleted.length > 0) {
      await this.items.deleteMany(
        {
          meetingId,
          $or: [
            { _id: mongoose.trusted({ $in: deleted }) },
            { parentId: mongoose.trusted({ $in: deleted }) },
          ],
        },
        { session },
      );
    }
    for (const item of write.upsert ?? []) {
      const { id, ...rest } = item;
      const existing = await this.items
        .findById(id)
        .session(session ?? null)
        .lean<AgendaItemDoc>();
      if (existing && existing.meetingId !== meetingId) throw new RecordNotFoundError('agenda item', id);
      await this.items.replaceOne(
        { _id: id },
        { _id: id, ...rest, createdAt: existing?.createdAt ?? rest.createdAt },
        { upsert: true, session },
      );
    }
    const version = expectedVersion + 1;
    if (revision) await this.revisionsModel.create([{ meetingId, version, ...revision }], { session });
    return version;
  }

  async revisions(meetingId: string): Promise<AgendaRevision[]> {
    const docs = await this.revisionsModel
      .find({ meetingId })
      .sort({ version: -1 })
      .lean<AgendaRevisionDoc[]>();
    return docs.map((d) => ({
      meetingId: d.meetingId,
      version: d.version,
      at: d.at,
      by: d.by,
      summary: d.summary,
    }));
  }
}
