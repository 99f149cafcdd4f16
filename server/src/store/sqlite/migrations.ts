import type Database from 'better-sqlite3';
import { StoreOpenError } from '../port.js';
import { DOCUMENTS_MIGRATION_SQL } from './documents.sqlite.js';
import { INVITATIONS_MIGRATION_SQL } from './invitations.sqlite.js';
import { JOBS_MIGRATION_SQL } from './jobs.sqlite.js';
import { ROOM_MIGRATION_SQL, ROOM_OPS_MIGRATION_SQL } from './room.sqlite.js';
import { ANNOTATIONS_MIGRATION_SQL } from './annotations.sqlite.js';
import { SETTINGS_MIGRATION_SQL } from './settings.sqlite.js';
import { OFFICIAL_DOCUMENTS_MIGRATION_SQL } from './official-documents.sqlite.js';
import { OPINIONS_MIGRATION_SQL } from './opinions.sqlite.js';
import { VOTES_MIGRATION_SQL } from './votes.sqlite.js';
import { SITES_MIGRATION_SQL } from './sites.sqlite.js';
import { SITE_QUESTIONS_MIGRATION_SQL } from './site-questions.sqlite.js';
import { VIEWER_LINKS_MIGRATION_SQL } from './viewers.sqlite.js';
import { DEVICES_MIGRATION_SQL } from './devices.sqlite.js';
import { CONCLUSIONS_MIGRATION_SQL } from './conclusions.sqlite.js';
import { TASKS_MIGRATION_SQL } from './tasks.sqlite.js';
import { SIGNED_DOCUMENTS_MIGRATION_SQL } from './signed-documents.sqlite.js';
import { MINUTES_APPROVAL_MIGRATION_SQL, MINUTES_MIGRATION_SQL } from './minutes.sqlite.js';
import {
  API_TOKENS_MIGRATION_SQL,
  WEBHOOK_CLAIMS_MIGRATION_SQL,
  WEBHOOKS_MIGRATION_SQL,
} from './integrations.sqlite.js';

