import type Database from 'better-sqlite3';
import type { MajorityRule, OpinionAnswer, OpinionResponse, OpinionStatus } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  OpinionDraftFields,
  OpinionRecipientRecord,
  OpinionRequestPatch,
  OpinionRequestRecord,
  OpinionsRepo,
} from '../opinions.port.js';
import { asPromise, fromJson, mapConstraintError, toMs } from './sql.js';

/** Migration 11: requests for written opinions and their recipients (answers and responses as JSON). */
export const OPINIONS_MIGRATION_SQL = `
  CREATE TABLE opinion_requests (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    document_id TEXT NOT NULL,
    title TEXT NOT NULL,
    note TEXT,
    deadline TEXT NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('cast', 'members', 'members_two_thirds', 'plurality')),
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent')),
    questions TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    sent_at TEXT,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX opinion_requests_meeting ON opinion_requests (meeting_id, created_ms DESC);
  CREATE TABLE opinion_recipients (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES opinion_requests(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL,
    user_id TEXT,
    name TEXT NOT NULL,
    title TEXT,
    email TEXT,
    answers TEXT NOT NULL DEFAULT '[]',
    responses TEXT NOT NULL DEFAULT '[]',
    answered_at TEXT,
    answered_via TEXT CHECK (answered_via IN ('link', 'app')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    UNIQUE (request_id, participant_id)
  ) STRICT;
  CREATE INDEX opinion_recipients_request ON opinion_recipients (request_id, seq);
  CREATE INDEX opinion_recipients_user ON opinion_recipients (user_id, created_ms DESC);
`;

interface RequestRow {
  id: string;
  meeting_id: string;
  document_id: string;
  title: string;
  note: string | null;
  deadline: string;
  rule: MajorityRule;
  status: OpinionStatus;
  questions: string;
  created_by: string;
  created_at: string;
  created_ms: number;
  sent_at: string | null;
  updated_at: string;
  version: number;
}

interface RecipientRow {
  id: string;
  request_id: string;
  participant_id: string;
  user_id: string | null;
  name: string;
  title: string | null;
  email: string | null;
  answers: string;
  responses: string;
  answered_at: string | null;
  answered_via: 'link' | 'app' | null;
  token_hash: string;
  created_at: string;
  created_ms: number;
  seq: number;
}

const toRequest = (r: RequestRow): OpinionRequestRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  documentId: r.document_id,
  title: r.title,
  note: r.note,
  deadline: r.deadline,
  rule: r.rule,
  status: r.status,
  questions: fromJson(r.questions),
  createdBy: r.created_by,
  createdAt: r.created_at,
  sentAt: r.sent_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toRecipient = (r: RecipientRow): OpinionRecipientRecord => ({
  id: r.id,
  requestId: r.request_id,
  participantId: r.participant_id,
  userId: r.user_id,
  name: r.name,
  title: r.title,
  email: r.email,
  answers: fromJson<OpinionAnswer[]>(r.answers),
  responses: fromJson<OpinionResponse[]>(r.responses),
  answeredAt: r.answered_at,
  answeredVia: r.answered_via,
  tokenHash: r.token_hash,
  createdAt: r.created_at,
});

const FIELDS = { 'opinion_recipients.token_hash': 'tokenHash', 'opinion_requests.id': 'id' };

/** Requests for written opinions on SQLite (migration 11). */
export class SqliteOpinionsRepo implements OpinionsRepo {
  private readonly insertRequest;
  private readonly insertRecipient;
  private readonly byId;
  private readonly byMeeting;
  private readonly updateStmt;
  private readonly recipientsStmt;
  private readonly recipientById;
  private readonly recipientByToken;
  private readonly recipientsByUser;
  private readonly answersStmt;
  private readonly responsesStmt;
  private readonly draftStmt;
  private readonly deleteRecipients;
  private readonly deleteDraft;

