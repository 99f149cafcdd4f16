import mongoose, { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { MinutesVersion } from '@icabinet/shared';
import { RecordNotFoundError } from '../port.js';
import type {
  MinutesApprovalRecord,
  MinutesRecord,
  MinutesRepo,
  MinutesVersionRecord,
} from '../minutes.port.js';
import { getApprovalDoc, saveApprovalDoc, type ConclusionNoticeDoc } from './conclusions.mongo.js';
import type { MeetingDoc } from './models.js';

export interface MinutesDoc extends Omit<MinutesRecord, 'meetingId'> {
  /** The meeting's id: one record per meeting. */
  _id: string;
}

export interface MinutesVersionDoc extends Omit<MinutesVersion, 'id'> {
  _id: string;
  state: Buffer;
  text: string;
}

export const minutesSchema = new Schema<MinutesDoc>(
  {
    _id: { type: String, required: true },
    prefilledAt: { type: String, default: null },
    othersMayEdit: { type: Boolean, required: true, default: false },
    lockedAt: { type: String, default: null },
    lockedBy: { type: String, default: null },
    lockedByName: { type: String, default: null },
    lockedVersionId: { type: String, default: null },
    updatedAt: { type: String, required: true },
  },
  { collection: 'minutes', versionKey: false },
);

export const minutesVersionSchema = new Schema<MinutesVersionDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdByName: { type: String, required: true },
    createdAt: { type: String, required: true },
    state: { type: Buffer, required: true },
    text: { type: String, required: true },
  },
  { collection: 'minutesVersions', versionKey: false },
);
minutesVersionSchema.index({ meetingId: 1, createdAt: 1 });

const toRecord = (d: MinutesDoc): MinutesRecord => ({
  meetingId: d._id,
  prefilledAt: d.prefilledAt ?? null,
  othersMayEdit: d.othersMayEdit,
  lockedAt: d.lockedAt ?? null,
  lockedBy: d.lockedBy ?? null,
  lockedByName: d.lockedByName ?? null,
  lockedVersionId: d.lockedVersionId ?? null,
  updatedAt: d.updatedAt,
});

const toVersion = (d: Omit<MinutesVersionDoc, 'state' | 'text'>): MinutesVersion => ({
  id: d._id,
  meetingId: d.meetingId,
  name: d.name,
  kind: d.kind,
  createdBy: d.createdBy,
  createdByName: d.createdByName,
  createdAt: d.createdAt,
});

const toBytes = (data: unknown): Uint8Array => {
  if (data instanceof Uint8Array) return new Uint8Array(data);
  const b = data as { buffer?: Uint8Array; value?: () => Uint8Array };
  if (typeof b.value === 'function') return new Uint8Array(b.value());
  return new Uint8Array(b.buffer ?? []);
};

/** The minutes on MongoDB: conditional single-document updates carry every rule that must be atomic. */
export class MongoMinutesRepo implements MinutesRepo {
  constructor(
    private readonly records: Model<MinutesDoc>,
    private readonly versions: Model<MinutesVersionDoc>,
    private readonly meetings: Model<MeetingDoc>,
    /** The minutes' approval, in its own collection with the notice's schema. */
    private readonly approvals: Model<ConclusionNoticeDoc>,
  ) {}

  private async ensure(meetingId: string, at: string): Promise<void> {
    if (!(await this.meetings.exists({ _id: meetingId })))
      throw new RecordNotFoundError('meeting', meetingId);
    await this.records.updateOne(
      { _id: meetingId },
      { $setOnInsert: { prefilledAt: null, othersMayEdit: false, lockedAt: null, updatedAt: at } },
      { upsert: true },
    );
  }

  async get(meetingId: string): Promise<MinutesRecord | null> {
    const d = await this.records.findById(meetingId).lean<MinutesDoc>();
    return d ? toRecord(d) : null;
  }

  async claimPrefill(meetingId: string, at: string): Promise<boolean> {
    await this.ensure(meetingId, at);
    const res = await this.records.updateOne(
      { _id: meetingId, prefilledAt: null },
      { $set: { prefilledAt: at, updatedAt: at } },
    );
    return res.modifiedCount === 1;
  }

  async releasePrefill(meetingId: string): Promise<void> {
    await this.records.updateOne({ _id: meetingId }, { $set: { prefilledAt: null } });
  }

  async setOthersMayEdit(meetingId: string, value: boolean, at: string): Promise<MinutesRecord> {
    await this.ensure(meetingId, at);
    const d = await this.records
      .findOneAndUpdate({ _id: meetingId }, { $set: { othersMayEdit: value, updatedAt: at } }, { new: true })
      .lean<MinutesDoc>();
    if (!d) throw new RecordNotFoundError('meeting', meetingId);
    return toRecord(d);
  }

  async lock(version: MinutesVersionRecord, at: string): Promise<boolean> {
    await this.ensure(version.meetingId, at);
    // The version first: a lock never names a version that is not stored.
    await this.addVersion(version);
    const res = await this.records.updateOne(
      { _id: version.meetingId, lockedAt: null },
      {
        $set: {
          lockedAt: at,
          lockedBy: version.createdBy,
          lockedByName: version.createdByName,
          lockedVersionId: version.id,
          updatedAt: at,
        },
      },
    );
    if (res.modifiedCount === 1) return true;
    await this.versions.deleteOne({ _id: version.id });
    return false;
  }

  async reopen(meetingId: string, at: string): Promise<boolean> {
    const res = await this.records.updateOne(
      // sanitizeFilter would turn a bare operator into a value: this one is ours.
      { _id: meetingId, lockedAt: mongoose.trusted({ $ne: null }) },
      {
        $set: { lockedAt: null, lockedBy: null, lockedByName: null, lockedVersionId: null, updatedAt: at },
      },
    );
    return res.modifiedCount === 1;
  }

  async addVersion(v: MinutesVersionRecord): Promise<void> {
    if (!(await this.meetings.exists({ _id: v.meetingId })))
      throw new RecordNotFoundError('meeting', v.meetingId);
    await this.versions.create({
      _id: v.id,
      meetingId: v.meetingId,
      name: v.name,
      kind: v.kind,
      createdBy: v.createdBy,
      createdByName: v.createdByName,
      createdAt: v.createdAt,
      state: Buffer.from(v.state),
      text: v.text,
    });
  }

  async listVersions(meetingId: string): Promise<MinutesVersion[]> {
    const rows = await this.versions
      .find({ meetingId }, { state: 0, text: 0 })
      .sort({ createdAt: 1, _id: 1 })
      .lean<Omit<MinutesVersionDoc, 'state' | 'text'>[]>();
    return rows.map(toVersion);
  }

  async getVersion(meetingId: string, versionId: string): Promise<MinutesVersionRecord | null> {
    const d = await this.versions.findOne({ _id: versionId, meetingId }).lean<MinutesVersionDoc>();
    if (!d) return null;
    return { ...toVersion(d), state: toBytes(d.state), text: d.text };
  }

  getApproval(meetingId: string): Promise<MinutesApprovalRecord | null> {
    return getApprovalDoc(this.approvals, meetingId);
  }

  saveApproval(record: MinutesApprovalRecord, expectedVersion: number): Promise<MinutesApprovalRecord> {
    return saveApprovalDoc(this.approvals, this.meetings, record, expectedVersion, 'minutes_approval');
  }
}
