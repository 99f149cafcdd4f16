import type Database from 'better-sqlite3';
import type { DeviceRecord, DeviceSessionRecord, DevicesRepo, PairingRecord } from '../devices.port.js';
import { RecordNotFoundError } from '../port.js';
import { asPromise } from './sql.js';

/** Meeting-room tablets (migration 16). */
export const DEVICES_MIGRATION_SQL = `
  CREATE TABLE device_pairings (
    code_hash TEXT PRIMARY KEY,
    claim_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    device_id TEXT,
    claimed_at TEXT
  ) STRICT;
  CREATE INDEX device_pairings_expires ON device_pairings (expires_at);
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    token_hash TEXT UNIQUE,
    room TEXT NOT NULL,
    seat_label TEXT NOT NULL,
    paired_by TEXT NOT NULL,
    paired_at TEXT NOT NULL,
    claimed_at TEXT,
    revoked_at TEXT,
    last_seen_at TEXT,
    status TEXT
  ) STRICT;
  CREATE TABLE device_sessions (
    session_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX device_sessions_meeting ON device_sessions (meeting_id);
  CREATE INDEX device_sessions_device ON device_sessions (device_id);
  CREATE TABLE user_pins (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    pin_hash TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
`;

interface PairingRow {
  code_hash: string;
  claim_hash: string;
  created_at: string;
  expires_at: string;
  device_id: string | null;
  claimed_at: string | null;
}
interface DeviceRow {
  id: string;
  token_hash: string | null;
  room: string;
  seat_label: string;
  paired_by: string;
  paired_at: string;
  claimed_at: string | null;
  revoked_at: string | null;
  last_seen_at: string | null;
  status: string | null;
}
interface SessionRow {
  session_id: string;
  device_id: string;
  user_id: string;
  meeting_id: string;
  created_at: string;
}

const toPairing = (r: PairingRow): PairingRecord => ({
  codeHash: r.code_hash,
  claimHash: r.claim_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  deviceId: r.device_id,
  claimedAt: r.claimed_at,
});
const toDevice = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  tokenHash: r.token_hash,
  room: r.room,
  seatLabel: r.seat_label,
  pairedBy: r.paired_by,
  pairedAt: r.paired_at,
  claimedAt: r.claimed_at,
  revokedAt: r.revoked_at,
  lastSeenAt: r.last_seen_at,
  status: r.status,
});
const toSession = (r: SessionRow): DeviceSessionRecord => ({
  sessionId: r.session_id,
  deviceId: r.device_id,
  userId: r.user_id,
  meetingId: r.meeting_id,
  createdAt: r.created_at,
});

/** The devices repository on SQLite. */
export class SqliteDevicesRepo implements DevicesRepo {
  constructor(private readonly db: Database.Database) {}

