import type Database from 'better-sqlite3';
import type { SignableDocumentType, SignatureEntry } from '@icabinet/shared';
import { RecordNotFoundError } from '../port.js';
import type { SignedDocumentRecord, SignedDocumentsRepo } from '../signed-documents.port.js';
import { asPromise, isForeignKeyError } from './sql.js';

/** Migration 21: signed official documents, the PDF kept byte for byte. */
export const SIGNED_DOCUMENTS_MIGRATION_SQL = `
  CREATE TABLE signed_documents (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    pdf BLOB NOT NULL,
    revision INTEGER NOT NULL,
    signatures TEXT NOT NULL,
    area TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, type)
  ) STRICT;
`;

interface Row {
  meeting_id: string;
  type: SignableDocumentType;
  file_name: string;
  pdf: Buffer;
  revision: number;
  signatures: string;
  area: string;
  updated_at: string;
}

const toRow = (r: SignedDocumentRecord): Row => ({
  meeting_id: r.meetingId,
  type: r.type,
  file_name: r.fileName,
  pdf: r.pdf,
  revision: r.revision,
  signatures: JSON.stringify(r.signatures),
  area: JSON.stringify(r.area),
  updated_at: r.updatedAt,
});

/** Signed documents on SQLite: a revision check in the UPDATE's WHERE makes signing race-free. */
export class SqliteSignedDocumentsRepo implements SignedDocumentsRepo {
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare<[string, string], Row>(
      'SELECT * FROM signed_documents WHERE meeting_id = ? AND type = ?',
    );
    this.insertStmt = db.prepare<Row>(`INSERT INTO signed_documents
      (meeting_id, type, file_name, pdf, revision, signatures, area, updated_at)
      VALUES (@meeting_id, @type, @file_name, @pdf, @revision, @signatures, @area, @updated_at)
      ON CONFLICT (meeting_id, type) DO NOTHING`);
    this.updateStmt = db.prepare<Row>(`UPDATE signed_documents SET file_name = @file_name, pdf = @pdf,
      revision = @revision, signatures = @signatures, area = @area, updated_at = @updated_at
      WHERE meeting_id = @meeting_id AND type = @type AND revision = @revision - 1`);
  }

  get(meetingId: string, type: SignableDocumentType): Promise<SignedDocumentRecord | null> {
    return asPromise(() => {
      const r = this.getStmt.get(meetingId, type);
      if (!r) return null;
      return {
        meetingId: r.meeting_id,
        type: r.type,
        fileName: r.file_name,
        pdf: r.pdf,
        revision: r.revision,
        signatures: JSON.parse(r.signatures) as SignatureEntry[],
        area: JSON.parse(r.area) as SignedDocumentRecord['area'],
        updatedAt: r.updated_at,
      };
    });
  }

  save(record: SignedDocumentRecord): Promise<boolean> {
    return asPromise(() => {
      try {
        const stmt = record.revision === 1 ? this.insertStmt : this.updateStmt;
        return stmt.run(toRow(record)).changes === 1;
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', record.meetingId);
        throw e;
      }
    });
  }
}
