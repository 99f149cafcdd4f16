import type Database from 'better-sqlite3';
import type { MinutesVersion } from '@icabinet/shared';
import { RecordNotFoundError } from '../port.js';
import type {
  MinutesApprovalRecord,
  MinutesRecord,
  MinutesRepo,
  MinutesVersionRecord,
} from '../minutes.port.js';
import { SqliteApprovalTable } from './approvals.sqlite.js';
import { asPromise, isForeignKeyError, toBool, toInt } from './sql.js';

/**
 * Migration 19: the minutes' record (one row per meeting) and their named versions. The text of
 * the minutes is in `annotation_updates` (document id = meeting id, layer `minutes`).
 */
export const MINUTES_MIGRATION_SQL = `
  CREATE TABLE minutes (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    prefilled_at TEXT,
    others_may_edit INTEGER NOT NULL DEFAULT 0 CHECK (others_may_edit IN (0, 1)),
    locked_at TEXT,
    locked_by TEXT,
    locked_by_name TEXT,
    locked_version_id TEXT,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE TABLE minutes_versions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    state BLOB NOT NULL,
    text TEXT NOT NULL
  ) STRICT;
  CREATE INDEX minutes_versions_meeting ON minutes_versions (meeting_id, created_at);
`;

/**
 * Migration 22: the minutes' approval as an official document (biên bản), one row per meeting,
 * with the same columns as the conclusion notice's (state, version, signed PDF, library
 * document, history as JSON).
 */
export const MINUTES_APPROVAL_MIGRATION_SQL = `
  CREATE TABLE minutes_approvals (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    signed TEXT,
    document_id TEXT,
    issued_at TEXT,
    history TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
`;

interface Row {
  meeting_id: string;
  prefilled_at: string | null;
  others_may_edit: number;
  locked_at: string | null;
  locked_by: string | null;
  locked_by_name: string | null;
  locked_version_id: string | null;
  updated_at: string;
}

interface VersionRow {
  id: string;
  meeting_id: string;
  name: string;
  kind: MinutesVersion['kind'];
  created_by: string;
  created_by_name: string;
  created_at: string;
  state?: Buffer;
  text?: string;
}

const toRecord = (r: Row): MinutesRecord => ({
  meetingId: r.meeting_id,
  prefilledAt: r.prefilled_at,
  othersMayEdit: toBool(r.others_may_edit),
  lockedAt: r.locked_at,
  lockedBy: r.locked_by,
  lockedByName: r.locked_by_name,
  lockedVersionId: r.locked_version_id,
  updatedAt: r.updated_at,
});

const toVersion = (r: VersionRow): MinutesVersion => ({
  id: r.id,
  meetingId: r.meeting_id,
  name: r.name,
  kind: r.kind,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: r.created_at,
});

const VERSION_COLUMNS = 'id, meeting_id, name, kind, created_by, created_by_name, created_at';

