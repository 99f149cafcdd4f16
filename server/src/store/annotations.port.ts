/** One stored Yjs update of a layer; `seq` grows with every append to any layer of the store. */
export interface StoredUpdate {
  seq: number;
  update: Uint8Array;
}

/**
 * The annotation layers' updates (one Y.Doc per document × layer). `layer` is `shared` or
 * `u:<userId>`. Appends are durable when their promise resolves; a layer is the union of its
 * rows, so a crash between two steps of a compaction loses nothing (Yjs updates are idempotent).
 */
export interface AnnotationsRepo {
  /** Every stored update of a layer, in seq order (empty for a layer never written). */
  load(documentId: string, layer: string): Promise<StoredUpdate[]>;
  /** Appends one update and returns its seq once it is durable (survives a power cut). */
  append(documentId: string, layer: string, update: Uint8Array, at: string): Promise<number>;
  /**
   * Replaces the layer's rows up to and including `throughSeq` by one row holding `state` (the
   * merged document re-encoded); rows appended after `throughSeq` stay.
   */
  compact(
    documentId: string,
    layer: string,
    state: Uint8Array,
    throughSeq: number,
    at: string,
  ): Promise<void>;
}
