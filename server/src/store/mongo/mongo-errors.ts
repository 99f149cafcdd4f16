import { DuplicateKeyError } from '../port.js';
import { UNIQUE_INDEX_FIELDS } from './models.js';

interface MaybeMongoError {
  code?: unknown;
  message?: unknown;
  errmsg?: unknown;
  keyPattern?: unknown;
  writeErrors?: unknown;
  err?: unknown;
}

/** The first error object carrying E11000, looking inside bulk-write wrappers. */
function findDuplicate(e: unknown, depth = 0): MaybeMongoError | null {
  if (typeof e !== 'object' || e === null || depth > 3) return null;
  const err = e as MaybeMongoError;
  if (err.code === 11000) return err;
  // Bulk writes carry an array of WriteErrors (a single one in some driver paths).
  const writeErrors: unknown[] = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  for (const w of writeErrors) {
    const found = findDuplicate(w, depth + 1);
    if (found) return found;
  }
  return findDuplicate(err.err, depth + 1);
}

/**
 * Turns a MongoDB duplicate-key error (code 11000, alone or inside a bulk write) into
 * DuplicateKeyError naming the port's field; any other error is returned as is.
 */
export function mapMongoError(e: unknown): unknown {
  const dup = findDuplicate(e);
  if (!dup) return e;
  const text = [dup.errmsg, dup.message].find((m): m is string => typeof m === 'string') ?? '';
  const index = /index: (\S+)/.exec(text)?.[1];
  if (index && UNIQUE_INDEX_FIELDS[index]) return new DuplicateKeyError(UNIQUE_INDEX_FIELDS[index]);
  const keys = dup.keyPattern && typeof dup.keyPattern === 'object' ? Object.keys(dup.keyPattern) : [];
  const last = keys[keys.length - 1];
  return new DuplicateKeyError(last === undefined ? 'unknown' : last === '_id' ? 'id' : last);
}

/** Runs a write and rethrows a duplicate key as DuplicateKeyError. */
export async function mapDuplicates<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw mapMongoError(e);
  }
}

/** Escapes text for use inside a regular expression, so a search for ".*" finds only ".*". */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
