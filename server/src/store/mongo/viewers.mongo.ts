import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import { RecordNotFoundError } from '../port.js';
import type { ViewerLinkRecord, ViewerLinksRepo } from '../viewers.port.js';

export interface ViewerLinkDoc extends Omit<ViewerLinkRecord, 'id'> {
  _id: string;
}

export const viewerLinkSchema = new Schema<ViewerLinkDoc>(
  {
    _id: { type: String, required: true },
    meetingId: { type: String, required: true, index: true },
    siteId: { type: String, default: null },
    tokenHash: { type: String, required: true, unique: true },
    label: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: String, required: true },
    revokedAt: { type: String, default: null },
  },
  { collection: 'viewerLinks', versionKey: false },
);

const toRecord = (d: ViewerLinkDoc): ViewerLinkRecord => ({
  id: d._id,
  meetingId: d.meetingId,
  siteId: d.siteId ?? null,
  tokenHash: d.tokenHash,
  label: d.label,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  revokedAt: d.revokedAt ?? null,
});

/** The viewer links repository on MongoDB (collection `viewerLinks`). */
export class MongoViewerLinksRepo implements ViewerLinksRepo {
  constructor(private readonly links: Model<ViewerLinkDoc>) {}

  async create(link: ViewerLinkRecord): Promise<void> {
    const { id, ...rest } = link;
    await this.links.create([{ _id: id, ...rest }]);
  }

  async getById(id: string): Promise<ViewerLinkRecord | null> {
    const d = await this.links.findById(id).lean<ViewerLinkDoc>();
    return d ? toRecord(d) : null;
  }

  async getByTokenHash(tokenHash: string): Promise<ViewerLinkRecord | null> {
    const d = await this.links.findOne({ tokenHash }).lean<ViewerLinkDoc>();
    return d ? toRecord(d) : null;
  }

  async listByMeeting(meetingId: string): Promise<ViewerLinkRecord[]> {
    const docs = await this.links.find({ meetingId }).sort({ createdAt: 1, _id: 1 }).lean<ViewerLinkDoc[]>();
    return docs.map(toRecord);
  }

  async revoke(id: string, at: string): Promise<ViewerLinkRecord> {
    await this.links.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
    const d = await this.links.findById(id).lean<ViewerLinkDoc>();
    if (!d) throw new RecordNotFoundError('viewer_link', id);
    return toRecord(d);
  }
}
