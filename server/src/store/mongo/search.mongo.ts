import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import type { SearchHitKind } from '@icabinet/shared';
import type { SearchEntry, SearchQueryFilter, SearchRepo } from '../port.js';
import { excerptOf, flattenText, foldForSearch, meaningful } from '../search.js';
import type { MeetingDoc, ParticipantDoc, SearchEntryDoc } from './models.js';

/**
 * The search index on MongoDB: a text index over the folded title and body. Every word is sent
 * as a quoted phrase, which makes MongoDB require all of them (plain words would be OR-ed).
 * Unlike FTS5 a text index matches whole words only, so the last word is not a prefix here.
 */
export class MongoSearchRepo implements SearchRepo {
  constructor(
    private readonly model: Model<SearchEntryDoc>,
    private readonly meetings: Model<MeetingDoc>,
    private readonly participants: Model<ParticipantDoc>,
  ) {}

  async upsert(e: SearchEntry): Promise<void> {
    const body = flattenText(e.text);
    const doc: SearchEntryDoc = {
      _id: e.id,
      kind: e.kind,
      meetingId: e.meetingId,
      title: e.title,
      body,
      foldedTitle: foldForSearch(e.title),
      foldedBody: foldForSearch(body),
    };
    await this.model.replaceOne({ _id: e.id }, doc, { upsert: true });
  }

  async remove(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id });
  }

  async query(filter: SearchQueryFilter): Promise<SearchEntry[]> {
    const words = filter.tokens.filter(meaningful);
    if (words.length === 0) return [];
    const q: Record<string, unknown> = {
      $text: mongoose.trusted({ $search: words.map((w) => `"${w.replace(/"/g, ' ')}"`).join(' ') }),
    };
    const v = filter.visibleTo;
    if (v !== undefined) {
      const mine: string[] = await this.participants.distinct('meetingId', { userId: v.userId });
      if (v.nonConfidential) {
        // Everything but the confidential meetings the caller is not part of.
        const confidential: string[] = await this.meetings.distinct('_id', {
          confidentiality: 'confidential',
        });
        const hidden = confidential.filter((id) => !mine.includes(id));
        q.meetingId = mongoose.trusted({ $nin: hidden });
      } else {
        q.meetingId = mongoose.trusted({ $in: mine });
      }
    }
    const docs = await this.model
      .find(q, { score: { $meta: 'textScore' }, kind: 1, meetingId: 1, title: 1, body: 1, foldedBody: 1 })
      .sort({ score: { $meta: 'textScore' }, _id: 1 })
      .limit(filter.limit)
      .lean<SearchEntryDoc[]>();
    // Entries whose meeting is gone are not shown (SQLite joins them away).
    const live = new Set<string>(
      await this.meetings.distinct('_id', { _id: mongoose.trusted({ $in: docs.map((d) => d.meetingId) }) }),
    );
    return docs
      .filter((d) => live.has(d.meetingId))
      .map((d) => ({
        id: d._id,
        kind: d.kind as SearchHitKind,
        meetingId: d.meetingId,
        title: d.title,
        text: excerptOf(d.body, d.foldedBody, words[0]),
      }));
  }
}
