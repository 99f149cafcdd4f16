import { Schema } from 'mongoose';
import type { Model } from 'mongoose';
import type { AnnotationsRepo, StoredUpdate } from '../annotations.port.js';

export interface AnnotationUpdateDoc {
  documentId: string;
  layer: string;
  seq: number;
  /** True for the row a compaction wrote (it shares its seq with the last row it replaced). */
  merged: boolean;
  data: Buffer;
  createdAt: string;
}

export interface AnnotationCounterDoc {
  _id: string;
  seq: number;
}

export const annotationUpdateSchema = new Schema<AnnotationUpdateDoc>(
  {
    documentId: { type: String, required: true },
    layer: { type: String, required: true },
    seq: { type: Number, required: true },
    merged: { type: Boolean, required: true },
    data: { type: Buffer, required: true },
    createdAt: { type: String, required: true },
  },
  { collection: 'annotationUpdates', versionKey: false },
);
annotationUpdateSchema.index({ documentId: 1, layer: 1, seq: 1, merged: 1 }, { unique: true });

export const annotationCounterSchema = new Schema<AnnotationCounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'annotationCounters', versionKey: false },
);

const toBytes = (data: unknown): Uint8Array => {
  if (data instanceof Uint8Array) return new Uint8Array(data);
  // A lean read may hand back the driver's Binary.
  const b = data as { buffer?: Uint8Array; value?: () => Uint8Array };
  if (typeof b.value === 'function') return new Uint8Array(b.value());
  return new Uint8Array(b.buffer ?? []);
};

export class MongoAnnotationsRepo implements AnnotationsRepo {
  constructor(
    private readonly updates: Model<AnnotationUpdateDoc>,
    private readonly counters: Model<AnnotationCounterDoc>,
  ) {}

  async load(documentId: string, layer: string): Promise<StoredUpdate[]> {
    const rows = await this.updates
      .find({ documentId, layer })
      .sort({ seq: 1, merged: -1 })
      .lean<AnnotationUpdateDoc[]>();
    return rows.map((r) => ({ seq: r.seq, update: toBytes(r.data) }));
  }

  async append(
    documentId: string,
    layer: string,
    update: Uint8Array,
    at: string,
    committed?: (seq: number) => void,
  ): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate({ _id: 'annotations' }, { $inc: { seq: 1 } }, { upsert: true, new: true })
      .lean<AnnotationCounterDoc>();
    const seq = counter?.seq;
    if (seq === undefined) throw new Error('annotation counter unavailable');
    await this.updates.create({
      documentId,
      layer,
      seq,
      merged: false,
      data: Buffer.from(update),
      createdAt: at,
    });
    // Written with the connection's majority + journal: durable already.
    committed?.(seq);
    return seq;
  }

  async compact(
    documentId: string,
    layer: string,
    state: Uint8Array,
    throughSeq: number,
    at: string,
  ): Promise<void> {
    // Without multi-document transactions: write the merged row first, then drop what it
    // replaces. A crash in between leaves both, which loads to the same document.
    await this.updates.updateOne(
      { documentId, layer, seq: throughSeq, merged: true },
      { $set: { data: Buffer.from(state), createdAt: at } },
      { upsert: true },
    );
    await this.updates.deleteMany({
      documentId,
      layer,
      $or: [{ seq: { $lt: throughSeq } }, { seq: throughSeq, merged: false }],
    });
  }
}
