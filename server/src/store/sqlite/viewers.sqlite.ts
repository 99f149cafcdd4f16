import type Database from 'better-sqlite3';
import { RecordNotFoundError } from '../port.js';
import type { ViewerLinkRecord, ViewerLinksRepo } from '../viewers.port.js';
import { asPromise } from './sql.js';

/** Viewer links of meetings (migration 17). */
export const VIEWER_LINKS_MIGRATION_SQL = `
  CREATE TABLE viewer_links (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    site_id TEXT REFERENCES sites(id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  ) STRICT;
  CREATE INDEX viewer_links_meeting ON viewer_links (meeting_id, created_at);
`;

interface Row {
  id: string;
  meeting_id: string;
  site_id: string | null;
  token_hash: string;
  label: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

const toRecord = (r: Row): ViewerLinkRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  siteId: r.site_id,
  tokenHash: r.token_hash,
  label: r.label,
  createdBy: r.created_by,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** The viewer links repository on SQLite. */
export class SqliteViewerLinksRepo implements ViewerLinksRepo {
  private readonly insert;
  private readonly byId;
  private readonly byHash;
  private readonly byMeeting;
  private readonly markRevoked;

  constructor(db: Database.Database) {
    this.insert = db.prepare<Row>(`INSERT INTO viewer_links (id, meeting_id, site_id, token_hash, label,
      created_by, created_at, revoked_at) VALUES (@id, @meeting_id, @site_id, @token_hash, @label,
      @created_by, @created_at, @revoked_at)`);
    this.byId = db.prepare<[string], Row>('SELECT * FROM viewer_links WHERE id = ?');
    this.byHash = db.prepare<[string], Row>('SELECT * FROM viewer_links WHERE token_hash = ?');
    this.byMeeting = db.prepare<[string], Row>(
      'SELECT * FROM viewer_links WHERE meeting_id = ? ORDER BY created_at, id',
    );
    this.markRevoked = db.prepare<[string, string]>(
      'UPDATE viewer_links SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?',
    );
  }

  create(l: ViewerLinkRecord): Promise<void> {
    return asPromise(() => {
      this.insert.run({
        id: l.id,
        meeting_id: l.meetingId,
        site_id: l.siteId,
        token_hash: l.tokenHash,
        label: l.label,
        created_by: l.createdBy,
        created_at: l.createdAt,
        revoked_at: l.revokedAt,
      });
    });
  }

  getById(id: string): Promise<ViewerLinkRecord | null> {
    return asPromise(() => {
      const r = this.byId.get(id);
      return r ? toRecord(r) : null;
    });
  }

  getByTokenHash(tokenHash: string): Promise<ViewerLinkRecord | null> {
    return asPromise(() => {
      const r = this.byHash.get(tokenHash);
      return r ? toRecord(r) : null;
    });
  }

  listByMeeting(meetingId: string): Promise<ViewerLinkRecord[]> {
    return asPromise(() => this.byMeeting.all(meetingId).map(toRecord));
  }

  revoke(id: string, at: string): Promise<ViewerLinkRecord> {
    return asPromise(() => {
      const { changes } = this.markRevoked.run(at, id);
      const r = this.byId.get(id);
      if (changes === 0 || !r) throw new RecordNotFoundError('viewer_link', id);
      return toRecord(r);
    });
  }
}
