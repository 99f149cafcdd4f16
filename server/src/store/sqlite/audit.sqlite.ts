import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry } from '@icabinet/shared';
import type { AuditRepo } from '../port.js';
import { asPromise, fromJson, mapConstraintError } from './sql.js';

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  action: r.action as AuditAction,
  targetType: r.target_type,
  targetId: r.target_id,
  data: fromJson<Record<string, unknown>>(r.data),
  ip: r.ip,
  prevHash: r.prev_hash,
  hash: r.hash,
});

/** The append-only audit log on SQLite; `seq` is the primary key, so two writers cannot share one. */
export class SqliteAuditRepo implements AuditRepo {
  private readonly insert;
  private readonly lastStmt;
  private readonly after;
  private readonly recent;
  private readonly countAll;
  private readonly page;
  private readonly recentOf;
  private readonly countOf;
  private readonly pageOf;

  constructor(db: Database.Database) {
    this.insert = db.prepare<AuditRow>(`INSERT INTO audit_log (seq, at, actor_id, action, target_type,
      target_id, data, ip, prev_hash, hash) VALUES (@seq, @at, @actor_id, @action, @target_type, @target_id,
      @data, @ip, @prev_hash, @hash)`);
    this.lastStmt = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.after = db.prepare<[number, number], AuditRow>(
      'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq ASC LIMIT ?',
    );
    this.recent = db.prepare<[number, number], AuditRow>(
      'SELECT * FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?',
    );
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM audit_log').pluck();
    // One read transaction, so the page and the total come from the same snapshot.
    this.page = db.transaction((limit: number, offset: number) => ({
      items: this.recent.all(limit, offset).map(toEntry),
      total: this.countAll.get() ?? 0,
    }));
    // An action or a group: `document` matches `document.uploaded`, `document.deleted`, ...
    const byAction = `(action = @action OR (instr(@action, '.') = 0 AND substr(action, 1, length(@action) + 1) = @action || '.'))`;
    this.recentOf = db.prepare<{ action: string; limit: number; offset: number }, AuditRow>(
      `SELECT * FROM audit_log WHERE ${byAction} ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
    );
    this.countOf = db
      .prepare<{ action: string }, number>(`SELECT count(*) FROM audit_log WHERE ${byAction}`)
      .pluck();
    this.pageOf = db.transaction((action: string, limit: number, offset: number) => ({
      items: this.recentOf.all({ action, limit, offset }).map(toEntry),
      total: this.countOf.get({ action }) ?? 0,
    }));
  }

  append(e: AuditEntry): Promise<void> {
    return asPromise(() => {
      try {
        this.insert.run({
          seq: e.seq,
          at: e.at,
          actor_id: e.actorId,
          action: e.action,
          target_type: e.targetType,
          target_id: e.targetId,
          data: JSON.stringify(e.data),
          ip: e.ip,
          prev_hash: e.prevHash,
          hash: e.hash,
        });
      } catch (err) {
        throw mapConstraintError(err, { 'audit_log.seq': 'seq' });
      }
    });
  }

  last(): Promise<AuditEntry | null> {
    return asPromise(() => {
      const row = this.lastStmt.get();
      return row ? toEntry(row) : null;
    });
  }

  listAfter(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return asPromise(() => this.after.all(afterSeq, limit).map(toEntry));
  }

  listRecent(
    limit: number,
    offset: number,
    action?: string,
  ): Promise<{ items: AuditEntry[]; total: number }> {
    return asPromise(() => (action ? this.pageOf(action, limit, offset) : this.page(limit, offset)));
  }
}
