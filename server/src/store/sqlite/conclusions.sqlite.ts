import type Database from 'better-sqlite3';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { ConclusionNoticeRecord, ConclusionRecord, ConclusionsRepo } from '../conclusions.port.js';
import { SqliteApprovalTable } from './approvals.sqlite.js';
import { asPromise, fromJson, isDuplicateKeyError, isForeignKeyError } from './sql.js';

/**
 * Migration 20: conclusions per agenda item (points as JSON, in order), the conclusion notice per
 * meeting, and the read-only flag of library documents (an issued notice cannot be replaced,
 * renamed or deleted).
 */
export const CONCLUSIONS_MIGRATION_SQL = `
  CREATE TABLE conclusions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id TEXT NOT NULL REFERENCES agenda_items (id) ON DELETE CASCADE,
    points TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (meeting_id, agenda_item_id)
  ) STRICT;
  CREATE TABLE conclusion_notices (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    version INTEGER NOT NULL,
    signed TEXT,
    document_id TEXT,
    issued_at TEXT,
    history TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  ALTER TABLE documents ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
`;

interface Row {
  id: string;
  meeting_id: string;
  agenda_item_id: string;
  points: string;
  version: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

const toRecord = (r: Row): ConclusionRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  points: fromJson<ConclusionRecord['points']>(r.points),
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const toRow = (c: ConclusionRecord): Row => ({
  id: c.id,
  meeting_id: c.meetingId,
  agenda_item_id: c.agendaItemId,
  points: JSON.stringify(c.points),
  version: c.version,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
  updated_by: c.updatedBy,
});

/** Conclusions and notices on SQLite: a versioned UPDATE (… WHERE version = ?) per save. */
export class SqliteConclusionsRepo implements ConclusionsRepo {
  private readonly listStmt;
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  /** The notice's approval record (approvals.sqlite.ts, shared with the minutes'). */
  private readonly notices;

  constructor(db: Database.Database) {
    this.listStmt = db.prepare<[string], Row>('SELECT * FROM conclusions WHERE meeting_id = ?');
    this.getStmt = db.prepare<[string, string], Row>(
      'SELECT * FROM conclusions WHERE meeting_id = ? AND agenda_item_id = ?',
    );
    this.insertStmt = db.prepare<Row>(`INSERT INTO conclusions
      (id, meeting_id, agenda_item_id, points, version, created_at, updated_at, updated_by)
      VALUES (@id, @meeting_id, @agenda_item_id, @points, @version, @created_at, @updated_at, @updated_by)`);
    this.updateStmt = db.prepare<Row & { expected: number }>(`UPDATE conclusions
      SET points = @points, version = @version, updated_at = @updated_at, updated_by = @updated_by
      WHERE meeting_id = @meeting_id AND agenda_item_id = @agenda_item_id AND version = @expected`);
    this.notices = new SqliteApprovalTable(db, 'conclusion_notices', 'conclusion_notice');
  }

  listByMeeting(meetingId: string): Promise<ConclusionRecord[]> {
    return asPromise(() => this.listStmt.all(meetingId).map(toRecord));
  }

  get(meetingId: string, agendaItemId: string): Promise<ConclusionRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(meetingId, agendaItemId);
      return row ? toRecord(row) : null;
    });
  }

  save(record: ConclusionRecord, expectedVersion: number): Promise<ConclusionRecord> {
    return asPromise(() => {
      const row = toRow(record);
      if (expectedVersion === 0) {
        try {
          this.insertStmt.run(row);
        } catch (e) {
          if (isForeignKeyError(e)) throw new RecordNotFoundError('agenda_item', record.agendaItemId);
          if (isDuplicateKeyError(e)) throw new VersionConflictError('conclusion', record.agendaItemId);
          throw e;
        }
      } else if (this.updateStmt.run({ ...row, expected: expectedVersion }).changes === 0) {
        throw new VersionConflictError('conclusion', record.agendaItemId);
      }
      return { ...record, points: record.points.map((p) => ({ ...p })) };
    });
  }

  getNotice(meetingId: string): Promise<ConclusionNoticeRecord | null> {
    return asPromise(() => this.notices.get(meetingId));
  }

  saveNotice(record: ConclusionNoticeRecord, expectedVersion: number): Promise<ConclusionNoticeRecord> {
    return asPromise(() => this.notices.save(record, expectedVersion));
  }
}
