/**
 * The approval record of an official document a meeting issues, on SQLite: the conclusion
 * notice's (`conclusion_notices`, migration 20) and the minutes' (`minutes_approvals`, migration
 * 22) have the same columns — state, version, signed PDF, library document, history as JSON — so
 * one table class reads and saves either, on the version read.
 */
import type Database from 'better-sqlite3';
import type { ApprovalHistoryEntry, ApprovalState } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { ConclusionNoticeRecord } from '../conclusions.port.js';
import { fromJson, isDuplicateKeyError, isForeignKeyError } from './sql.js';

/** The conclusion notice's record; the minutes' approval record is the same shape. */
type ApprovalRecord = ConclusionNoticeRecord;

interface ApprovalRow {
  meeting_id: string;
  state: ApprovalState;
  version: number;
  signed: string | null;
  document_id: string | null;
  issued_at: string | null;
  history: string;
  updated_at: string;
}

const toApproval = (r: ApprovalRow): ApprovalRecord => ({
  meetingId: r.meeting_id,
  state: r.state,
  version: r.version,
  signed: r.signed ? fromJson<NonNullable<ApprovalRecord['signed']>>(r.signed) : null,
  documentId: r.document_id,
  issuedAt: r.issued_at,
  history: fromJson<ApprovalHistoryEntry[]>(r.history),
  updatedAt: r.updated_at,
});

const toApprovalRow = (n: ApprovalRecord): ApprovalRow => ({
  meeting_id: n.meetingId,
  state: n.state,
  version: n.version,
  signed: n.signed ? JSON.stringify(n.signed) : null,
  document_id: n.documentId,
  issued_at: n.issuedAt,
  history: JSON.stringify(n.history),
  updated_at: n.updatedAt,
});

/** One meeting's approval record per row of `table`; synchronous (the repositories wrap the calls). */
export class SqliteApprovalTable {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;

  constructor(
    db: Database.Database,
    table: 'conclusion_notices' | 'minutes_approvals',
    /** The entity a `VersionConflictError` names. */
    private readonly entity: 'conclusion_notice' | 'minutes_approval',
  ) {
    this.getStmt = db.prepare<[string], ApprovalRow>(`SELECT * FROM ${table} WHERE meeting_id = ?`);
    this.insertStmt = db.prepare<ApprovalRow>(`INSERT INTO ${table}
      (meeting_id, state, version, signed, document_id, issued_at, history, updated_at)
      VALUES (@meeting_id, @state, @version, @signed, @document_id, @issued_at, @history, @updated_at)`);
    this.updateStmt = db.prepare<ApprovalRow & { expected: number }>(`UPDATE ${table}
      SET state = @state, version = @version, signed = @signed, document_id = @document_id,
          issued_at = @issued_at, history = @history, updated_at = @updated_at
      WHERE meeting_id = @meeting_id AND version = @expected`);
  }

  get(meetingId: string): ApprovalRecord | null {
    const row = this.getStmt.get(meetingId);
    return row ? toApproval(row) : null;
  }

  /** Inserts at version 0, else updates on the version read; `VersionConflictError` when stale. */
  save(record: ApprovalRecord, expectedVersion: number): ApprovalRecord {
    const row = toApprovalRow(record);
    if (expectedVersion === 0) {
      try {
        this.insertStmt.run(row);
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', record.meetingId);
        if (isDuplicateKeyError(e)) throw new VersionConflictError(this.entity, record.meetingId);
        throw e;
      }
    } else if (this.updateStmt.run({ ...row, expected: expectedVersion }).changes === 0) {
      throw new VersionConflictError(this.entity, record.meetingId);
    }
    return toApproval(row);
  }
}
