import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StoreOpenError } from '../port.js';
import type { Store } from '../port.js';
import { assertNotNewer, migrate } from './migrations.js';
import { sqliteCode } from './sql.js';
import { SqliteAgendaRepo } from './agenda.sqlite.js';
import { SqliteAuditRepo } from './audit.sqlite.js';
import { SqliteDocumentsRepo } from './documents.sqlite.js';
import { SqliteMeetingsRepo } from './meetings.sqlite.js';
import { SqliteParticipantsRepo } from './participants.sqlite.js';
import { SqliteSearchRepo } from './search.sqlite.js';
import { SqliteSessionsRepo } from './sessions.sqlite.js';
import { SqliteSecondFactorsRepo } from './second-factors.sqlite.js';
import { SqliteOpinionsRepo } from './opinions.sqlite.js';
import { SqliteUnitsRepo } from './units.sqlite.js';
import { SqliteUsersRepo } from './users.sqlite.js';
import { SqliteJobsRepo } from './jobs.sqlite.js';
import { SqliteInvitationsRepo, SqliteNotificationsRepo } from './invitations.sqlite.js';
import { SqliteRoomRepo } from './room.sqlite.js';
import { SqliteAnnotationsRepo } from './annotations.sqlite.js';
import { SqliteMinutesRepo } from './minutes.sqlite.js';
import { SqliteVotesRepo } from './votes.sqlite.js';
import { WalSync } from './wal-sync.js';
import { WalCheckpointer } from './wal-checkpoint.js';
import { SqliteSitesRepo } from './sites.sqlite.js';
import { SqliteViewerLinksRepo } from './viewers.sqlite.js';
import { SqliteSiteQuestionsRepo } from './site-questions.sqlite.js';
import { SqliteDevicesRepo } from './devices.sqlite.js';
import { SqliteUnitOfWork } from './unit-of-work.js';
import { SqlitePasswordHistoryRepo, SqliteSettingsRepo } from './settings.sqlite.js';
import { SqliteOfficialDocumentsRepo } from './official-documents.sqlite.js';
import { SqliteConclusionsRepo } from './conclusions.sqlite.js';
import { SqliteTasksRepo } from './tasks.sqlite.js';
import { SqliteSignedDocumentsRepo } from './signed-documents.sqlite.js';
import { SqliteIntegrationsRepo } from './integrations.sqlite.js';
import { fsReason } from '../../lib/fs-reason.js';

/** The database file name inside the data directory. */
export const SQLITE_FILE_NAME = 'icabinet.sqlite';

