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
  /**
   * Appends one update and returns its seq once it is durable (survives a power cut).
   * `committed`, when given, is called with the seq as soon as the row is committed and survives a
   * killed server process, possibly before it is on the disk (SQLite: committed at
   * `synchronous = NORMAL`, then the log flush; MongoDB: after the write, which is already
   * durable). The layer's followers can be sent the update then: only a power cut can still take
   * it, and the writer, whose ack waits for the promise, sends it again. Called at most once; not
   * called when the append fails before its commit.
   */
  append(
    documentId: string,
    layer: string,
    update: Uint8Array,
    at: string,
    committed?: (seq: number) => void,
  ): Promise<number>;
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
