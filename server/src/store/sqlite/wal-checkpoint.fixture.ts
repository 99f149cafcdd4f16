/**
 * For wal-checkpoint.test.ts, in a process of its own that the test kills: casts ballots one at a
 * time on a connection set up as the store's (WAL, FULL, no automatic checkpoint, the log flushed
 * by `WalSync`, checkpoints on `WalCheckpointer`'s thread after only a few pages, so they run all
 * the time) and prints each ballot's seat once `castMany` answered it — what the server acks.
 *
 *   node --import tsx wal-checkpoint.fixture.ts <database file> <seat prefix>
 */
import Database from 'better-sqlite3';
import { SqliteVotesRepo, VOTES_MIGRATION_SQL } from './votes.sqlite.js';
import { WalCheckpointer } from './wal-checkpoint.js';
import { WalSync } from './wal-sync.js';

const [file, prefix] = process.argv.slice(2) as [string, string];
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('secure_delete = ON');
db.pragma('wal_autocheckpoint = 16');
const fresh = !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'votes'").get();
if (fresh) {
  db.exec(`CREATE TABLE meetings (id TEXT PRIMARY KEY); INSERT INTO meetings (id) VALUES ('m1');`);
  db.exec(VOTES_MIGRATION_SQL);
  db.exec(
    `INSERT INTO votes (id, meeting_id, state, created_ms, version, data) VALUES ('v1', 'm1', 'open', 0, 1, '{}')`,
  );
}
const checkpointer = new WalCheckpointer(file, { thresholdFrames: 4, pollMs: 1 });
const repo = new SqliteVotesRepo(db, new WalSync(`${file}-wal`), checkpointer);
const vote = { id: 'v1', kind: 'open', allowChange: false } as const;
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  const seatId = `${prefix}-${i}`;
  const [outcome] = await repo.castMany(vote, [{ seatId, opId: `op-${seatId}`, choice: ['for'] }]);
  // Pipes are written synchronously on Linux: once printed, the test has it even if killed next.
  if (outcome === 'cast') process.stdout.write(`${seatId}\n`);
  // Let the event loop turn now and then, as the server's does between ballots.
  if (i % 8 === 0) await new Promise((r) => setImmediate(r));
}
