import type Database from 'better-sqlite3';
import { VersionConflictError } from '../port.js';
import type { AppliedOp, RoomDurability, RoomRecord, RoomRepo } from '../room.port.js';
import { asPromise, fromJson, mapConstraintError, withoutSync } from './sql.js';
import { DuplicateKeyError } from '../port.js';

/** Migration 5: one row per meeting room; state and applied opIds as JSON (ops moved by migration 14). */
export const ROOM_MIGRATION_SQL = `
  CREATE TABLE room_states (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL,
    ops TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
`;

/**
 * Migration 14: the applied opIds get their own rows. Kept in the state row, the window of up to
 * 1,000 opIds (~70 KB of JSON) was rewritten with every page turn; now a change writes its state
 * and one opId row, and drops the opIds that left the window.
 */
export const ROOM_OPS_MIGRATION_SQL = `
  CREATE TABLE room_ops (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (meeting_id, seq)
  ) STRICT, WITHOUT ROWID;
  INSERT OR IGNORE INTO room_ops (meeting_id, seq, key)
    SELECT r.meeting_id, json_extract(o.value, '$.seq'), json_extract(o.value, '$.key')
    FROM room_states r, json_each(r.ops) o;
  UPDATE room_states SET ops = '[]';
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
  private readonly opsStmt;
  private readonly addOpStmt;
  private readonly trimOpsStmt;
  private readonly writeTx;

  constructor(private readonly db: Database.Database) {
    // The connection runs at synchronous=FULL (see sqlite-store.ts); a `process` save drops to
    // NORMAL for its own commit: in WAL mode the commit then reaches the operating system but is
    // not fsynced (a killed process loses nothing, a power cut may lose it). The next FULL commit
    // syncs the log, and with it every NORMAL commit before it.
    this.getStmt = db.prepare<[string], Row>('SELECT * FROM room_states WHERE meeting_id = ?');
    this.insertStmt = db.prepare<[string, number, string, string, string]>(
      'INSERT INTO room_states (meeting_id, seq, state, ops, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.updateStmt = db.prepare<[number, string, string, string, string, number]>(
      'UPDATE room_states SET seq = ?, state = ?, ops = ?, updated_at = ? WHERE meeting_id = ? AND seq = ?',
    );
    this.opsStmt = db.prepare<[string], AppliedOp>(
      'SELECT key, seq FROM room_ops WHERE meeting_id = ? ORDER BY seq',
    );
    this.addOpStmt = db.prepare<[string, number, string]>(
      'INSERT OR IGNORE INTO room_ops (meeting_id, seq, key) VALUES (?, ?, ?)',
    );
    this.trimOpsStmt = db.prepare<[string, number]>('DELETE FROM room_ops WHERE meeting_id = ? AND seq < ?');
    this.writeTx = db.transaction((r: RoomRecord, expectedSeq: number) => this.writeNow(r, expectedSeq));
  }

  get(meetingId: string): Promise<RoomRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(meetingId);
      if (!row) return null;
      return {
        meetingId: row.meeting_id,
        seq: row.seq,
        state: fromJson<RoomRecord['state']>(row.state),
        ops: this.opsStmt.all(meetingId),
        updatedAt: row.updated_at,
      };
    });
  }

  save(r: RoomRecord, expectedSeq: number, durability: RoomDurability = 'power'): Promise<void> {
    // Inside a unit of work the level cannot change (SQLite refuses): the commit stays FULL.
    return asPromise(() => {
      if (durability === 'power') return this.writeTx(r, expectedSeq);
      withoutSync(this.db, () => this.writeTx(r, expectedSeq));
    });
  }

  /** The state row over the expected seq, then the opIds: the new ones added, those before the window dropped. */
  private writeNow(r: RoomRecord, expectedSeq: number): void {
    this.writeState(r, expectedSeq);
    // The state row was at `expectedSeq`, so every stored opId is at or below it: the new ones are above.
    for (const op of r.ops) if (op.seq > expectedSeq) this.addOpStmt.run(r.meetingId, op.seq, op.key);
    if (r.ops.length) this.trimOpsStmt.run(r.meetingId, r.ops[0]!.seq);
  }

  private writeState(r: RoomRecord, expectedSeq: number): void {
    const state = JSON.stringify(r.state);
    const ops = '[]';
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
