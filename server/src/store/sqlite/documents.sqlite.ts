import type Database from 'better-sqlite3';
import type { DocumentClassification } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { DocumentListOptions, DocumentPatch, DocumentRecord, DocumentsRepo } from '../documents.port.js';
import { asPromise, fromJson, isForeignKeyError, mapConstraintError, toBool, toInt, toMs } from './sql.js';

/** The documents schema; applied by migrations.ts (the number follows the meetings module's). */
export const DOCUMENTS_MIGRATION_SQL = `
  CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agenda_item_id TEXT,
    chain_id TEXT NOT NULL,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    classification TEXT NOT NULL,
    version_no INTEGER NOT NULL,
    previous_id TEXT,
    latest INTEGER NOT NULL CHECK (latest IN (0, 1)),
    optimized INTEGER NOT NULL CHECK (optimized IN (0, 1)),
    uploaded_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX documents_meeting ON documents (meeting_id, created_ms);
  CREATE UNIQUE INDEX documents_chain_latest ON documents (chain_id) WHERE latest = 1;
  CREATE UNIQUE INDEX documents_chain_version ON documents (chain_id, version_no);
  CREATE INDEX documents_sha ON documents (sha256);
  CREATE INDEX documents_agenda_item ON documents (agenda_item_id) WHERE agenda_item_id IS NOT NULL;

  CREATE TABLE document_texts (
    sha256 TEXT PRIMARY KEY,
    pages TEXT NOT NULL
  ) STRICT;
`;

interface DocumentRow {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  chain_id: string;
  name: string;
  sha256: string;
  size: number;
  pages: number;
  classification: string;
  version_no: number;
  previous_id: string | null;
  latest: number;
  optimized: number;
  read_only: number;
  uploaded_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

type DocumentParams = DocumentRow & { created_ms: number };

const toRecord = (r: DocumentRow): DocumentRecord => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  chainId: r.chain_id,
  name: r.name,
  sha256: r.sha256,
  size: r.size,
  pages: r.pages,
  mime: 'application/pdf',
  classification: fromJson<DocumentClassification>(r.classification),
  versionNo: r.version_no,
  previousId: r.previous_id,
  latest: toBool(r.latest),
  optimized: toBool(r.optimized),
  ...(r.read_only ? { readOnly: true } : {}),
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toParams = (d: DocumentRecord): DocumentParams => ({
  id: d.id,
  meeting_id: d.meetingId,
  agenda_item_id: d.agendaItemId,
  chain_id: d.chainId,
  name: d.name,
  sha256: d.sha256,
  size: d.size,
  pages: d.pages,
  classification: JSON.stringify(d.classification),
  version_no: d.versionNo,
  previous_id: d.previousId,
  latest: toInt(d.latest),
  optimized: toInt(d.optimized),
  read_only: toInt(d.readOnly === true),
  uploaded_by: d.uploadedBy,
  created_at: d.createdAt,
  created_ms: toMs(d.createdAt),
  updated_at: d.updatedAt,
  version: d.version,
});

const UNIQUE_FIELDS = {
  'documents.id': 'id',
  'documents.chain_id': 'latest',
  'documents.chain_id, documents.version_no': 'versionNo',
};

/** The documents repository on SQLite. */
export class SqliteDocumentsRepo implements DocumentsRepo {
  private readonly insert;
  private readonly byId;
  private readonly byMeeting;
  private readonly latestByMeeting;
  private readonly countLatest;
  private readonly countsLatest;
  private readonly chain;
  private readonly replace;
  private readonly retire;
  private readonly deleteChain;
  private readonly unlink;
  private readonly countSha;
  private readonly countLatestStmt;
  private readonly upsertText;
  private readonly textOf;
  private readonly deleteText;
  private readonly insertVersion;

