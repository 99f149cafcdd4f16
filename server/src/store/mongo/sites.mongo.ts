import mongoose, { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { Site } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { MeetingSiteRecord, MeetingSiteState, SitePatch, SitesRepo } from '../sites.port.js';
import { mapDuplicates, mapMongoError } from './mongo-errors.js';

export interface SiteDoc extends Omit<Site, 'id'> {
  _id: string;
}

export interface MeetingSiteDoc extends MeetingSiteRecord {
  /** `<meetingId>:<siteId>`. */
  _id: string;
}

export const siteSchema = new Schema<SiteDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    level: { type: String, required: true, enum: ['city', 'district', 'commune'] },
    parentId: { type: String, default: null, index: true },
    operatorId: { type: String, default: null, index: true },
    expectedDelegates: { type: Number, required: true },
    conferenceUrl: { type: String, default: null },
    active: { type: Boolean, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'sites', versionKey: false },
);

export const meetingSiteSchema = new Schema<MeetingSiteDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true, index: true },
    siteId: { type: String, required: true, index: true },
    participantId: { type: String, default: null },
    linkedAt: { type: String, required: true },
    connectedAt: { type: String, default: null },
    lastSeenAt: { type: String, default: null },
    disconnectedAt: { type: String, default: null },
    report: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'meetingSites', versionKey: false, minimize: false },
);

const toSite = (d: SiteDoc): Site => ({
  id: d._id,
  code: d.code,
  name: d.name,
  level: d.level,
  parentId: d.parentId ?? null,
  operatorId: d.operatorId ?? null,
  expectedDelegates: d.expectedDelegates,
  conferenceUrl: d.conferenceUrl ?? null,
  active: d.active,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

const toLink = (d: MeetingSiteDoc): MeetingSiteRecord => ({
  meetingId: d.meetingId,
  siteId: d.siteId,
  participantId: d.participantId ?? null,
  linkedAt: d.linkedAt,
  connectedAt: d.connectedAt ?? null,
  lastSeenAt: d.lastSeenAt ?? null,
  disconnectedAt: d.disconnectedAt ?? null,
  report: d.report ?? null,
});

const linkKey = (meetingId: string, siteId: string) => `${meetingId}:${siteId}`;

/** The sites repository on MongoDB (collections `sites` and `meetingSites`). */
export class MongoSitesRepo implements SitesRepo {
  constructor(
    private readonly sites: Model<SiteDoc>,
    private readonly links: Model<MeetingSiteDoc>,
  ) {}

  async createMany(list: Site[]): Promise<void> {
    if (list.length === 0) return;
    const docs = list.map(({ id, ...rest }) => ({ _id: id, ...rest }));
    // Inside Store.transaction this joins the transaction; without one (a standalone server),
    // what this call inserted is taken out again on failure, never a site that existed before.
    try {
      await this.sites.insertMany(docs, { ordered: true });
    } catch (e) {
      await this.sites.deleteMany({ _id: mongoose.trusted({ $in: docs.map((d) => d._id) }), version: 0 });
      throw mapMongoError(e);
    }
  }

  async getById(id: string): Promise<Site | null> {
    const d = await this.sites.findById(id).lean<SiteDoc>();
    return d ? toSite(d) : null;
  }

  async list(): Promise<Site[]> {
    return (await this.sites.find({}).lean<SiteDoc[]>()).map(toSite);
  }

  async existingCodes(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const docs = await this.sites
      .find({ code: mongoose.trusted({ $in: codes }) }, { code: 1 })
      .lean<SiteDoc[]>();
    return docs.map((d) => d.code);
  }

  async listByOperator(userId: string): Promise<Site[]> {
    return (await this.sites.find({ operatorId: userId }).lean<SiteDoc[]>()).map(toSite);
  }

  async update(id: string, patch: SitePatch, expectedVersion: number, now: string): Promise<Site> {
    const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const written = await mapDuplicates(() =>
      this.sites
        .findOneAndUpdate(
          { _id: id, version: expectedVersion },
          { $set: { ...fields, updatedAt: now }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        )
        .lean<SiteDoc>(),
    );
    if (written) return toSite(written);
    if (await this.sites.exists({ _id: id })) throw new VersionConflictError('site', id);
    throw new RecordNotFoundError('site', id);
  }

  async listLinks(meetingId: string): Promise<MeetingSiteRecord[]> {
    return (await this.links.find({ meetingId }).lean<MeetingSiteDoc[]>()).map(toLink);
  }

  async getLink(meetingId: string, siteId: string): Promise<MeetingSiteRecord | null> {
    const d = await this.links.findById(linkKey(meetingId, siteId)).lean<MeetingSiteDoc>();
    return d ? toLink(d) : null;
  }

  async listLinksOfSites(siteIds: string[]): Promise<MeetingSiteRecord[]> {
    if (siteIds.length === 0) return [];
    return (
      await this.links.find({ siteId: mongoose.trusted({ $in: siteIds }) }).lean<MeetingSiteDoc[]>()
    ).map(toLink);
  }

  async setLinks(meetingId: string, add: MeetingSiteRecord[], removeSiteIds: string[]): Promise<void> {
    if (removeSiteIds.length > 0) {
      await this.links.deleteMany({
        _id: mongoose.trusted({ $in: removeSiteIds.map((s) => linkKey(meetingId, s)) }),
      });
    }
    if (add.length > 0) {
      await this.links.bulkWrite(
        add.map((l) => ({
          updateOne: {
            filter: { _id: linkKey(meetingId, l.siteId) },
            update: { $setOnInsert: { ...l, meetingId } },
            upsert: true,
          },
        })),
      );
    }
  }

  async updateLink(meetingId: string, siteId: string, state: MeetingSiteState): Promise<MeetingSiteRecord> {
    const fields = Object.fromEntries(Object.entries(state).filter(([, v]) => v !== undefined));
    const d = await this.links
      .findOneAndUpdate({ _id: linkKey(meetingId, siteId) }, { $set: fields }, { returnDocument: 'after' })
      .lean<MeetingSiteDoc>();
    if (!d) throw new RecordNotFoundError('meeting_site', linkKey(meetingId, siteId));
    return toLink(d);
  }
}
