import type Database from 'better-sqlite3';
import { RecordNotFoundError } from '../port.js';
import type {
  OfficialDocumentRecord,
  OfficialDocumentsRepo,
  OfficialDocumentType,
} from '../official-documents.port.js';
import { asPromise, isForeignKeyError, mapConstraintError } from './sql.js';

/** Migration 15: the number registers (one row per type and year) and the issued documents. */
export const OFFICIAL_DOCUMENTS_MIGRATION_SQL = `
  CREATE TABLE document_registers (
    type TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (type, year)
  ) STRICT;
  CREATE TABLE official_documents (
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    issued_by TEXT,
    PRIMARY KEY (meeting_id, type),
    UNIQUE (type, year, number)
  ) STRICT;
`;

interface Row {
  meeting_id: string;
  type: OfficialDocumentType;
  year: number;
  number: number;
  symbol: string;
  issued_at: string;
  issued_by: string | null;
}

const toRecord = (r: Row): OfficialDocumentRecord => ({
  meetingId: r.meeting_id,
  type: r.type,
  year: r.year,
  number: r.number,
  symbol: r.symbol,
  issuedAt: r.issued_at,
  issuedBy: r.issued_by,
});

const FIELDS = {
  'official_documents.meeting_id, official_documents.type': 'meeting_type',
  'official_documents.type, official_documents.year, official_documents.number': 'number',
};

/** The registers on SQLite: an upsert that increments and returns the counter in one statement. */
export class SqliteOfficialDocumentsRepo implements OfficialDocumentsRepo {
  private readonly nextStmt;
  private readonly getStmt;
  private readonly insertStmt;

  constructor(db: Database.Database) {
    this.nextStmt = db
      .prepare<[string, number], number>(
        `INSERT INTO document_registers (type, year, last_number) VALUES (?, ?, 1)
         ON CONFLICT (type, year) DO UPDATE SET last_number = last_number + 1
         RETURNING last_number`,
      )
      .pluck();
    this.getStmt = db.prepare<[string, string], Row>(
      'SELECT * FROM official_documents WHERE meeting_id = ? AND type = ?',
    );
    this.insertStmt = db.prepare<Row>(`INSERT INTO official_documents
      (meeting_id, type, year, number, symbol, issued_at, issued_by)
      VALUES (@meeting_id, @type, @year, @number, @symbol, @issued_at, @issued_by)`);
  }

  nextNumber(type: OfficialDocumentType, year: number): Promise<number> {
    return asPromise(() => {
      const n = this.nextStmt.get(type, year);
      if (n === undefined) throw new Error(`register ${type}/${year} returned no number`);
      return n;
    });
  }

  get(meetingId: string, type: OfficialDocumentType): Promise<OfficialDocumentRecord | null> {
    return asPromise(() => {
      const row = this.getStmt.get(meetingId, type);
      return row ? toRecord(row) : null;
    });
  }

  create(record: OfficialDocumentRecord): Promise<OfficialDocumentRecord> {
    return asPromise(() => {
      try {
        this.insertStmt.run({
          meeting_id: record.meetingId,
          type: record.type,
          year: record.year,
          number: record.number,
          symbol: record.symbol,
          issued_at: record.issuedAt,
          issued_by: record.issuedBy,
        });
      } catch (e) {
        if (isForeignKeyError(e)) throw new RecordNotFoundError('meeting', record.meetingId);
        throw mapConstraintError(e, FIELDS);
      }
      return { ...record };
    });
  }
}