  constructor(private readonly db: Database.Database) {
    this.insertRequest = db.prepare<RequestRow>(`INSERT INTO opinion_requests (id, meeting_id, document_id,
      title, note, deadline, rule, status, questions, created_by, created_at, created_ms, sent_at, updated_at,
      version) VALUES (@id, @meeting_id, @document_id, @title, @note, @deadline, @rule, @status, @questions,
      @created_by, @created_at, @created_ms, @sent_at, @updated_at, @version)`);
    this.insertRecipient = db.prepare<RecipientRow>(`INSERT INTO opinion_recipients (id, request_id,
      participant_id, user_id, name, title, email, answers, responses, answered_at, answered_via, token_hash,
      created_at, created_ms, seq) VALUES (@id, @request_id, @participant_id, @user_id, @name, @title, @email,
      @answers, @responses, @answered_at, @answered_via, @token_hash, @created_at, @created_ms, @seq)`);
    this.byId = db.prepare<[string], RequestRow>('SELECT * FROM opinion_requests WHERE id = ?');
    this.byMeeting = db.prepare<[string], RequestRow>(
      'SELECT * FROM opinion_requests WHERE meeting_id = ? ORDER BY created_ms DESC, id',
    );
    this.updateStmt = db.prepare<[string, string | null, string, string, number]>(
      `UPDATE opinion_requests SET status = ?, sent_at = ?, updated_at = ?, version = version + 1
       WHERE id = ? AND version = ?`,
    );
    this.recipientsStmt = db.prepare<[string], RecipientRow>(
      'SELECT * FROM opinion_recipients WHERE request_id = ? ORDER BY seq',
    );
    this.recipientById = db.prepare<[string], RecipientRow>('SELECT * FROM opinion_recipients WHERE id = ?');
    this.recipientByToken = db.prepare<[string], RecipientRow>(
      'SELECT * FROM opinion_recipients WHERE token_hash = ?',
    );
    this.recipientsByUser = db.prepare<[string], RecipientRow>(
      'SELECT * FROM opinion_recipients WHERE user_id = ? ORDER BY created_ms DESC, id',
    );
    this.answersStmt = db.prepare<[string, string, string, string]>(
      'UPDATE opinion_recipients SET answers = ?, answered_at = ?, answered_via = ? WHERE id = ?',
    );
    this.responsesStmt = db.prepare<[string, string]>(
      'UPDATE opinion_recipients SET responses = ? WHERE id = ?',
    );
    this.draftStmt = db.prepare(
      `UPDATE opinion_requests SET document_id = @document_id, title = @title, note = @note,
         deadline = @deadline, rule = @rule, questions = @questions, updated_at = @updated_at,
         version = version + 1
       WHERE id = @id AND version = @version AND status = 'draft'`,
    );
    this.deleteRecipients = db.prepare<[string]>('DELETE FROM opinion_recipients WHERE request_id = ?');
    this.deleteDraft = db.prepare<[string, number]>(
      "DELETE FROM opinion_requests WHERE id = ? AND version = ? AND status = 'draft'",
    );
  }

  create(request: OpinionRequestRecord, recipients: OpinionRecipientRecord[]): Promise<void> {
    return asPromise(() => {
      try {
        this.db.transaction(() => {
          this.insertRequest.run({
            id: request.id,
            meeting_id: request.meetingId,
            document_id: request.documentId,
            title: request.title,
            note: request.note,
            deadline: request.deadline,
            rule: request.rule,
            status: request.status,
            questions: JSON.stringify(request.questions),
            created_by: request.createdBy,
            created_at: request.createdAt,
            created_ms: toMs(request.createdAt),
            sent_at: request.sentAt,
            updated_at: request.updatedAt,
            version: request.version,
          });
          this.insertRecipients(request.id, recipients);
        })();
      } catch (e) {
        throw mapConstraintError(e, FIELDS);
      }
    });
  }

  private insertRecipients(requestId: string, recipients: OpinionRecipientRecord[]): void {
    recipients.forEach((r, seq) =>
      this.insertRecipient.run({
        id: r.id,
        request_id: requestId,
        participant_id: r.participantId,
        user_id: r.userId,
        name: r.name,
        title: r.title,
        email: r.email,
        answers: JSON.stringify(r.answers),
        responses: JSON.stringify(r.responses),
        answered_at: r.answeredAt,
        answered_via: r.answeredVia,
        token_hash: r.tokenHash,
        created_at: r.createdAt,
        created_ms: toMs(r.createdAt),
        seq,
      }),
    );
  }

