import type Database from 'better-sqlite3';
import type { AuditAction, AuditEntry } from '@icabinet/shared';
import type { AuditFilter, AuditRepo } from '../port.js';
import { asPromise, fromJson, mapConstraintError } from './sql.js';

const FILTER_KEYS = [
  'action',
  'actorId',
  'targetId',
  'from',
  'to',
  'q',
] as const satisfies readonly (keyof AuditFilter)[];

/** The SQL of each filter (named parameters). Times are compared as the ISO strings the log stores. */
const CONDITIONS: Record<(typeof FILTER_KEYS)[number], string> = {
  // An action or a group: `document` matches `document.uploaded`, `document.deleted`, ...
  action: `(action = @action OR (instr(@action, '.') = 0 AND substr(action, 1, length(@action) + 1) = @action || '.'))`,
  actorId: 'actor_id = @actorId',
  targetId: 'target_id = @targetId',
  from: 'at >= @from',
  to: 'at < @to',
  q: `lower(action || ' ' || coalesce(target_type, '') || ' ' || coalesce(target_id, '') || ' ' || coalesce(ip, '') || ' ' || data) LIKE @q ESCAPE '\\'`,
};

/** LIKE pattern characters taken literally. */
const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

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
  private readonly db: Database.Database;
  private readonly byFilter = new Map<
    string,
    {
      used: (keyof AuditFilter)[];
      page: (params: Record<string, unknown>) => { items: AuditEntry[]; total: number };
    }
  >();

  constructor(db: Database.Database) {
    this.insert = db.prepare<AuditRow>(`INSERT INTO audit_log (seq, at, actor_id, action, target_type,
      target_id, data, ip, prev_hash, hash) VALUES (@seq, @at, @actor_id, @action, @target_type, @target_id,
      @data, @ip, @prev_hash, @hash)`);
    this.lastStmt = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.after = db.prepare<[number, number], AuditRow>(
      'SELECT * FROM audit_log WHERE seq > ? ORDER BY seq ASC LIMIT ?',
    );
    this.db = db;
  }

  /** The statements of one combination of filters, prepared once. */
  private statementsFor(filter: AuditFilter) {
    const used = FILTER_KEYS.filter((k) => filter[k] !== undefined && filter[k] !== '');
    const key = used.join(',');
    let found = this.byFilter.get(key);
    if (!found) {
      const where = used.length === 0 ? '' : `WHERE ${used.map((k) => CONDITIONS[k]).join(' AND ')}`;
      const items = this.db.prepare<Record<string, unknown>, AuditRow>(
        `SELECT * FROM audit_log ${where} ORDER BY seq DESC LIMIT @limit OFFSET @offset`,
      );
      const count = this.db
        .prepare<Record<string, unknown>, number>(`SELECT count(*) FROM audit_log ${where}`)
        .pluck();
      // One read transaction, so the page and the total come from the same snapshot.
      const page = this.db.transaction((params: Record<string, unknown>) => ({
        items: items.all(params).map(toEntry),
        total: count.get(params) ?? 0,
      }));
      found = { used, page };
      this.byFilter.set(key, found);
    }
    return found;
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
    filter: AuditFilter = {},
  ): Promise<{ items: AuditEntry[]; total: number }> {
    return asPromise(() => {
      const { used, page } = this.statementsFor(filter);
      const params: Record<string, unknown> = { limit, offset };
      for (const k of used)
        params[k] = k === 'q' ? `%${escapeLike((filter.q ?? '').toLowerCase())}%` : filter[k];
      return page(params);
    });
  }
}