  createPairing(p: PairingRecord): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare(
          `INSERT INTO device_pairings (code_hash, claim_hash, created_at, expires_at, device_id, claimed_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(p.codeHash, p.claimHash, p.createdAt, p.expiresAt, p.deviceId, p.claimedAt);
    });
  }

  getPairing(codeHash: string): Promise<PairingRecord | null> {
    return asPromise(() => {
      const r = this.db
        .prepare<[string], PairingRow>('SELECT * FROM device_pairings WHERE code_hash = ?')
        .get(codeHash);
      return r ? toPairing(r) : null;
    });
  }

  bindPairing(codeHash: string, deviceId: string): Promise<boolean> {
    return asPromise(
      () =>
        this.db
          .prepare('UPDATE device_pairings SET device_id = ? WHERE code_hash = ? AND device_id IS NULL')
          .run(deviceId, codeHash).changes === 1,
    );
  }

  claimPairing(codeHash: string, at: string): Promise<boolean> {
    return asPromise(
      () =>
        this.db
          .prepare(
            `UPDATE device_pairings SET claimed_at = ?
             WHERE code_hash = ? AND device_id IS NOT NULL AND claimed_at IS NULL`,
          )
          .run(at, codeHash).changes === 1,
    );
  }

  deleteExpiredPairings(before: string): Promise<void> {
    return asPromise(() => {
      this.db.prepare('DELETE FROM device_pairings WHERE expires_at < ? AND device_id IS NULL').run(before);
    });
  }

  create(d: DeviceRecord): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare(
          `INSERT INTO devices (id, token_hash, room, seat_label, paired_by, paired_at, claimed_at,
           revoked_at, last_seen_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          d.id,
          d.tokenHash,
          d.room,
          d.seatLabel,
          d.pairedBy,
          d.pairedAt,
          d.claimedAt,
          d.revokedAt,
          d.lastSeenAt,
          d.status,
        );
    });
  }

  getById(id: string): Promise<DeviceRecord | null> {
    return asPromise(() => {
      const r = this.db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id);
      return r ? toDevice(r) : null;
    });
  }

  getByTokenHash(tokenHash: string): Promise<DeviceRecord | null> {
    return asPromise(() => {
      const r = this.db
        .prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ?')
        .get(tokenHash);
      return r ? toDevice(r) : null;
    });
  }

  list(): Promise<DeviceRecord[]> {
    return asPromise(() =>
      this.db.prepare<[], DeviceRow>('SELECT * FROM devices ORDER BY paired_at DESC, id').all().map(toDevice),
    );
  }

  setToken(id: string, tokenHash: string, claimedAt: string): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare('UPDATE devices SET token_hash = ?, claimed_at = ? WHERE id = ?')
        .run(tokenHash, claimedAt, id);
    });
  }

  revoke(id: string, at: string): Promise<DeviceRecord> {
    return asPromise(() => {
      this.db.prepare('UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?').run(at, id);
      const r = this.db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?').get(id);
      if (!r) throw new RecordNotFoundError('device', id);
      return toDevice(r);
    });
  }

  touch(id: string, at: string, status: string | null): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare('UPDATE devices SET last_seen_at = ?, status = coalesce(?, status) WHERE id = ?')
        .run(at, status, id);
    });
  }

  addSession(s: DeviceSessionRecord): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare(
          `INSERT INTO device_sessions (session_id, device_id, user_id, meeting_id, created_at)
           VALUES (?, ?, ?, ?, ?)`,
        )
        .run(s.sessionId, s.deviceId, s.userId, s.meetingId, s.createdAt);
    });
  }

  sessionsOfMeeting(meetingId: string): Promise<DeviceSessionRecord[]> {
    return asPromise(() =>
      this.db
        .prepare<[string], SessionRow>(
          'SELECT * FROM device_sessions WHERE meeting_id = ? ORDER BY created_at',
        )
        .all(meetingId)
        .map(toSession),
    );
  }

  sessionsOfDevice(deviceId: string): Promise<DeviceSessionRecord[]> {
    return asPromise(() =>
      this.db
        .prepare<[string], SessionRow>(
          'SELECT * FROM device_sessions WHERE device_id = ? ORDER BY created_at',
        )
        .all(deviceId)
        .map(toSession),
    );
  }

  deleteSession(sessionId: string): Promise<void> {
    return asPromise(() => {
      this.db.prepare('DELETE FROM device_sessions WHERE session_id = ?').run(sessionId);
    });
  }

  getPin(userId: string): Promise<string | null> {
    return asPromise(
      () =>
        this.db
          .prepare<[string], string>('SELECT pin_hash FROM user_pins WHERE user_id = ?')
          .pluck()
          .get(userId) ?? null,
    );
  }

  setPin(userId: string, pinHash: string, at: string): Promise<void> {
    return asPromise(() => {
      this.db
        .prepare(
          `INSERT INTO user_pins (user_id, pin_hash, updated_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET pin_hash = excluded.pin_hash, updated_at = excluded.updated_at`,
        )
        .run(userId, pinHash, at);
    });
  }

  deletePin(userId: string): Promise<void> {
    return asPromise(() => {
      this.db.prepare('DELETE FROM user_pins WHERE user_id = ?').run(userId);
    });
  }
}
