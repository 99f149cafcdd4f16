import type Database from 'better-sqlite3';
import type { ApprovalHistoryEntry, ApprovalState } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { ConclusionNoticeRecord, ConclusionRecord, ConclusionsRepo } from '../conclusions.port.js';
import { asPromise, fromJson, isForeignKeyError, sqliteCode } from './sql.js';

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

export interface NoticeRow {
  meeting_id: string;
  state: ApprovalState;
  version: number;
  signed: string | null;
  document_id: string | null;
  issued_at: string | null;
  history: string;
  updated_at: string;
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

export const toNotice = (r: NoticeRow): ConclusionNoticeRecord => ({
  meetingId: r.meeting_id,
  state: r.state,
  version: r.version,
  signed: r.signed ? fromJson<NonNullable<ConclusionNoticeRecord['signed']>>(r.signed) : null,
  documentId: r.document_id,
  issuedAt: r.issued_at,
  history: fromJson<ApprovalHistoryEntry[]>(r.history),
  updatedAt: r.updated_at,
});

export const toNoticeRow = (n: ConclusionNoticeRecord): NoticeRow => ({
  meeting_id: n.meetingId,
  state: n.state,
  version: n.version,
  signed: n.signed ? JSON.stringify(n.signed) : null,
  document_id: n.documentId,
  issued_at: n.issuedAt,
  history: JSON.stringify(n.history),
  updated_at: n.updatedAt,
});

const isDuplicate = (e: unknown): boolean => {
  const code = sqliteCode(e);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
};

/** Conclusions and notices on SQLite: a versioned UPDATE (… WHERE version = ?) per save. */
export class SqliteConclusionsRepo implements ConclusionsRepo {
  private readonly listStmt;
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly getNoticeStmt;
  private readonly insertNoticeStmt;
  private readonly updateNoticeStmt;

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
    this.getNoticeStmt = db.prepare<[string], NoticeRow>(
      'SELECT * FROM conclusion_notices WHERE meeting_id = ?',
    );
    this.insertNoticeStmt = db.prepare<NoticeRow>(`INSERT INTO conclusion_notices
      (meeting_id, state, version, signed, document_id, issued_at, history, updated_at)
      VALUES (@meeting_id, @state, @version, @signed, @document_id, @issued_at, @history, @updated_at)`);
    this.updateNoticeStmt = db.prepare<NoticeRow & { expected: number }>(`UPDATE conclusion_notices
      SET state = @state, version = @version, signed = @signed, document_id = @document_id,
          issued_at = @issued_at, history = @history, updated_at = @updated_at
      WHERE meeting_id = @meeting_id AND version = @expected`);
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
          if (isDuplicate(e)) throw new VersionConflictError('conclusion', record.agendaItemId);
          throw e;
        }
      } else if (this.updateStmt.run({ ...row, expected: expectedVersion }).changes === 0) {
        throw new VersionConflictError('conclusion', record.agendaItemId);
      }
      return { ...record, points: record.points.map((p) => ({ ...p })) };
    });
  }

  getNotice(meetingId: string): Promise<ConclusionNoticeRecord | null> {
    return asPromise(() => {
      const row = this.getNoticeStmt.get(meetingId);
      return row ? toNotice(row) : null;
    });
  }

  saveNotice(record: ConclusionNoticeRecord, expectedVersion: number): Promise<ConclusionNoticeRecord> {
    return asPromise(() => {
      const row = toNoticeRow(record);
      if (expectedVersion === 0) {
        try {
          this.insertNoticeStmt.run(row);
        } catch (e) {
          if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', record.meetingId);
          if (isDuplicate(e)) throw new VersionConflictError('conclusion_notice', record.meetingId);
          throw e;
        }
      } else if (this.updateNoticeStmt.run({ ...row, expected: expectedVersion }).changes === 0) {
        throw new VersionConflictError('conclusion_notice', record.meetingId);
      }
      return toNotice(row);
    });
  }
}
