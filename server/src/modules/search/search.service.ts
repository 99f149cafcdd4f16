import type { SearchHit, SearchHitKind, SearchQuery } from '@icabinet/shared';
import { accessFor, callerOfActor, visibilityOf, type MeetingStanding } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import type { Logger } from '../../logger.js';
import type { SearchEntry, Store } from '../../store/port.js';
import { searchTokens, snippetOf } from '../../store/search.js';

/** One thing to index: a meeting, an agenda item or a document (title + text). */
export interface SearchIndexEntry {
  kind: SearchHitKind;
  /** The meeting's, item's or document's id. */
  id: string;
  meetingId: string;
  title: string;
  text: string;
}

/**
 * What keeps the index current; called only by the bus subscriber in search.subscriber.ts.
 * Meetings, agenda items and documents are indexed when the bus tells of a change.
 */
export interface SearchIndexer {
  index(entry: SearchIndexEntry): Promise<void>;
  remove(id: string): Promise<void>;
}

/** How many candidates to read per hit asked for, as some may be documents the caller may not open. */
const OVERFETCH = 3;

/** Indexing and the search box: accent-insensitive, filtered by what the caller may see. */
export class SearchService implements SearchIndexer {
  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  async index(entry: SearchIndexEntry): Promise<void> {
    await this.store.search.upsert(entry satisfies SearchEntry);
  }

  async remove(id: string): Promise<void> {
    await this.store.search.remove(id);
  }

  /** Indexing is best effort for callers that must not fail because of it. */
  async indexQuietly(entry: SearchIndexEntry): Promise<void> {
    try {
      await this.index(entry);
    } catch (err) {
      this.logger.warn({ err, id: entry.id, kind: entry.kind }, 'search indexing failed');
    }
  }

  async removeQuietly(id: string): Promise<void> {
    try {
      await this.remove(id);
    } catch (err) {
      this.logger.warn({ err, id }, 'search unindexing failed');
    }
  }

  /** `GET /search?q=`: best matches first, only what the caller may open. */
  async search(actor: Actor, query: SearchQuery): Promise<{ items: SearchHit[] }> {
    const tokens = searchTokens(query.q);
    const candidates = await this.store.search.query({
      tokens,
      visibleTo: visibilityOf(callerOfActor(actor)),
      limit: query.limit * OVERFETCH,
    });
    // One standing per meeting: the policy decides drafts, confidentiality and each document.
    const access = accessFor(this.store);
    const caller = callerOfActor(actor);
    const standings = new Map<string, MeetingStanding | null>();
    const standingOf = async (id: string): Promise<MeetingStanding | null> => {
      if (!standings.has(id)) {
        const meeting = await this.store.meetings.getById(id);
        standings.set(id, meeting ? await access.standingIn(caller, meeting) : null);
      }
      return standings.get(id) ?? null;
    };
    const items: SearchHit[] = [];
    for (const c of candidates) {
      if (items.length >= query.limit) break;
      const standing = await standingOf(c.meetingId);
      if (!standing?.may('view')) continue;
      if (c.kind === 'document' && !(await this.mayOpenDocument(standing, c.id))) continue;
      const { meeting } = standing;
      items.push({
        kind: c.kind,
        id: c.id,
        meetingId: meeting.id,
        meetingTitle: meeting.title,
        title: c.title,
        snippet: snippetOf(c.text || c.title, tokens),
        startsAt: meeting.startsAt,
      });
    }
    return { items };
  }

  /** Documents carry their own classification on top of the meeting's visibility. */
  private async mayOpenDocument(standing: MeetingStanding, documentId: string): Promise<boolean> {
    const doc = await this.store.documents.getById(documentId);
    if (!doc || !doc.latest || doc.meetingId !== standing.meeting.id) return false;
    return standing.mayDocument(doc, 'open');
  }
}