/** Every SQLite database file starts with these 16 bytes. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/** Plain words for the SQLite errors seen while opening a database. */
function describeSqliteError(e: unknown): string {
  switch (sqliteCode(e)) {
    case 'SQLITE_NOTADB':
      return 'it is not an SQLite database (the file is corrupt or of another kind)';
    case 'SQLITE_CORRUPT':
      return 'the database is corrupt';
    case 'SQLITE_CANTOPEN':
      return 'the file cannot be opened (check that the folder exists and is writable)';
    case 'SQLITE_READONLY':
      return 'the file or its folder is read-only';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'another process holds a lock on it';
    case 'SQLITE_FULL':
      return 'the disk is full';
    case 'SQLITE_IOERR':
      return 'the disk reported an input/output error';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

const LEFT_UNTOUCHED =
  'The file was left untouched; restore it from a backup or move it aside to start afresh.';

/** Makes sure the data directory exists and is a writable folder; never touches an existing file. */
function prepareDataDir(dataDir: string): void {
  let stats: Stats;
  try {
    stats = statSync(dataDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new StoreOpenError(`Cannot use the data directory ${dataDir}: ${fsReason(e)}.`, {
        cause: e,
      });
    }
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (e2) {
      throw new StoreOpenError(`Cannot create the data directory ${dataDir}: ${fsReason(e2)}.`, {
        cause: e2,
      });
    }
    return;
  }
  if (!stats.isDirectory()) {
    throw new StoreOpenError(
      `The data directory ${dataDir} is a file, not a folder. Point the data directory at a folder ` +
        '(the file was left untouched).',
    );
  }
  try {
    // WAL needs to create the -wal and -shm files next to the database.
    accessSync(dataDir, constants.R_OK | constants.W_OK);
  } catch (e) {
    throw new StoreOpenError(`The data directory ${dataDir} is not writable: ${fsReason(e)}.`, {
      cause: e,
    });
  }
}

/**
 * Checks an existing database file before SQLite touches it: it must be a readable, writable
 * regular file that starts with the SQLite header. A text file or random bytes are refused
 * here, before anything could be written to them.
 */
function checkExistingFile(file: string): void {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreOpenError(`Cannot use the database file ${file}: ${fsReason(e)}.`, { cause: e });
  }
  if (stats.isDirectory()) {
    throw new StoreOpenError(
      `The database path ${file} is a folder, not a file. Move it aside (it was left untouched).`,
    );
  }
  if (!stats.isFile()) throw new StoreOpenError(`The database path ${file} is not a regular file.`);
  try {
    accessSync(file, constants.R_OK | constants.W_OK);
  } catch (e) {
    throw new StoreOpenError(`The database file ${file} cannot be read and written: ${fsReason(e)}.`, {
      cause: e,
    });
  }
  // An empty file is what an interrupted first start leaves; SQLite initialises it in place.
  if (stats.size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  let read: number;
  try {
    read = readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new StoreOpenError(
      `The database file ${file} is not an SQLite database: it is corrupt or a different kind of file. ` +
        LEFT_UNTOUCHED,
    );
  }
}

/** Opens the file and checks it before anything is written: readable schema, ours, not newer. */
function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Reading the schema reads the header and the first pages, so damage shows up here.
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all();
    if (tables.length > 0 && !tables.includes('schema_migrations')) {
      throw new StoreOpenError(
        `The database file ${file} belongs to another application: it has tables but no I-Cabinet schema. ` +
          LEFT_UNTOUCHED,
      );
    }
    // Checked before our pragmas or tables could change a newer build's database.
    assertNotNewer(db, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Opens (creating if needed) the SQLite store in `dataDir`. Every failure is a StoreOpenError
 * that names the path and says what is wrong; an existing file is never overwritten,
 * truncated or deleted.
 */
export function openSqliteStore(
  dataDir: string,
  opts: { checkpointFrames?: number } = {},
): Promise<SqliteStore> {
  return new Promise<SqliteStore>((resolve) => {
    prepareDataDir(dataDir);
    const file = join(dataDir, SQLITE_FILE_NAME);
    checkExistingFile(file);
    let db: Database.Database | undefined;
    try {
      db = openDatabase(file);
      configureAndMigrate(db, file);
      resolve(new SqliteStore(db, file, opts));
    } catch (e) {
      if (db?.open) db.close();
      if (e instanceof StoreOpenError) throw e;
      const damaged = sqliteCode(e) === 'SQLITE_CORRUPT' || sqliteCode(e) === 'SQLITE_NOTADB';
      const advice = damaged ? ` ${LEFT_UNTOUCHED}` : '';
      throw new StoreOpenError(`Cannot open the database file ${file}: ${describeSqliteError(e)}.${advice}`, {
        cause: e,
      });
    }
  });
}

/** SQLite's default for `wal_autocheckpoint`: the log's length, in pages, that calls for a checkpoint. */
const AUTO_CHECKPOINT_FRAMES = 1000;
/** The log's length, in thresholds, at which a commit checkpoints on the event loop after all. */
const BACKSTOP = 4;

/** Sets the durability pragmas, then brings the schema up to date. */
function configureAndMigrate(db: Database.Database, file: string): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') {
    throw new StoreOpenError(
      `The database file ${file} cannot use write-ahead logging (journal mode is ${String(mode)}).`,
    );
  }
  // FULL: a committed write survives a power cut, which matters for votes and the audit log.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Deleted content is overwritten with zeros, so a secret vote's sealed ballots (and any other
  // deleted row) leave no copy in freed cells or pages of the database file.
  db.pragma('secure_delete = ON');
  migrate(db, file);
}

/** The connection settings in force, for diagnostics and the tests that pin them. */
export interface SqliteSettings {
  journalMode: string;
  synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  foreignKeys: boolean;
  busyTimeoutMs: number;
}

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;

/** The Store on one better-sqlite3 connection; statements are prepared once, here. */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly users;
  readonly units;
  readonly sessions;
  readonly secondFactors;
  readonly audit;
  readonly settings;
  readonly passwordHistory;
  readonly meetings;
  readonly participants;
  readonly documents;
  readonly agenda;
  readonly search;
  readonly jobs;
  readonly invitations;
  readonly notifications;
  readonly room;
  readonly annotations;
  readonly votes;
  readonly opinions;
  readonly sites;
  readonly officialDocuments;
  readonly signedDocuments;
  readonly viewerLinks;
  readonly siteQuestions;
  readonly minutes;
  readonly devices;
  readonly conclusions;
  readonly integrations;
  readonly tasks;
  private readonly uow: SqliteUnitOfWork;
  private readonly votesRepo: SqliteVotesRepo;
  private readonly wal: WalSync | null;
  private readonly checkpointer: WalCheckpointer | null;

  constructor(
    private readonly db: Database.Database,
    readonly location: string,
    opts: { checkpointFrames?: number } = {},
  ) {
    // The log is checkpointed on a thread of its own (wal-checkpoint.ts), not inside a commit on
    // the event loop; should that thread fail, SQLite's automatic checkpoint takes over again.
    this.checkpointer = db.memory ? null : this.startCheckpointer(opts.checkpointFrames);
    const uow = new SqliteUnitOfWork(db);
    this.uow = uow;
    this.users = uow.gate(new SqliteUsersRepo(db));
    this.units = uow.gate(new SqliteUnitsRepo(db));
    this.sessions = uow.gate(new SqliteSessionsRepo(db));
    this.secondFactors = uow.gate(new SqliteSecondFactorsRepo(db));
    this.audit = uow.gate(new SqliteAuditRepo(db));
    this.settings = uow.gate(new SqliteSettingsRepo(db));
    this.passwordHistory = uow.gate(new SqlitePasswordHistoryRepo(db));
    this.meetings = uow.gate(new SqliteMeetingsRepo(db));
    this.participants = uow.gate(new SqliteParticipantsRepo(db));
    this.documents = uow.gate(new SqliteDocumentsRepo(db));
    this.agenda = uow.gate(new SqliteAgendaRepo(db));
    this.search = uow.gate(new SqliteSearchRepo(db));
    this.jobs = uow.gate(new SqliteJobsRepo(db));
    this.invitations = uow.gate(new SqliteInvitationsRepo(db));
    this.notifications = uow.gate(new SqliteNotificationsRepo(db));
    this.room = uow.gate(new SqliteRoomRepo(db));
    // One log flusher for the connection: a flush covers every commit before it, whoever wrote it.
    this.wal = db.memory ? null : new WalSync(`${db.name}-wal`);
    this.annotations = uow.gate(new SqliteAnnotationsRepo(db, this.wal));
    this.votesRepo = new SqliteVotesRepo(db, this.wal ?? undefined, this.checkpointer ?? undefined);
    this.votes = uow.gate(this.votesRepo);
    this.opinions = uow.gate(new SqliteOpinionsRepo(db));
    this.sites = uow.gate(new SqliteSitesRepo(db));
    this.officialDocuments = uow.gate(new SqliteOfficialDocumentsRepo(db));
    this.signedDocuments = uow.gate(new SqliteSignedDocumentsRepo(db));
    this.viewerLinks = uow.gate(new SqliteViewerLinksRepo(db));
    this.siteQuestions = uow.gate(new SqliteSiteQuestionsRepo(db));
    this.minutes = uow.gate(new SqliteMinutesRepo(db));
    this.devices = uow.gate(new SqliteDevicesRepo(db));
    this.conclusions = uow.gate(new SqliteConclusionsRepo(db));
    this.integrations = uow.gate(new SqliteIntegrationsRepo(db));
    this.tasks = uow.gate(new SqliteTasksRepo(db));
  }

  private startCheckpointer(thresholdFrames = AUTO_CHECKPOINT_FRAMES): WalCheckpointer {
    // SQLite's own checkpoint stays as a backstop only: a thread that checkpoints while the event
    // loop keeps writing may never catch up with the log's end, and the log restarts only once it
    // has; past BACKSTOP times the threshold a commit checkpoints (the rest) itself, as before.
    this.db.pragma(`wal_autocheckpoint = ${thresholdFrames * BACKSTOP}`);
    return new WalCheckpointer(this.db.name, {
      thresholdFrames,
      onError: () => {
        if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_FRAMES}`);
      },
    });
  }

  /** See unit-of-work.ts: BEGIN IMMEDIATE … COMMIT around async work, other callers wait. */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.uow.transaction(fn);
  }

  /** Reads the pragmas back from this connection (synchronous and foreign_keys are per connection). */
  pragmas(): SqliteSettings {
    const synchronous = Number(this.db.pragma('synchronous', { simple: true }));
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_NAMES[synchronous] ?? 'OFF',
      foreignKeys: Number(this.db.pragma('foreign_keys', { simple: true })) === 1,
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  async close(): Promise<void> {
    // The ballots' log handle first (a sync under way finishes); then closing checkpoints the
    // WAL into the main file. A second close is harmless.
    await this.votesRepo.close();
    await this.wal?.close();
    // The checkpoint thread's connection first, so the main one is the last and checkpoints.
    await this.checkpointer?.close();
    if (this.db.open) this.db.close();
  }
}
