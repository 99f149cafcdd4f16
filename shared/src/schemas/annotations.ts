import { z } from 'zod';
import { Id } from './common.js';
import { OpId } from './room.js';

/**
 * Size limits of the shared annotation layers. An update above `updateBytes` is refused (the
 * socket transport cap, SOCKET_MAX_PAYLOAD_BYTES, closes the connection on anything larger
 * still); a layer whose stored size passed `docBytes` refuses further writes.
 */
export const ANNOTATION_LIMITS = {
  updateBytes: 1_000_000,
  docBytes: 48 * 1024 * 1024,
  stateVectorBytes: 64 * 1024,
  awarenessBytes: 8 * 1024,
} as const;

/** `shared`: the meeting's layer; `private`: the signed-in user's own layer (never anyone else's). */
export const AnnotationLayer = z.enum(['shared', 'private']);
export type AnnotationLayer = z.infer<typeof AnnotationLayer>;

/**
 * Binary payload: socket.io hands Node a Buffer and a browser an ArrayBuffer; both become a
 * Uint8Array here, capped at `max` bytes.
 */
export const Bytes = (max: number) =>
  z
    .custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, 'bytes')
    .transform((v) => (v instanceof Uint8Array ? v : new Uint8Array(v)))
    .refine((v) => v.byteLength <= max, 'too_large');

const DocRef = { documentId: Id, layer: AnnotationLayer };

/** `doc:join`: follow one layer; `stateVector` is what the client already holds (empty: nothing). */
export const DocJoinInput = z.strictObject({
  ...DocRef,
  stateVector: Bytes(ANNOTATION_LIMITS.stateVectorBytes).optional(),
});
export type DocJoinInput = z.infer<typeof DocJoinInput>;

/** `doc:update`: one Yjs update (v1 encoding) to store and pass on. */
export const DocUpdateInput = z.strictObject({
  ...DocRef,
  update: Bytes(ANNOTATION_LIMITS.updateBytes).refine((v) => v.byteLength > 0, 'empty'),
  opId: OpId.optional(),
});
export type DocUpdateInput = z.infer<typeof DocUpdateInput>;

/** `doc:awareness` (volatile, no ack): a y-protocols awareness update for one layer. */
export const DocAwarenessInput = z.strictObject({
  ...DocRef,
  update: Bytes(ANNOTATION_LIMITS.awarenessBytes),
});
export type DocAwarenessInput = z.infer<typeof DocAwarenessInput>;

/** `doc:leave`: stop following one layer. */
export const DocLeaveInput = z.strictObject(DocRef);
export type DocLeaveInput = z.infer<typeof DocLeaveInput>;
