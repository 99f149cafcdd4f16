import type Database from 'better-sqlite3';
import { RecordNotFoundError } from '../port.js';
import type { SessionRecord, SessionsRepo } from '../port.js';
import { asPromise, isForeignKeyError, mapConstraintError, toMs, withoutSync } from './sql.js';

interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

type SessionParams = SessionRow & { last_seen_ms: number; expires_ms: number };

const toRecord = (r: SessionRow): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
});

/** The sessions repository on SQLite. */
export class SqliteSessionsRepo implements SessionsRepo {
  private readonly insert;
  private readonly byId;
  private readonly touchStmt;
  private readonly deleteStmt;
  private readonly deleteByUserStmt;
  private readonly byUserStmt;
  private readonly deleteExpiredStmt;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<SessionParams>(`INSERT INTO sessions (id, user_id, created_at, last_seen_at,
      expires_at, last_seen_ms, expires_ms, ip, user_agent) VALUES (@id, @user_id, @created_at, @last_seen_at,
      @expires_at, @last_seen_ms, @expires_ms, @ip, @user_agent)`);
    this.byId = db.prepare<
      [string],
      SessionRow
    >(`SELECT id, user_id, created_at, last_seen_at, expires_at, ip,
      user_agent FROM sessions WHERE id = ?`);
    this.touchStmt = db.prepare<[string, number, string]>(
      'UPDATE sessions SET last_seen_at = ?, last_seen_ms = ? WHERE id = ?',
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM sessions WHERE id = ?');
    this.deleteByUserStmt = db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?');
    this.byUserStmt = db.prepare<[string], SessionRow>(`SELECT id, user_id, created_at, last_seen_at,
      expires_at, ip, user_agent FROM sessions WHERE user_id = ? ORDER BY last_seen_ms DESC, id`);
    this.deleteExpiredStmt = db.prepare<[number, number]>(
      'DELETE FROM sessions WHERE expires_ms < ? OR last_seen_ms < ?',
    );
  }

  create(s: SessionRecord): Promise<void> {
    return asPromise(() => {
      try {
        this.insert.run({
          id: s.id,
          user_id: s.userId,
          created_at: s.createdAt,
          last_seen_at: s.lastSeenAt,
          expires_at: s.expiresAt,
          last_seen_ms: toMs(s.lastSeenAt),
          expires_ms: toMs(s.expiresAt),
          ip: s.ip,
          user_agent: s.userAgent,
        });
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('user', s.userId);
        throw mapConstraintError(e, { 'sessions.id': 'id' });
      }
    });
  }

  get(id: string): Promise<SessionRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  /**
   * Records activity; a session deleted meanwhile (logout elsewhere) is left deleted. Committed
   * without an fsync (`withoutSync`): a "last seen" mark lost to a power cut only makes the
   * session look idle sooner, while an fsync here — once a minute per connected device, on the
   * event loop — stalled every socket of a full room (500 tablets) for the disk's flush.
   */
  touch(id: string, lastSeenAt: string): Promise<void> {
    return asPromise(() => {
      withoutSync(this.db, () => this.touchStmt.run(lastSeenAt, toMs(lastSeenAt), id));
    });
  }

  delete(id: string): Promise<void> {
    return asPromise(() => {
      this.deleteStmt.run(id);
    });
  }

  listByUser(userId: string): Promise<SessionRecord[]> {
    return asPromise(() => this.byUserStmt.all(userId).map(toRecord));
  }

  deleteByUser(userId: string): Promise<number> {
    return asPromise(() => this.deleteByUserStmt.run(userId).changes);
  }

  deleteExpired(now: string, idleBefore: string): Promise<number> {
    return asPromise(() => this.deleteExpiredStmt.run(toMs(now), toMs(idleBefore)).changes);
  }
}
