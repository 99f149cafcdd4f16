import type Database from 'better-sqlite3';
import { VersionConflictError } from '../port.js';
import type { BallotOutcome, BallotWrite, VoteRecord, VoterRow, VotesRepo } from '../votes.port.js';
import { asPromise, fromJson, toMs, withoutSync } from './sql.js';
import type { WalCheckpointer } from './wal-checkpoint.js';
import { WalSync } from './wal-sync.js';

/**
 * Migration 10: votes, the seats that have voted, a secret vote's per-option counters, and the
 * meeting setting that lets deputies vote. The ballot tables are WITHOUT ROWID, keyed by
 * (vote, seat) and (vote, option): no rowid grows with each ballot, so no column or key order
 * follows the order of arrival (see `seal` for what is left in pages and the log).
 */
export const VOTES_MIGRATION_SQL = `
  ALTER TABLE meetings ADD COLUMN deputies_may_vote INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE votes (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    version INTEGER NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  CREATE INDEX votes_meeting ON votes (meeting_id, created_ms);
  CREATE INDEX votes_open ON votes (state) WHERE state = 'open';
  CREATE TABLE vote_voters (
    vote_id TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    seat_id TEXT NOT NULL,
    op_id TEXT NOT NULL,
    choice TEXT,
    PRIMARY KEY (vote_id, seat_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE vote_counters (
    vote_id TEXT NOT NULL REFERENCES votes (id) ON DELETE CASCADE,
    option_id TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (vote_id, option_id)
  ) STRICT, WITHOUT ROWID;
`;

/** The counter row holding how many ballots a secret vote has (option ids never start with '*'). */
const CAST_KEY = '*cast';

interface VoteRow {
  id: string;
  meeting_id: string;
  state: string;
  created_ms: number;
  version: number;
  data: string;
}

interface VoterDbRow {
  seat_id: string;
  op_id: string;
  choice: string | null;
}

const toRecord = (r: VoteRow): VoteRecord => ({ ...fromJson<VoteRecord>(r.data), version: r.version });

/** Ballots answered are flushed to the disk within this many ms (see `castMany`). */
export const BALLOT_FLUSH_MS = 50;

