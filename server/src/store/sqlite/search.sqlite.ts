import type Database from 'better-sqlite3';
import type { SearchHitKind } from '@icabinet/shared';
import type { SearchEntry, SearchQueryFilter, SearchRepo } from '../port.js';
import { EXCERPT_CHARS, flattenText, foldForSearch, ftsMatchExpression, meaningful } from '../search.js';
import { VISIBLE_SQL, visibilityParams } from './meetings.sqlite.js';
import { asPromise } from './sql.js';

interface EntryRow {
  id: string;
  kind: string;
  meeting_id: string;
  title: string;
  body: string;
}

/**
 * The search index on SQLite: `search_entries` keeps the original text (for snippets),
 * `search_fts` (FTS5, same rowid) the accent-folded text that queries match.
 */
export class SqliteSearchRepo implements SearchRepo {
  private readonly upsertTx;
  private readonly removeTx;
  private readonly find;

  constructor(db: Database.Database) {
    const rowidOf = db.prepare<[string], number>('SELECT rowid FROM search_entries WHERE id = ?').pluck();
    const insertEntry = db.prepare<EntryRow>(
      'INSERT INTO search_entries (id, kind, meeting_id, title, body) VALUES (@id, @kind, @meeting_id, @title, @body)',
    );
    const updateEntry = db.prepare<EntryRow>(
      'UPDATE search_entries SET kind = @kind, meeting_id = @meeting_id, title = @title, body = @body WHERE id = @id',
    );
    const deleteEntry = db.prepare<[number]>('DELETE FROM search_entries WHERE rowid = ?');
    const insertFts = db.prepare<[number | bigint, string, string]>(
      'INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)',
    );
    const deleteFts = db.prepare<[number]>('DELETE FROM search_fts WHERE rowid = ?');
    this.upsertTx = db.transaction((e: SearchEntry) => {
      const body = flattenText(e.text);
      const row: EntryRow = { id: e.id, kind: e.kind, meeting_id: e.meetingId, title: e.title, body };
      const existing = rowidOf.get(e.id);
      let rowid: number | bigint;
      if (existing === undefined) {
        rowid = insertEntry.run(row).lastInsertRowid;
      } else {
        updateEntry.run(row);
        deleteFts.run(existing);
        rowid = existing;
      }
      insertFts.run(rowid, foldForSearch(e.title), foldForSearch(body));
    });
    this.removeTx = db.transaction((id: string) => {
      const rowid = rowidOf.get(id);
      if (rowid === undefined) return;
      deleteFts.run(rowid);
      deleteEntry.run(rowid);
    });
    // Title matches weigh more than body matches (bm25 column weights); only visible meetings.
    // The folded body has the original's length, so the excerpt is cut in SQL around the first
    // word's position and a long document's text never crosses into JavaScript whole.
    this.find = db.prepare<
      {
        match: string;
        needle: string;
        lead: number;
        span: number;
        limit: number;
        visUser: string | null;
        visNonConf: number;
      },
      EntryRow
    >(`SELECT e.id, e.kind, e.meeting_id, e.title,
        CASE WHEN length(e.body) <= @span THEN e.body
          ELSE substr(e.body, max(1, instr(f.body, @needle) - @lead), @span) END AS body
      FROM search_fts f
      JOIN search_entries e ON e.rowid = f.rowid
      JOIN meetings ON meetings.id = e.meeting_id
      WHERE search_fts MATCH @match AND (${VISIBLE_SQL})
      ORDER BY bm25(search_fts, 5.0, 1.0), e.id
      LIMIT @limit`);
  }

  upsert(entry: SearchEntry): Promise<void> {
    return asPromise(() => this.upsertTx.immediate(entry));
  }

  remove(id: string): Promise<void> {
    return asPromise(() => this.removeTx.immediate(id));
  }

  query(filter: SearchQueryFilter): Promise<SearchEntry[]> {
    return asPromise(() => {
      const match = ftsMatchExpression(filter.tokens);
      if (match === null) return [];
      return this.find
        .all({
          match,
          needle: filter.tokens.find(meaningful) ?? '',
          lead: EXCERPT_CHARS / 2,
          span: EXCERPT_CHARS,
          limit: filter.limit,
          ...visibilityParams(filter.visibleTo),
        })
        .map((r) => ({
          id: r.id,
          kind: r.kind as SearchHitKind,
          meetingId: r.meeting_id,
          title: r.title,
          text: r.body,
        }));
    });
  }
}
