import type Database from 'better-sqlite3';
import type { SiteQuestionKind, SiteQuestionStatus } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { SiteQuestionPatch, SiteQuestionRecord, SiteQuestionsRepo } from '../site-questions.port.js';
import { asPromise, mapConstraintError } from './sql.js';

/**
 * Questions from sites in online briefings (migration 18). The partial unique index keeps at most
 * one question of a meeting holding the floor, even with several server processes on one file.
 */
export const SITE_QUESTIONS_MIGRATION_SQL = `
  CREATE TABLE site_questions (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL REFERENCES sites(id),
    number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hand', 'written')),
    text TEXT,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'floor', 'answered', 'spoken', 'dismissed', 'withdrawn')),
    asked_by TEXT NOT NULL,
    asked_at TEXT NOT NULL,
    answer TEXT,
    closed_by TEXT,
    floor_at TEXT,
    closed_at TEXT,
    version INTEGER NOT NULL,
    UNIQUE (meeting_id, number)
  ) STRICT;
  CREATE UNIQUE INDEX site_questions_floor ON site_questions (meeting_id) WHERE status = 'floor';
`;

interface Row {
  id: string;
  meeting_id: string;
  site_id: string;
  number: number;
  kind: string;
  text: string | null;
  status: string;
  asked_by: string;
  asked_at: string;
  answer: string | null;
  closed_by: string | null;
  floor_at: string | null;
  closed_at: string | null;
  version: number;
}

const DUPLICATE_FIELDS = {
  'site_questions.id': 'id',
  'site_questions.meeting_id, site_questions.number': 'number',
  'site_questions.meeting_id': 'floor',
} as const;

const toRecord = (r: Row): SiteQuestionRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  siteId: r.site_id,
  number: r.number,
  kind: r.kind as SiteQuestionKind,
  text: r.text,
  status: r.status as SiteQuestionStatus,
  askedBy: r.asked_by,
  askedAt: r.asked_at,
  answer: r.answer,
  closedBy: r.closed_by,
  floorAt: r.floor_at,
  closedAt: r.closed_at,
  version: r.version,
});

const toRow = (q: SiteQuestionRecord): Row => ({
  id: q.id,
  meeting_id: q.meetingId,
  site_id: q.siteId,
  number: q.number,
  kind: q.kind,
  text: q.text,
  status: q.status,
  asked_by: q.askedBy,
  asked_at: q.askedAt,
  answer: q.answer,
  closed_by: q.closedBy,
  floor_at: q.floorAt,
  closed_at: q.closedAt,
  version: q.version,
});

/** The questions-from-sites repository on SQLite. */
export class SqliteSiteQuestionsRepo implements SiteQuestionsRepo {
  private readonly insert;
  private readonly byId;
  private readonly byMeeting;
  private readonly maxNumber;
  private readonly replace;

  constructor(db: Database.Database) {
    this.insert = db.prepare<Row>(`INSERT INTO site_questions (id, meeting_id, site_id, number, kind, text,
      status, asked_by, asked_at, answer, closed_by, floor_at, closed_at, version) VALUES (@id, @meeting_id,
      @site_id, @number, @kind, @text, @status, @asked_by, @asked_at, @answer, @closed_by, @floor_at,
      @closed_at, @version)`);
    this.byId = db.prepare<[string], Row>('SELECT * FROM site_questions WHERE id = ?');
    this.byMeeting = db.prepare<[string], Row>(
      'SELECT * FROM site_questions WHERE meeting_id = ? ORDER BY number',
    );
    this.maxNumber = db
      .prepare<[string], number>('SELECT coalesce(max(number), 0) FROM site_questions WHERE meeting_id = ?')
      .pluck();
    this.replace = db.prepare<Row & { expected: number }>(`UPDATE site_questions SET status = @status,
      answer = @answer, closed_by = @closed_by, floor_at = @floor_at, closed_at = @closed_at,
      version = @version WHERE id = @id AND version = @expected`);
  }

  create(question: SiteQuestionRecord): Promise<void> {
    return asPromise(() => {
      try {
        this.insert.run(toRow(question));
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
    });
  }

  getById(id: string): Promise<SiteQuestionRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  listByMeeting(meetingId: string): Promise<SiteQuestionRecord[]> {
    return asPromise(() => this.byMeeting.all(meetingId).map(toRecord));
  }

  lastNumber(meetingId: string): Promise<number> {
    return asPromise(() => this.maxNumber.get(meetingId) ?? 0);
  }

  update(id: string, patch: SiteQuestionPatch, expectedVersion: number): Promise<SiteQuestionRecord> {
    return asPromise(() => {
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('site_question', id);
      if (row.version !== expectedVersion) throw new VersionConflictError('site_question', id);
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([, v]) => v !== undefined),
      ) as SiteQuestionPatch;
      const next: SiteQuestionRecord = { ...toRecord(row), ...defined, version: row.version + 1 };
      try {
        const { changes } = this.replace.run({ ...toRow(next), expected: expectedVersion });
        if (changes === 0) throw new VersionConflictError('site_question', id);
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
      return next;
    });
  }
}
