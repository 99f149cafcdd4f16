import type Database from 'better-sqlite3';
import { VersionConflictError } from '../port.js';
import type { AppliedOp, RoomDurability, RoomRecord, RoomRepo } from '../room.port.js';
import { asPromise, fromJson, mapConstraintError } from './sql.js';
import { DuplicateKeyError } from '../port.js';

/** Migration 5: one row per meeting room; state and applied opIds as JSON. */
export const ROOM_MIGRATION_SQL = `
  CREATE TABLE room_states (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    ops TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
`;

interface Row {
  meeting_id: string;
  seq: number;
  state: string;
  ops: string;
  updated_at: string;
}

export class SqliteRoomRepo implements RoomRepo {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;

  constructor(private readonly db: Database.Database) {
    // The connection runs at synchronous=FULL (see sqlite-store.ts); a `process` save drops to
    // NORMAL for its own commit: in WAL mode the commit then reaches the operating system but is
    // not fsynced (a killed process loses nothing, a power cut may lose it). The next FULL commit
    // syncs the log, and with it every NORMAL commit before it.
    // (db.exec each time, ~2 µs: a prepared PRAGMA statement did not take effect on its first run.)
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM room_states WHERE meeting_id = ?');
    this.insertStmt = db.prepare<[string, number, string, string, string]>(
      'INSERT INTO room_states (meeting_id, seq, state, ops, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateStmt = db.prepare<[number, string, string, string, string, number]>(
      'UPDATE room_states SET seq = ?, state = ?, ops = ?, updated_at = ? WHERE meeting_id = ? AND seq = ?',
    );
  }

  get(meetingId: string): Promise<RoomRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(meetingId);
      if (!row) return null;
      return {
        meetingId: row.meeting_id,
        seq: row.seq,
        state: fromJson<RoomRecord['state']>(row.state),
        ops: fromJson<AppliedOp[]>(row.ops),
        updatedAt: row.updated_at,
      };
    });
  }

  save(r: RoomRecord, expectedSeq: number, durability: RoomDurability = 'power'): Promise<void> {
    // Inside a unit of work the level cannot change (SQLite refuses): the commit stays FULL.
    return asPromise(() => {
      if (durability === 'power' || this.db.inTransaction) return this.writeNow(r, expectedSeq);
      this.db.exec('PRAGMA synchronous = NORMAL');
      try {
        this.writeNow(r, expectedSeq);
      } finally {
        this.db.exec('PRAGMA synchronous = FULL');
      }
    });
  }

  private writeNow(r: RoomRecord, expectedSeq: number): void {
    const state = JSON.stringify(r.state);
    const ops = JSON.stringify(r.ops);
    if (expectedSeq === 0) {
      try {
        this.insertStmt.run(r.meetingId, r.seq, state, ops, r.updatedAt);
      } catch (e) {
        const mapped = mapConstraintError(e, { 'room_states.meeting_id': 'meetingId' });
        if (mapped instanceof DuplicateKeyError) throw new VersionConflictError('room', r.meetingId);
        throw mapped;
      }
      return;
    }
    const res = this.updateStmt.run(r.seq, state, ops, r.updatedAt, r.meetingId, expectedSeq);
    if (res.changes === 0) throw new VersionConflictError('room', r.meetingId);
  }
}
