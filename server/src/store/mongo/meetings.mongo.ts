import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import type { Confidentiality, MeetingKind, MeetingStatus, QuorumRule } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  MeetingListFilter,
  MeetingPatch,
  MeetingRecord,
  MeetingsRepo,
  MeetingVisibility,
} from '../port.js';
import { MEETING_PATCH_KEYS, pickDefined } from '../patch.js';
import { meetingSearchText, searchTokens } from '../search.js';
import { escapeRegex } from './mongo-errors.js';
import type { MeetingDoc, ParticipantDoc } from './models.js';
import { mapDuplicates } from './mongo-errors.js';

const toRecord = (d: MeetingDoc): MeetingRecord => ({
  id: d._id,
  title: d.title,
  kind: d.kind as MeetingKind,
  location: d.location,
  startsAt: d.startsAt,
  endsAt: d.endsAt,
  status: d.status as MeetingStatus,
  confidentiality: d.confidentiality as Confidentiality,
  chairId: d.chairId,
  quorumRule: d.quorumRule as QuorumRule,
  statusReason: d.statusReason,
  description: d.description ?? null,
  agendaVersion: d.agendaVersion ?? 0,
  seriesId: d.seriesId ?? null,
  sharedAnnotationsOpen: d.sharedAnnotationsOpen ?? false,
  deputiesMayVote: d.deputiesMayVote ?? false,
  startedAt: d.startedAt ?? null,
  endedAt: d.endedAt ?? null,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

const toDoc = (m: MeetingRecord): MeetingDoc => {
  const { id, ...rest } = m;
  return {
    _id: id,
    ...rest,
    startsAtMs: Date.parse(m.startsAt),
    endsAtMs: Date.parse(m.endsAt),
    search: meetingSearchText(m),
  };
};

/**
 * `meeting:view` as a MongoDB filter on meetings (see MeetingVisibility): null when every
 * meeting is visible. Returns a builder, as mongoose casts filters in place.
 */
export async function visibleMeetingsFilter(
  participants: Model<ParticipantDoc>,
  visibleTo: MeetingVisibility | undefined,
): Promise<(() => Record<string, unknown>) | null> {
  if (visibleTo === undefined) return null;
  const mine: string[] = await participants.distinct('meetingId', { userId: visibleTo.userId });
  const own = () => ({ _id: mongoose.trusted({ $in: [...mine] }) });
  if (!visibleTo.nonConfidential) return own;
  return () => ({ $or: [own(), { confidentiality: mongoose.trusted({ $ne: 'confidential' }) }] });
}

/** The meetings repository on MongoDB. */
export class MongoMeetingsRepo implements MeetingsRepo {
  constructor(
    private readonly model: Model<MeetingDoc>,
    private readonly participants: Model<ParticipantDoc>,
  ) {}

  async create(meeting: MeetingRecord): Promise<MeetingRecord> {
    await mapDuplicates(() => this.model.create(toDoc(meeting)));
    return meeting;
  }

  async getById(id: string): Promise<MeetingRecord | null> {
    const doc = await this.model.findById(id).lean<MeetingDoc>();
    return doc ? toRecord(doc) : null;
  }

  /**
   * Same rules as SQLite: a meeting matches a [from, to) window when it overlaps it, and an
   * empty status list means no status filter.
   */
  async list(filter: MeetingListFilter): Promise<{ items: MeetingRecord[]; total: number }> {
    const meetingIds =
      filter.participantUserId === undefined
        ? undefined
        : await this.participants.distinct('meetingId', { userId: filter.participantUserId });
    const visible = await visibleMeetingsFilter(this.participants, filter.visibleTo);
    const organised: string[] | undefined =
      filter.hideDraftsFrom === undefined
        ? undefined
        : await this.participants.distinct('meetingId', {
            userId: filter.hideDraftsFrom,
            role: mongoose.trusted({ $in: ['chair', 'secretary'] }),
          });
    const tokens = searchTokens(filter.q);
    // Built afresh for each call: mongoose casts filters in place, and two queries use it.
    const query = (): Record<string, unknown> => {
      const q: Record<string, unknown> = {};
      const and: Record<string, unknown>[] = [];
      if (filter.status?.length) and.push({ status: mongoose.trusted({ $in: [...filter.status] }) });
      if (filter.excludeStatus?.length)
        and.push({ status: mongoose.trusted({ $nin: [...filter.excludeStatus] }) });
      if (filter.kind !== undefined) q.kind = filter.kind;
      if (visible) and.push(visible());
      if (organised) {
        and.push({
          $or: [
            { status: mongoose.trusted({ $ne: 'draft' }) },
            { _id: mongoose.trusted({ $in: [...organised] }) },
            ...(filter.draftsOfNonConfidential
              ? [{ confidentiality: mongoose.trusted({ $ne: 'confidential' }) }]
              : []),
          ],
        });
      }
      for (const t of tokens) and.push({ search: mongoose.trusted({ $regex: escapeRegex(t) }) });
      const timeline = filter.timeline;
      if (timeline?.kind === 'upcoming') {
        and.push({ status: mongoose.trusted({ $nin: ['ended', 'closed', 'cancelled'] }) });
        and.push({
          $or: [{ status: 'in_progress' }, { endsAtMs: mongoose.trusted({ $gt: Date.parse(timeline.now) }) }],
        });
      } else if (timeline?.kind === 'past') {
        and.push({
          $or: [
            { status: mongoose.trusted({ $in: ['ended', 'closed'] }) },
            {
              status: mongoose.trusted({ $ne: 'in_progress' }),
              endsAtMs: mongoose.trusted({ $lte: Date.parse(timeline.now) }),
            },
          ],
        });
      }
      if (and.length > 0) q.$and = and;
      if (filter.from !== undefined) q.endsAtMs = mongoose.trusted({ $gt: Date.parse(filter.from) });
      if (filter.to !== undefined) q.startsAtMs = mongoose.trusted({ $lt: Date.parse(filter.to) });
      if (meetingIds !== undefined) q._id = mongoose.trusted({ $in: [...meetingIds] });
      return q;
    };
    const [docs, total] = await Promise.all([
      this.model
        .find(query())
        .sort(filter.order === 'desc' ? { startsAtMs: -1, _id: -1 } : { startsAtMs: 1, _id: 1 })
        .skip(filter.offset)
        .limit(filter.limit)
        .lean<MeetingDoc[]>(),
      this.model.countDocuments(query()),
    ]);
    return { items: docs.map(toRecord), total };
  }

  async update(
    id: string,
    patch: MeetingPatch,
    expectedVersion: number,
    now: string,
  ): Promise<MeetingRecord> {
    const doc = await this.model.findById(id).lean<MeetingDoc>();
    if (!doc) throw new RecordNotFoundError('meeting', id);
    if (doc.version !== expectedVersion) throw new VersionConflictError('meeting', id);
    const current = toRecord(doc);
    const next: MeetingRecord = {
      ...current,
      ...pickDefined(patch, MEETING_PATCH_KEYS),
      updatedAt: now,
      version: current.version + 1,
    };
    const fields: Partial<MeetingDoc> = toDoc(next);
    // The agenda version moves on its own (agenda writes); a details edit must not reset it.
    delete fields._id;
    delete fields.agendaVersion;
    // Recomputes the *Ms fields with the times; the version filter catches a concurrent write.
    const written = await this.model
      .findOneAndUpdate({ _id: id, version: current.version }, { $set: fields }, { returnDocument: 'after' })
      .lean<MeetingDoc>();
    if (!written) throw new VersionConflictError('meeting', id);
    return toRecord(written);
  }
}