  constructor(db: Database.Database) {
    this.insert = db.prepare<DocumentParams>(`INSERT INTO documents (id, meeting_id, agenda_item_id, chain_id,
      name, sha256, size, pages, classification, version_no, previous_id, latest, optimized, read_only, uploaded_by,
      created_at, created_ms, updated_at, version) VALUES (@id, @meeting_id, @agenda_item_id, @chain_id, @name,
      @sha256, @size, @pages, @classification, @version_no, @previous_id, @latest, @optimized, @read_only, @uploaded_by,
      @created_at, @created_ms, @updated_at, @version)`);
    this.byId = db.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ?');
    this.byMeeting = db.prepare<[string], DocumentRow>(
      'SELECT * FROM documents WHERE meeting_id = ? ORDER BY created_ms, chain_id, version_no',
    );
    this.latestByMeeting = db.prepare<[string], DocumentRow>(
      'SELECT * FROM documents WHERE meeting_id = ? AND latest = 1 ORDER BY created_ms, id',
    );
    this.countLatest = db
      .prepare<[string], number>('SELECT count(*) FROM documents WHERE meeting_id = ? AND latest = 1')
      .pluck();
    this.countsLatest = db.prepare<[string], { meeting_id: string; n: number }>(
      `SELECT meeting_id, count(*) AS n FROM documents
       WHERE meeting_id IN (SELECT value FROM json_each(?)) AND latest = 1 GROUP BY meeting_id`,
    );
    this.chain = db.prepare<[string], DocumentRow>(
      'SELECT * FROM documents WHERE chain_id = ? ORDER BY version_no',
    );
    this.replace = db.prepare<DocumentParams & { expected: number }>(`UPDATE documents SET name = @name,
      agenda_item_id = @agenda_item_id, classification = @classification, updated_at = @updated_at,
      version = @version WHERE id = @id AND version = @expected`);
    this.retire = db.prepare<{ id: string; updated_at: string }>(
      'UPDATE documents SET latest = 0, version = version + 1, updated_at = @updated_at WHERE id = @id AND latest = 1',
    );
    this.deleteChain = db.prepare<[string]>('DELETE FROM documents WHERE chain_id = ?');
    this.unlink = db.prepare<{ item: string; now: string }>(
      `UPDATE documents SET agenda_item_id = NULL, updated_at = @now, version = version + 1
       WHERE agenda_item_id = @item`,
    );
    this.countLatestStmt = db.prepare<[], number>('SELECT count(*) FROM documents WHERE latest = 1').pluck();
    this.countSha = db.prepare<[string], number>('SELECT count(*) FROM documents WHERE sha256 = ?').pluck();
    this.upsertText = db.prepare<[string, string]>(
      'INSERT INTO document_texts (sha256, pages) VALUES (?, ?) ON CONFLICT (sha256) DO UPDATE SET pages = excluded.pages',
    );
    this.textOf = db.prepare<[string], string>('SELECT pages FROM document_texts WHERE sha256 = ?').pluck();
    this.deleteText = db.prepare<[string]>('DELETE FROM document_texts WHERE sha256 = ?');
    // Retiring the old latest and inserting the new one commit together, or not at all.
    this.insertVersion = db.transaction((doc: DocumentRecord, now: string) => {
      const previous = doc.previousId ? this.byId.get(doc.previousId) : undefined;
      if (!previous || previous.chain_id !== doc.chainId)
        throw new RecordNotFoundError('document', doc.previousId ?? '');
      if (this.retire.run({ id: previous.id, updated_at: now }).changes === 0) {
        throw new VersionConflictError('document', previous.id);
      }
      this.insert.run(toParams(doc));
    });
  }

  create(doc: DocumentRecord): Promise<DocumentRecord> {
    return asPromise(() => {
      try {
        this.insert.run(toParams(doc));
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', doc.meetingId);
        throw mapConstraintError(e, UNIQUE_FIELDS);
      }
      return doc;
    });
  }

  addVersion(doc: DocumentRecord, now: string): Promise<DocumentRecord> {
    return asPromise(() => {
      try {
        this.insertVersion.immediate(doc, now);
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', doc.meetingId);
        throw mapConstraintError(e, UNIQUE_FIELDS);
      }
      return doc;
    });
  }

  getById(id: string): Promise<DocumentRecord | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  listByMeeting(meetingId: string, options: DocumentListOptions = {}): Promise<DocumentRecord[]> {
    return asPromise(() =>
      (options.all ? this.byMeeting : this.latestByMeeting).all(meetingId).map(toRecord),
    );
  }

  countByMeeting(meetingId: string): Promise<number> {
    return asPromise(() => this.countLatest.get(meetingId) ?? 0);
  }

  countByMeetings(meetingIds: string[]): Promise<Map<string, number>> {
    return asPromise(() => {
      const out = new Map(meetingIds.map((id) => [id, 0]));
      for (const r of this.countsLatest.all(JSON.stringify(meetingIds))) out.set(r.meeting_id, r.n);
      return out;
    });
  }

  listChain(chainId: string): Promise<DocumentRecord[]> {
    return asPromise(() => this.chain.all(chainId).map(toRecord));
  }

  update(id: string, patch: DocumentPatch, expectedVersion: number, now: string): Promise<DocumentRecord> {
    return asPromise(() => {
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('document', id);
      if (row.version !== expectedVersion) throw new VersionConflictError('document', id);
      const current = toRecord(row);
      const next: DocumentRecord = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.agendaItemId !== undefined ? { agendaItemId: patch.agendaItemId } : {}),
        ...(patch.classification !== undefined ? { classification: patch.classification } : {}),
        updatedAt: now,
        version: current.version + 1,
      };
      const { changes } = this.replace.run({ ...toParams(next), expected: current.version });
      if (changes === 0) throw new VersionConflictError('document', id);
      return next;
    });
  }

  removeChain(chainId: string): Promise<DocumentRecord[]> {
    return asPromise(() => {
      const rows = this.chain.all(chainId);
      this.deleteChain.run(chainId);
      return rows.map(toRecord);
    });
  }

  unlinkAgendaItem(agendaItemId: string, now: string): Promise<number> {
    return asPromise(() => this.unlink.run({ item: agendaItemId, now }).changes);
  }

  countAllLatest(): Promise<number> {
    return asPromise(() => this.countLatestStmt.get() ?? 0);
  }

  countBySha(sha256: string): Promise<number> {
    return asPromise(() => this.countSha.get(sha256) ?? 0);
  }

  putText(sha256: string, pages: string[]): Promise<void> {
    return asPromise(() => {
      this.upsertText.run(sha256, JSON.stringify(pages));
    });
  }

  getText(sha256: string): Promise<string[] | null> {
    return asPromise(() => {
      const text = this.textOf.get(sha256);
      return text === undefined ? null : fromJson<string[]>(text);
    });
  }

  removeText(sha256: string): Promise<void> {
    return asPromise(() => {
      this.deleteText.run(sha256);
    });
  }
}