/** One schema step. Ids only grow; a shipped migration is never edited, only followed by a new one. */
export interface Migration {
  readonly id: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Meetings gain a description, an agenda version and a series; the agenda, its revisions and
 * the search index arrive. The index keeps the original text (for snippets) in `search_entries`
 * and the accent-folded text in an FTS5 table with the same rowid.
 */
const MEETINGS_AGENDA_MIGRATION_SQL = `
  ALTER TABLE meetings ADD COLUMN description TEXT;
  ALTER TABLE meetings ADD COLUMN agenda_version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE meetings ADD COLUMN series_id TEXT;
  ALTER TABLE meetings ADD COLUMN search TEXT NOT NULL DEFAULT '';
  CREATE INDEX meetings_series ON meetings (series_id) WHERE series_id IS NOT NULL;
  CREATE INDEX participants_meeting ON participants (meeting_id);

  CREATE TABLE agenda_items (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES agenda_items (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    presenter_id TEXT,
    presenter_name TEXT,
    planned_minutes INTEGER NOT NULL,
    actual_start TEXT,
    actual_end TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, position);
  CREATE INDEX agenda_items_parent ON agenda_items (parent_id) WHERE parent_id IS NOT NULL;

  CREATE TABLE agenda_revisions (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    by_user_id TEXT NOT NULL,
    by_full_name TEXT NOT NULL,
    summary TEXT NOT NULL,
    PRIMARY KEY (meeting_id, version)
  ) STRICT;

  CREATE TABLE search_entries (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
  ) STRICT;
  CREATE INDEX search_entries_meeting ON search_entries (meeting_id);
  CREATE VIRTUAL TABLE search_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 2');
`;

/**
 * The schema, in order. STRICT tables make SQLite reject a value of the wrong type instead of
 * storing it silently. Timestamps are kept as the ISO strings the port uses, plus `*_ms`
 * columns where the store compares or sorts by time, so an offset like +07:00 in a stored
 * string cannot put a row in the wrong place.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'init',
    sql: `
      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        parent_id TEXT,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        full_name TEXT NOT NULL,
        title TEXT,
        unit_id TEXT,
        email TEXT,
        phone TEXT,
        system_role TEXT NOT NULL,
        active INTEGER NOT NULL CHECK (active IN (0, 1)),
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
        last_login_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        search TEXT NOT NULL
      ) STRICT;
      CREATE INDEX users_unit ON users (unit_id);
      CREATE INDEX users_role_active ON users (system_role, active);

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        expires_ms INTEGER NOT NULL,
        ip TEXT,
        user_agent TEXT
      ) STRICT;
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE INDEX sessions_expires ON sessions (expires_ms);
      CREATE INDEX sessions_last_seen ON sessions (last_seen_ms);

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        data TEXT NOT NULL,
        ip TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;

      CREATE TABLE meetings (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        location TEXT,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        starts_ms INTEGER NOT NULL,
        ends_ms INTEGER NOT NULL,
        status TEXT NOT NULL,
        confidentiality TEXT NOT NULL,
        chair_id TEXT,
        quorum_rule TEXT NOT NULL,
        status_reason TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX meetings_starts ON meetings (starts_ms);
      CREATE INDEX meetings_status_starts ON meetings (status, starts_ms);

      CREATE TABLE participants (
        id TEXT PRIMARY KEY,
        meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
        user_id TEXT,
        guest TEXT,
        role TEXT NOT NULL,
        voting_right INTEGER NOT NULL CHECK (voting_right IN (0, 1)),
        seat TEXT,
        deputy_for_id TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX participants_meeting_user ON participants (meeting_id, user_id)
        WHERE user_id IS NOT NULL;
      CREATE INDEX participants_user ON participants (user_id) WHERE user_id IS NOT NULL;
    `,
  },
  { id: 2, name: 'meetings_agenda_search', sql: MEETINGS_AGENDA_MIGRATION_SQL },
  { id: 3, name: 'documents', sql: DOCUMENTS_MIGRATION_SQL },
  { id: 4, name: 'jobs_invitations', sql: JOBS_MIGRATION_SQL + INVITATIONS_MIGRATION_SQL },
  { id: 5, name: 'room_states', sql: ROOM_MIGRATION_SQL },
  { id: 6, name: 'annotation_updates', sql: ANNOTATIONS_MIGRATION_SQL },
  {
    id: 7,
    name: 'meetings_shared_annotations_open',
    // Every participant may write the shared annotation layer (0/1; existing meetings: closed).
    sql: 'ALTER TABLE meetings ADD COLUMN shared_annotations_open INTEGER NOT NULL DEFAULT 0;',
  },
  {
    id: 8,
    name: 'meetings_actual_times',
    // When the room really started and ended the meeting (null for meetings never held).
    sql: 'ALTER TABLE meetings ADD COLUMN started_at TEXT; ALTER TABLE meetings ADD COLUMN ended_at TEXT;',
  },
  {
    id: 9,
    name: 'user_second_factors',
    // TOTP second factor per user; recovery codes are argon2 hashes (JSON array); the pending
    // sign-in challenge is a sha256 of the token handed out after the password step.
    sql: `CREATE TABLE user_second_factors (
      user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
      secret TEXT NOT NULL,
      enabled_at TEXT,
      last_step INTEGER NOT NULL DEFAULT 0,
      recovery_hashes TEXT NOT NULL DEFAULT '[]',
      challenge_id TEXT UNIQUE,
      challenge_expires_at TEXT,
      created_at TEXT NOT NULL
    ) STRICT;`,
  },
  { id: 10, name: 'votes', sql: VOTES_MIGRATION_SQL },
  { id: 11, name: 'written_opinions', sql: OPINIONS_MIGRATION_SQL },
  { id: 12, name: 'settings_password_history', sql: SETTINGS_MIGRATION_SQL },
  { id: 13, name: 'sites_meeting_sites', sql: SITES_MIGRATION_SQL },
  { id: 14, name: 'room_ops', sql: ROOM_OPS_MIGRATION_SQL },
  { id: 15, name: 'official_documents', sql: OFFICIAL_DOCUMENTS_MIGRATION_SQL },
  { id: 16, name: 'devices', sql: DEVICES_MIGRATION_SQL },
  { id: 17, name: 'viewer_links', sql: VIEWER_LINKS_MIGRATION_SQL },
  { id: 18, name: 'site_questions', sql: SITE_QUESTIONS_MIGRATION_SQL },
  { id: 19, name: 'minutes', sql: MINUTES_MIGRATION_SQL },
  { id: 20, name: 'conclusions', sql: CONCLUSIONS_MIGRATION_SQL },
  { id: 21, name: 'signed_documents', sql: SIGNED_DOCUMENTS_MIGRATION_SQL },
  { id: 22, name: 'minutes_approvals', sql: MINUTES_APPROVAL_MIGRATION_SQL },
  { id: 24, name: 'api_tokens', sql: API_TOKENS_MIGRATION_SQL },
  { id: 25, name: 'webhooks', sql: WEBHOOKS_MIGRATION_SQL },
  { id: 23, name: 'tasks_unit_heads', sql: TASKS_MIGRATION_SQL },
  { id: 27, name: 'webhook_delivery_claims', sql: WEBHOOK_CLAIMS_MIGRATION_SQL },
];

/** The newest schema this build knows. */
export const LATEST_MIGRATION = MIGRATIONS.reduce((max, m) => Math.max(max, m.id), 0);

/** The highest migration id recorded in the database, or 0 for a database without our table. */
export function appliedMigration(db: Database.Database): number {
  const hasTable = db
    .prepare<[], number>(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    )
    .pluck()
    .get();
  if (!hasTable) return 0;
  return db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM schema_migrations').pluck().get() ?? 0;
}

/** Refuses a database written by a newer build, whose schema this code would misread; returns its schema id. */
export function assertNotNewer(db: Database.Database, file: string): number {
  const current = appliedMigration(db);
  if (current > LATEST_MIGRATION) {
    throw new StoreOpenError(
      `The database ${file} was created by a newer version of I-Cabinet (schema ${current}; this version ` +
        `knows up to ${LATEST_MIGRATION}). Run the newer version, or restore a backup made by this one. ` +
        'The file was left untouched.',
    );
  }
  return current;
}

/**
 * Applies the migrations the database lacks, each in its own transaction, so a failure
 * leaves the database at the last complete step. Refuses a database from a newer build,
 * whose schema this code would misread.
 */
export function migrate(db: Database.Database, file: string): { applied: number[] } {
  const current = assertNotNewer(db, file);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)',
  );
  const applied: number[] = [];
  // By the ids recorded, not only the highest: branches merged out of id order (12 before 10)
  // still get every step they lack.
  const done = new Set(
    current === 0 ? [] : db.prepare<[], number>('SELECT id FROM schema_migrations').pluck().all(),
  );
  for (const m of MIGRATIONS) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, m.name, new Date().toISOString());
    }).immediate();
    applied.push(m.id);
  }
  return { applied };
}
