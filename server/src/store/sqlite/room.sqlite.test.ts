import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUORUM, initialRoomState } from '@icabinet/shared';
import { ROOM_COMMAND_DURABILITY } from '../../modules/room/durability.js';
import type { RoomRecord } from '../room.port.js';
import { ROOM_MIGRATION_SQL, ROOM_OPS_MIGRATION_SQL, SqliteRoomRepo } from './room.sqlite.js';
import { SqliteUnitOfWork } from './unit-of-work.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * A connection as the store opens it (WAL, synchronous=FULL) with a temporary trigger that
 * records the synchronous level in force when each room row is written, i.e. the level its
 * commit runs at.
 */
function openDb() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'room-'));
  dirs.push(dir);
  const db = new Database(path.join(dir, 'room.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE meetings (id TEXT PRIMARY KEY); INSERT INTO meetings VALUES ('m1');`);
  db.exec(ROOM_MIGRATION_SQL + ROOM_OPS_MIGRATION_SQL);
  db.exec(`CREATE TEMP TABLE seen (level INTEGER NOT NULL);
    CREATE TEMP TRIGGER seen_insert AFTER INSERT ON main.room_states
      BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;
    CREATE TEMP TRIGGER seen_update AFTER UPDATE ON main.room_states
      BEGIN INSERT INTO seen SELECT synchronous FROM pragma_synchronous; END;`);
  const levels = () => (db.prepare('SELECT level FROM seen').pluck().all() as number[]).map((l) => NAMES[l]);
  return { db, levels };
}
const NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

const record = (seq: number): RoomRecord => ({
  meetingId: 'm1',
  seq,
  state: { ...initialRoomState('m1', DEFAULT_QUORUM, '2024-11-27T01:00:00.000Z'), seq },
  ops: [],
  updatedAt: '2024-11-27T01:00:00.000Z',
});

describe('room saves by durability on SQLite', () => {
  it('commits a `process` save at NORMAL and a `power` save at FULL, and leaves the connection at FULL', async () => {
    const { db, levels } = openDb();
    const repo = new SqliteRoomRepo(db);
    await repo.save(record(1), 0, 'power');
    await repo.save(record(2), 1, 'process');
    await repo.save(record(3), 2);
    await repo.save(record(4), 3, 'process');
    expect(levels()).toEqual(['FULL', 'NORMAL', 'FULL', 'NORMAL']);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect((await repo.get('m1'))?.seq).toBe(4);
  });

  it('restores FULL when a `process` save fails on a version conflict', async () => {
    const { db } = openDb();
    const repo = new SqliteRoomRepo(db);
    await repo.save(record(1), 0);
    await expect(repo.save(record(3), 2, 'process')).rejects.toThrow();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('keeps FULL for a `process` save inside a unit of work (SQLite cannot change the level there)', async () => {
    const { db, levels } = openDb();
    const uow = new SqliteUnitOfWork(db);
    const repo = uow.gate(new SqliteRoomRepo(db));
    await uow.transaction(() => repo.save(record(1), 0, 'process'));
    expect(levels()).toEqual(['FULL']);
  });

  it('moves the opIds an earlier version kept in the state row into their own rows (migration 14)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'room-'));
    dirs.push(dir);
    const db = new Database(path.join(dir, 'room.sqlite'));
    db.exec(`CREATE TABLE meetings (id TEXT PRIMARY KEY); INSERT INTO meetings VALUES ('m1');`);
    db.exec(ROOM_MIGRATION_SQL);
    const before = record(7);
    db.prepare('INSERT INTO room_states VALUES (?, ?, ?, ?, ?)').run(
      'm1',
      7,
      JSON.stringify(before.state),
      JSON.stringify([
        { key: 'u1:a', seq: 6 },
        { key: 'u2:b', seq: 7 },
      ]),
      before.updatedAt,
    );
    db.exec(ROOM_OPS_MIGRATION_SQL);
    const repo = new SqliteRoomRepo(db);
    expect((await repo.get('m1'))?.ops).toEqual([
      { key: 'u1:a', seq: 6 },
      { key: 'u2:b', seq: 7 },
    ]);
    await repo.save(
      {
        ...record(8),
        ops: [
          { key: 'u2:b', seq: 7 },
          { key: 'u1:c', seq: 8 },
        ],
      },
      7,
      'process',
    );
    expect((await repo.get('m1'))?.ops.map((o) => o.key)).toEqual(['u2:b', 'u1:c']);
  });

  it('relaxes only the page turn: attendance, speakers and the meeting’s course are records', () => {
    const relaxed = Object.entries(ROOM_COMMAND_DURABILITY)
      .filter(([, d]) => d === 'process')
      .map(([t]) => t);
    expect(relaxed).toEqual(['page.goto']);
  });
});