  replaceDraft(
    id: string,
    fields: OpinionDraftFields,
    recipients: OpinionRecipientRecord[],
    expectedVersion: number,
    now: string,
  ): Promise<OpinionRequestRecord> {
    return asPromise(() => {
      try {
        return this.db.transaction(() => {
          const changed = this.draftStmt.run({
            id,
            version: expectedVersion,
            document_id: fields.documentId,
            title: fields.title,
            note: fields.note,
            deadline: fields.deadline,
            rule: fields.rule,
            questions: JSON.stringify(fields.questions),
            updated_at: now,
          }).changes;
          if (changed !== 1) {
            if (!this.byId.get(id)) throw new RecordNotFoundError('opinion_request', id);
            throw new VersionConflictError('opinion_request', id);
          }
          this.deleteRecipients.run(id);
          this.insertRecipients(id, recipients);
          return toRequest(this.byId.get(id)!);
        })();
      } catch (e) {
        throw mapConstraintError(e, FIELDS);
      }
    });
  }

  removeDraft(id: string, expectedVersion: number): Promise<void> {
    return asPromise(() => {
      if (this.deleteDraft.run(id, expectedVersion).changes === 1) return;
      if (!this.byId.get(id)) throw new RecordNotFoundError('opinion_request', id);
      throw new VersionConflictError('opinion_request', id);
    });
  }

  getById(id: string): Promise<OpinionRequestRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRequest(row) : null;
    });
  }

  listByMeeting(meetingId: string): Promise<OpinionRequestRecord[]> {
    return asPromise(() => this.byMeeting.all(meetingId).map(toRequest));
  }

  update(
    id: string,
    patch: OpinionRequestPatch,
    expectedVersion: number,
    now: string,
  ): Promise<OpinionRequestRecord> {
    return asPromise(() => {
      const current = this.byId.get(id);
      if (!current) throw new RecordNotFoundError('opinion_request', id);
      const status = patch.status ?? current.status;
      const sentAt = patch.sentAt !== undefined ? patch.sentAt : current.sent_at;
      if (this.updateStmt.run(status, sentAt, now, id, expectedVersion).changes !== 1)
        throw new VersionConflictError('opinion_request', id);
      return toRequest(this.byId.get(id)!);
    });
  }

  recipients(requestId: string): Promise<OpinionRecipientRecord[]> {
    return asPromise(() => this.recipientsStmt.all(requestId).map(toRecipient));
  }

  getRecipient(id: string): Promise<OpinionRecipientRecord | null> {
    return asPromise(() => {
      const row = this.recipientById.get(id);
      return row ? toRecipient(row) : null;
    });
  }

  getRecipientByTokenHash(tokenHash: string): Promise<OpinionRecipientRecord | null> {
    return asPromise(() => {
      const row = this.recipientByToken.get(tokenHash);
      return row ? toRecipient(row) : null;
    });
  }

  listRecipientsByUser(userId: string): Promise<OpinionRecipientRecord[]> {
    return asPromise(() => this.recipientsByUser.all(userId).map(toRecipient));
  }

  saveAnswers(
    recipientId: string,
    answers: OpinionAnswer[],
    answeredAt: string,
    via: 'link' | 'app',
  ): Promise<OpinionRecipientRecord> {
    return asPromise(() => {
      if (this.answersStmt.run(JSON.stringify(answers), answeredAt, via, recipientId).changes !== 1)
        throw new RecordNotFoundError('opinion_recipient', recipientId);
      return toRecipient(this.recipientById.get(recipientId)!);
    });
  }

  setResponse(
    recipientId: string,
    questionId: string,
    response: OpinionResponse | null,
  ): Promise<OpinionRecipientRecord> {
    return asPromise(() =>
      // Read and write in one step: a concurrent response to another question is kept.
      this.db.transaction(() => {
        const row = this.recipientById.get(recipientId);
        if (!row) throw new RecordNotFoundError('opinion_recipient', recipientId);
        const others = fromJson<OpinionResponse[]>(row.responses).filter((r) => r.questionId !== questionId);
        const next = response ? [...others, { ...response, questionId }] : others;
        this.responsesStmt.run(JSON.stringify(next), recipientId);
        return toRecipient(this.recipientById.get(recipientId)!);
      })(),
    );
  }
}
