import * as Y from 'yjs';
import { isCleanText, storedFields } from '@icabinet/shared';

/** Why an update was refused before it touched a document. */
export type UpdateFault = 'malformed' | 'foreign_root';

/**
 * Why an annotation's value was refused: a string breaks the text rule, or is too long, or the
 * value is a record that does not read (`storedFields`).
 */
export type TextFault = 'bad_text' | 'text_too_long' | 'malformed';

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

/**
 * The top-level entries (`root`, key) a transaction changed, at ANY depth: a change inside a
 * nested type (a field of an annotation stored as a nested Y.Map, by an older client or a forger)
 * counts as a change of the top-level entry that holds it, so a check of that entry (its author)
 * cannot be bypassed by editing below it.
 */
export function touchedEntries(tr: Y.Transaction): [root: string, key: string][] {
  const rootNames = new Map<unknown, string>([...tr.doc.share].map(([name, type]) => [type, name]));
  const out = new Map<string, [string, string]>();
  const add = (root: string, key: string) => out.set(`${root}\n${key}`, [root, key]);
  for (const [type, keys] of tr.changed) {
    if (type._item === null) {
      const root = rootNames.get(type);
      if (root !== undefined) for (const k of keys) if (k !== null) add(root, k);
      continue;
    }
    // Climb to the item that sits directly in a root type.
    let item: Y.Item = type._item;
    while (item.parent instanceof Y.AbstractType && item.parent._item !== null) item = item.parent._item;
    const root = item.parent instanceof Y.AbstractType ? rootNames.get(item.parent) : undefined;
    if (root !== undefined && item.parentSub !== null) add(root, item.parentSub);
  }
  return [...out.values()];
}

/**
 * Checks every string of one annotation value (a packed record, or an earlier client's nested
 * Y.Map / Y.Text at any depth) against the text rule every other text field follows: `text` (a
 * note's or a text box's) may span lines, any other string is one line; none longer than `maxChars`.
 */
export function checkAnnotationText(value: unknown, maxChars: number): TextFault | null {
  const walk = (v: unknown, key: string, depth: number): TextFault | null => {
    if (typeof v === 'string') {
      if (!isCleanText(v, key === 'text')) return 'bad_text';
      return v.length > maxChars ? 'text_too_long' : null;
    }
    if (v instanceof Y.AbstractType) return walk(v.toJSON(), key, depth);
    // Deeper than any annotation's fields: a forged value; refused rather than walked forever.
    if (depth > 8) return 'bad_text';
    if (Array.isArray(v)) {
      for (const item of v) {
        const fault = walk(item, key, depth + 1);
        if (fault) return fault;
      }
      return null;
    }
    if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
      for (const [k, item] of Object.entries(v)) {
        const fault = walk(k, '', depth + 1) ?? walk(item, k, depth + 1);
        if (fault) return fault;
      }
    }
    return null;
  };
  if (value instanceof Uint8Array) {
    // A record: its text is read as a reader would read it; one that does not read is refused
    // (no reader could show it, and its bytes could not be checked).
    const fields = storedFields(value);
    return fields ? walk(fields, '', 0) : 'malformed';
  }
  return walk(value, '', 0);
}
