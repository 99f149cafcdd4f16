import * as Y from 'yjs';

/** Why an update was refused before it touched a document. */
export type UpdateFault = 'malformed' | 'foreign_root';

/**
 * Parses an update completely (structs and delete set) without applying it, so random bytes, a
 * truncated update or an unknown content type fail here and the live document never sees them.
 * Top-level items may only live in root types `isRoot` accepts (a client cannot grow other shared types).
 */
export function checkUpdate(update: Uint8Array, isRoot: (name: string) => boolean): UpdateFault | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return 'malformed';
  }
  for (const s of decoded.structs) {
    if (s instanceof Y.Item) {
      // A content type Yjs does not know decodes to undefined instead of throwing.
      if (s.content === undefined || s.content === null) return 'malformed';
      if (typeof s.parent === 'string' && !isRoot(s.parent)) return 'foreign_root';
    }
  }
  return null;
}

/** Whether a state vector parses (a client's `doc:join` may carry garbage). */
export function checkStateVector(sv: Uint8Array): boolean {
  try {
    Y.decodeStateVector(sv);
    return true;
  } catch {
    return false;
  }
}
