import type Database from 'better-sqlite3';
import type { AnnotationsRepo, StoredUpdate } from '../annotations.port.js';
import { asPromise, withoutSync } from './sql.js';
import type { WalSync } from './wal-sync.js';

/**
 * Migration 6: the Yjs updates of the annotation layers, one row per update (a compaction
 * leaves one row holding the re-encoded layer). The rowid is the seq: it only grows.
 */
export const ANNOTATIONS_MIGRATION_SQL = `
  CREATE TABLE annotation_updates (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL,
    layer TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX annotation_updates_layer ON annotation_updates (document_id, layer, id);
`;

interface Row {
  id: number;
  data: Buffer;
}

export class SqliteAnnotationsRepo implements AnnotationsRepo {
  private readonly loadStmt;
  private readonly appendStmt;
  private readonly deleteThroughStmt;
  private readonly insertAtStmt;
  private readonly compactTx;

  constructor(
    private readonly db: Database.Database,
    /** Flushes the write-ahead log off the event loop (null for a database without a file). */
    private readonly wal: WalSync | null = null,
  ) {
    this.loadStmt = db.prepare<[string, string], Row>(
      'SELECT id, data FROM annotation_updates WHERE document_id = ? AND layer = ? ORDER BY id',
    );
    this.appendStmt = db.prepare<[string, string, Uint8Array, string]>(
      'INSERT INTO annotation_updates (document_id, layer, data, created_at) VALUES (?, ?, ?, ?)',
    );
    this.deleteThroughStmt = db.prepare<[string, string, number]>(
      'DELETE FROM annotation_updates WHERE document_id = ? AND layer = ? AND id <= ?',
    );
    this.insertAtStmt = db.prepare<[number, string, string, Uint8Array, string]>(
      'INSERT INTO annotation_updates (id, document_id, layer, data, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.compactTx = db.transaction(
      (documentId: string, layer: string, state: Uint8Array, throughSeq: number, at: string) => {
        this.deleteThroughStmt.run(documentId, layer, throughSeq);
        // The merged row takes the seq of the last row it replaces, so later rows stay after it.
        this.insertAtStmt.run(throughSeq, documentId, layer, state, at);
      },
    );
  }

  load(documentId: string, layer: string): Promise<StoredUpdate[]> {
    return asPromise(() =>
      this.loadStmt.all(documentId, layer).map((r) => ({ seq: r.id, update: new Uint8Array(r.data) })),
    );
  }

  /**
   * Durable before it resolves, without holding the event loop for the disk: the row is committed
   * at `synchronous = NORMAL` (written to the log: a killed process loses nothing), then the log is
   * flushed on the thread pool (`WalSync`, shared with the ballots: appends and ballots that arrive
   * during one flush share the next). Strokes of other writers and every other socket are served
   * meanwhile; at FULL each commit's fsync ran on the event loop. Inside a unit of work the row
   * joins it and its FULL commit. `committed` runs between the commit and the flush, so the
   * layer's followers get the update without waiting for the disk (see the port).
   */
  async append(
    documentId: string,
    layer: string,
    update: Uint8Array,
    at: string,
    committed?: (seq: number) => void,
  ): Promise<number> {
    const write = () => Number(this.appendStmt.run(documentId, layer, update, at).lastInsertRowid);
    if (!this.wal || this.db.inTransaction) {
      const seq = write();
      committed?.(seq);
      return seq;
    }
    const seq = withoutSync(this.db, write);
    committed?.(seq);
    await this.wal.sync();
    return seq;
  }

  compact(
    documentId: string,
    layer: string,
    state: Uint8Array,
    throughSeq: number,
    at: string,
  ): Promise<void> {
    return asPromise(() => this.compactTx.immediate(documentId, layer, state, throughSeq, at));
  }
}