/** The minutes on SQLite: each step one statement or one transaction. */
export class SqliteMinutesRepo implements MinutesRepo {
  private readonly getStmt;
  private readonly ensureStmt;
  private readonly claimStmt;
  private readonly releaseStmt;
  private readonly toggleStmt;
  private readonly lockStmt;
  private readonly reopenStmt;
  private readonly insertVersionStmt;
  private readonly listStmt;
  private readonly getVersionStmt;
  private readonly lockTx;
  /** The minutes' approval record (approvals.sqlite.ts, shared with the conclusion notice's). */
  private readonly approvals;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM minutes WHERE meeting_id = ?');
    this.ensureStmt = db.prepare<[string, string]>(
      'INSERT INTO minutes (meeting_id, updated_at) VALUES (?, ?) ON CONFLICT (meeting_id) DO NOTHING',
    );
    this.claimStmt = db.prepare<[string, string, string]>(
      'UPDATE minutes SET prefilled_at = ?, updated_at = ? WHERE meeting_id = ? AND prefilled_at IS NULL',
    );
    this.releaseStmt = db.prepare<[string]>('UPDATE minutes SET prefilled_at = NULL WHERE meeting_id = ?');
    this.toggleStmt = db.prepare<[number, string, string]>(
      'UPDATE minutes SET others_may_edit = ?, updated_at = ? WHERE meeting_id = ?',
    );
    this.lockStmt = db.prepare<[string, string, string, string, string, string]>(
      `UPDATE minutes SET locked_at = ?, locked_by = ?, locked_by_name = ?, locked_version_id = ?, updated_at = ?
       WHERE meeting_id = ? AND locked_at IS NULL`,
    );
    this.reopenStmt = db.prepare<[string, string]>(
      `UPDATE minutes SET locked_at = NULL, locked_by = NULL, locked_by_name = NULL, locked_version_id = NULL,
       updated_at = ? WHERE meeting_id = ? AND locked_at IS NOT NULL`,
    );
    this.insertVersionStmt = db.prepare<VersionRow>(
      `INSERT INTO minutes_versions (${VERSION_COLUMNS}, state, text)
       VALUES (@id, @meeting_id, @name, @kind, @created_by, @created_by_name, @created_at, @state, @text)`,
    );
    this.listStmt = db.prepare<[string], VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM minutes_versions WHERE meeting_id = ? ORDER BY created_at, rowid`,
    );
    this.getVersionStmt = db.prepare<[string, string], VersionRow>(
      'SELECT * FROM minutes_versions WHERE meeting_id = ? AND id = ?',
    );
    this.approvals = new SqliteApprovalTable(db, 'minutes_approvals', 'minutes_approval');
    this.lockTx = db.transaction((v: MinutesVersionRecord, at: string): boolean => {
      this.ensure(v.meetingId, at);
      const changed = this.lockStmt.run(at, v.createdBy, v.createdByName, v.id, at, v.meetingId).changes;
      if (changed === 0) return false;
      this.insertVersion(v);
      return true;
    });
  }

  private ensure(meetingId: string, at: string): void {
    try {
      this.ensureStmt.run(meetingId, at);
    } catch (e) {
      if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', meetingId);
      throw e;
    }
  }

  private insertVersion(v: MinutesVersionRecord): void {
    try {
      this.insertVersionStmt.run({
        id: v.id,
        meeting_id: v.meetingId,
        name: v.name,
        kind: v.kind,
        created_by: v.createdBy,
        created_by_name: v.createdByName,
        created_at: v.createdAt,
        state: Buffer.from(v.state),
        text: v.text,
      });
    } catch (e) {
      if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', v.meetingId);
      throw e;
    }
  }

  get(meetingId: string): Promise<MinutesRecord | null> {
    return asPromise(() => {
      const r = this.getStmt.get(meetingId);
      return r ? toRecord(r) : null;
    });
  }

  claimPrefill(meetingId: string, at: string): Promise<boolean> {
    return asPromise(() => {
      this.ensure(meetingId, at);
      return this.claimStmt.run(at, at, meetingId).changes === 1;
    });
  }

  releasePrefill(meetingId: string): Promise<void> {
    return asPromise(() => {
      this.releaseStmt.run(meetingId);
    });
  }

  setOthersMayEdit(meetingId: string, value: boolean, at: string): Promise<MinutesRecord> {
    return asPromise(() => {
      this.ensure(meetingId, at);
      this.toggleStmt.run(toInt(value), at, meetingId);
      return toRecord(this.getStmt.get(meetingId)!);
    });
  }

  lock(version: MinutesVersionRecord, at: string): Promise<boolean> {
    return asPromise(() => this.lockTx.immediate(version, at));
  }

  reopen(meetingId: string, at: string): Promise<boolean> {
    return asPromise(() => this.reopenStmt.run(at, meetingId).changes === 1);
  }

  addVersion(version: MinutesVersionRecord): Promise<void> {
    return asPromise(() => this.insertVersion(version));
  }

  listVersions(meetingId: string): Promise<MinutesVersion[]> {
    return asPromise(() => this.listStmt.all(meetingId).map(toVersion));
  }

  getVersion(meetingId: string, versionId: string): Promise<MinutesVersionRecord | null> {
    return asPromise(() => {
      const r = this.getVersionStmt.get(meetingId, versionId);
      if (!r) return null;
      return { ...toVersion(r), state: new Uint8Array(r.state ?? []), text: r.text ?? '' };
    });
  }

  getApproval(meetingId: string): Promise<MinutesApprovalRecord | null> {
    return asPromise(() => this.approvals.get(meetingId));
  }

  saveApproval(record: MinutesApprovalRecord, expectedVersion: number): Promise<MinutesApprovalRecord> {
    return asPromise(() => this.approvals.save(record, expectedVersion));
  }
}
