import type Database from 'better-sqlite3';
import { RecordNotFoundError } from '../port.js';
import type { SecondFactorRecord, SecondFactorsRepo } from '../second-factor.port.js';
import { asPromise, fromJson, isForeignKeyError } from './sql.js';

interface Row {
  user_id: string;
  secret: string;
  enabled_at: string | null;
  last_step: number;
  recovery_hashes: string;
  challenge_id: string | null;
  challenge_expires_at: string | null;
  created_at: string;
}

const toRecord = (r: Row): SecondFactorRecord => ({
  userId: r.user_id,
  secret: r.secret,
  enabledAt: r.enabled_at,
  lastStep: r.last_step,
  recoveryHashes: fromJson<string[]>(r.recovery_hashes),
  challengeId: r.challenge_id,
  challengeExpiresAt: r.challenge_expires_at,
  createdAt: r.created_at,
});

/** Second factors on SQLite (migration 9). */
export class SqliteSecondFactorsRepo implements SecondFactorsRepo {
  private readonly byUser;
  private readonly byChallenge;
  private readonly upsertPending;
  private readonly enableStmt;
  private readonly useStepStmt;
  private readonly recoveryStmt;
  private readonly challengeStmt;
  private readonly deleteStmt;

  constructor(db: Database.Database) {
    this.byUser = db.prepare<[string], Row>('SELECT * FROM user_second_factors WHERE user_id = ?');
    this.byChallenge = db.prepare<[string], Row>('SELECT * FROM user_second_factors WHERE challenge_id = ?');
    // An enabled factor is never replaced by a new enrolment (the WHERE of the upsert).
    this.upsertPending = db.prepare<Row>(`INSERT INTO user_second_factors (user_id, secret, enabled_at,
      last_step, recovery_hashes, challenge_id, challenge_expires_at, created_at) VALUES (@user_id, @secret,
      NULL, @last_step, @recovery_hashes, NULL, NULL, @created_at)
      ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = excluded.last_step,
        recovery_hashes = excluded.recovery_hashes, created_at = excluded.created_at
      WHERE user_second_factors.enabled_at IS NULL`);
    this.enableStmt = db.prepare<[string, number, string, string]>(`UPDATE user_second_factors
      SET enabled_at = ?, last_step = ?, recovery_hashes = ? WHERE user_id = ? AND enabled_at IS NULL`);
    this.useStepStmt = db.prepare<[number, string, number]>(
      'UPDATE user_second_factors SET last_step = ? WHERE user_id = ? AND last_step < ?',
    );
    this.recoveryStmt = db.prepare<[string, string, string]>(
      'UPDATE user_second_factors SET recovery_hashes = ? WHERE user_id = ? AND recovery_hashes = ?',
    );
    this.challengeStmt = db.prepare<[string | null, string | null, string]>(
      'UPDATE user_second_factors SET challenge_id = ?, challenge_expires_at = ? WHERE user_id = ?',
    );
    this.deleteStmt = db.prepare<[string]>('DELETE FROM user_second_factors WHERE user_id = ?');
  }

  get(userId: string): Promise<SecondFactorRecord | null> {
    return asPromise(() => {
      const row = this.byUser.get(userId);
      return row ? toRecord(row) : null;
    });
  }

  begin(r: SecondFactorRecord): Promise<boolean> {
    return asPromise(() => {
      try {
        const result = this.upsertPending.run({
          user_id: r.userId,
          secret: r.secret,
          enabled_at: null,
          last_step: r.lastStep,
          recovery_hashes: JSON.stringify(r.recoveryHashes),
          challenge_id: null,
          challenge_expires_at: null,
          created_at: r.createdAt,
        });
        return result.changes === 1;
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('user', r.userId);
        throw e;
      }
    });
  }

  enable(userId: string, at: string, step: number, recoveryHashes: string[]): Promise<boolean> {
    return asPromise(
      () => this.enableStmt.run(at, step, JSON.stringify(recoveryHashes), userId).changes === 1,
    );
  }

  useStep(userId: string, step: number): Promise<boolean> {
    return asPromise(() => this.useStepStmt.run(step, userId, step).changes === 1);
  }

  replaceRecovery(userId: string, expected: string[], next: string[]): Promise<boolean> {
    return asPromise(
      () => this.recoveryStmt.run(JSON.stringify(next), userId, JSON.stringify(expected)).changes === 1,
    );
  }

  setChallenge(userId: string, challengeId: string | null, expiresAt: string | null): Promise<void> {
    return asPromise(() => {
      this.challengeStmt.run(challengeId, expiresAt, userId);
    });
  }

  getByChallenge(challengeId: string): Promise<SecondFactorRecord | null> {
    return asPromise(() => {
      const row = this.byChallenge.get(challengeId);
      return row ? toRecord(row) : null;
    });
  }

  delete(userId: string): Promise<boolean> {
    return asPromise(() => this.deleteStmt.run(userId).changes === 1);
  }
}