export class SqliteVotesRepo implements VotesRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly byMeetingStmt;
  private readonly openStmt;
  private readonly openInStmt;
  private readonly updateStmt;
  private readonly removeStmt;
  private readonly voterStmt;
  private readonly insertVoterStmt;
  private readonly changeVoterStmt;
  private readonly countStmt;
  private readonly votersStmt;
  private readonly countersStmt;
  private readonly castTx;
  private readonly sealTx;
  /** Syncs the write-ahead log off the event loop (null for a database without a file). */
  private readonly wal: WalSync | null;

  constructor(
    private readonly db: Database.Database,
    wal?: WalSync,
    /** The store's checkpoint thread, which must not checkpoint while `seal` truncates the log. */
    private readonly checkpointer?: WalCheckpointer,
    /** How long an answered ballot may wait for the log's flush to the disk. */
    private readonly flushWithinMs = BALLOT_FLUSH_MS,
  ) {
    this.wal = wal ?? (db.memory ? null : new WalSync(`${db.name}-wal`));
    this.insertStmt = db.prepare<[string, string, string, number, number, string]>(
      'INSERT INTO votes (id, meeting_id, state, created_ms, version, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.getStmt = db.prepare<[string], VoteRow>('SELECT * FROM votes WHERE id = ?');
    this.byMeetingStmt = db.prepare<[string], VoteRow>(
      'SELECT * FROM votes WHERE meeting_id = ? ORDER BY created_ms, id',
    );
    // The meeting's rows through `votes_meeting`; only the open ones are decoded.
    this.openInStmt = db.prepare<[string], VoteRow>(
      "SELECT * FROM votes WHERE meeting_id = ? AND state = 'open' ORDER BY created_ms, id",
    );
    this.openStmt = db.prepare<[], VoteRow>(
      "SELECT * FROM votes WHERE state = 'open' ORDER BY created_ms, id",
    );
    this.updateStmt = db.prepare<[string, number, string, string, number]>(
      'UPDATE votes SET state = ?, version = ?, data = ? WHERE id = ? AND version = ?',
    );
    this.removeStmt = db.prepare<[string]>('DELETE FROM votes WHERE id = ?');
    this.voterStmt = db.prepare<[string, string], VoterDbRow>(
      'SELECT seat_id, op_id, choice FROM vote_voters WHERE vote_id = ? AND seat_id = ?',
    );
    this.insertVoterStmt = db.prepare<[string, string, string, string | null]>(
      'INSERT INTO vote_voters (vote_id, seat_id, op_id, choice) VALUES (?, ?, ?, ?)',
    );
    this.changeVoterStmt = db.prepare<[string, string | null, string, string]>(
      'UPDATE vote_voters SET op_id = ?, choice = ? WHERE vote_id = ? AND seat_id = ?',
    );
    this.countStmt = db.prepare<[string, string]>(
      `INSERT INTO vote_counters (vote_id, option_id, count) VALUES (?, ?, 1)
       ON CONFLICT (vote_id, option_id) DO UPDATE SET count = count + 1`,
    );
    this.votersStmt = db.prepare<[string], VoterDbRow>(
      'SELECT seat_id, op_id, choice FROM vote_voters WHERE vote_id = ? ORDER BY seat_id',
    );
    this.countersStmt = db.prepare<[string], { option_id: string; count: number }>(
      'SELECT option_id, count FROM vote_counters WHERE vote_id = ?',
    );
    this.castTx = db.transaction(
      (vote: Pick<VoteRecord, 'id' | 'kind' | 'allowChange'>, ballots: readonly BallotWrite[]) =>
        ballots.map((b) => this.castOne(vote, b)),
    );
    const dropVoters = db.prepare<[string]>('DELETE FROM vote_voters WHERE vote_id = ?');
    const dropCounters = db.prepare<[string]>('DELETE FROM vote_counters WHERE vote_id = ?');
    this.sealTx = db.transaction((voteId: string) => {
      dropVoters.run(voteId);
      dropCounters.run(voteId);
    });
  }

  private castOne(vote: Pick<VoteRecord, 'id' | 'kind' | 'allowChange'>, b: BallotWrite): BallotOutcome {
    const secret = vote.kind === 'secret';
    const before = this.voterStmt.get(vote.id, b.seatId);
    if (before) {
      if (before.op_id === b.opId) return 'duplicate';
      if (secret || !vote.allowChange) return 'refused';
      this.changeVoterStmt.run(b.opId, JSON.stringify(b.choice), vote.id, b.seatId);
      return 'changed';
    }
    // A secret ballot: the seat joins the "has voted" set without its choice; the choice only
    // moves the counters, in the same transaction.
    this.insertVoterStmt.run(vote.id, b.seatId, b.opId, secret ? null : JSON.stringify(b.choice));
    if (secret) {
      this.countStmt.run(vote.id, CAST_KEY);
      for (const option of b.choice) this.countStmt.run(vote.id, option);
    }
    return 'cast';
  }

  create(v: VoteRecord): Promise<void> {
    return asPromise(() => {
      this.insertStmt.run(v.id, v.meetingId, v.state, toMs(v.createdAt), v.version, JSON.stringify(v));
    });
  }

  get(id: string): Promise<VoteRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(id);
      return row ? toRecord(row) : null;
    });
  }

  listByMeeting(meetingId: string): Promise<VoteRecord[]> {
    return asPromise(() => this.byMeetingStmt.all(meetingId).map(toRecord));
  }

  listOpen(meetingId?: string): Promise<VoteRecord[]> {
    return asPromise(() =>
      (meetingId === undefined ? this.openStmt.all() : this.openInStmt.all(meetingId)).map(toRecord),
    );
  }

  update(v: VoteRecord, expectedVersion: number): Promise<VoteRecord> {
    return asPromise(() => {
      const next = { ...v, version: expectedVersion + 1 };
      const res = this.updateStmt.run(next.state, next.version, JSON.stringify(next), v.id, expectedVersion);
      if (res.changes === 0) throw new VersionConflictError('vote', v.id);
      return next;
    });
  }

  remove(id: string): Promise<void> {
    return asPromise(() => {
      this.removeStmt.run(id);
    });
  }

  /**
   * Group commit: the batch is one transaction committed at `synchronous = NORMAL` — written to
   * the log, so a killed process loses nothing, and answered at once; the log is fdatasynced on
   * the thread pool within `flushWithinMs` (`WalSync.soon`: one flush for all the batches of that
   * interval, not one per batch — 500 tablets voting at once made a flush per batch keep a 2-core
   * machine's disk and scheduler busy, and the acks waited behind it), and `synced` (the close,
   * the annulment) waits for a flush of its own. A power cut may lose the ballots answered in the
   * last interval: the tablets keep their last ballot and send it again after they reconnect
   * (same opId, counted once). Inside a unit of work the batch joins it and its FULL commit.
   */
  castMany(
    vote: Pick<VoteRecord, 'id' | 'kind' | 'allowChange'>,
    ballots: readonly BallotWrite[],
  ): Promise<BallotOutcome[]> {
    return asPromise(() => {
      if (!this.wal || this.db.inTransaction) return this.castTx(vote, ballots);
      const outcomes = withoutSync(this.db, () => this.castTx(vote, ballots));
      // A failed flush is not lost: `synced` (the close, the annulment) flushes again and fails.
      this.wal.soon(this.flushWithinMs);
      return outcomes;
    });
  }

  synced(): Promise<void> {
    return this.wal?.sync() ?? Promise.resolve();
  }

  /** Closes the log file handle (the store is closing). */
  close(): Promise<void> {
    return this.wal?.close() ?? Promise.resolve();
  }

  voters(voteId: string): Promise<VoterRow[]> {
    return asPromise(() =>
      this.votersStmt.all(voteId).map((r) => ({
        seatId: r.seat_id,
        opId: r.op_id,
        choice: r.choice === null ? null : fromJson<string[]>(r.choice),
      })),
    );
  }

  counters(voteId: string): Promise<{ cast: number; counts: Record<string, number> }> {
    return asPromise(() => {
      const counts: Record<string, number> = {};
      let cast = 0;
      for (const r of this.countersStmt.all(voteId)) {
        if (r.option_id === CAST_KEY) cast = r.count;
        else counts[r.option_id] = r.count;
      }
      return { cast, counts };
    });
  }

  /**
   * Deletes the voter set and counters (the connection runs with `secure_delete`, so the freed
   * cells and pages are overwritten with zeros), then checkpoints the write-ahead log into the
   * database and truncates it: the log's frames held every intermediate page, i.e. who had voted
   * and the counters after each ballot.
   */
  seal(voteId: string): Promise<void> {
    return asPromise(() => {
      this.sealTx(voteId);
      const truncate = () => this.db.pragma('wal_checkpoint(TRUNCATE)');
      // SQLite refuses a checkpoint while another connection runs one: the store's checkpoint
      // thread holds off (or finishes the one under way) meanwhile.
      if (this.checkpointer) this.checkpointer.exclusive(truncate);
      else truncate();
    });
  }
}
