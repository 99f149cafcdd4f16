/** A byte range asked for with `Range: bytes=…`, resolved against the file's size (end inclusive). */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/**
 * Reads a single-range `Range` header as `send` would: `bytes=a-b`, `bytes=a-`, `bytes=-n`.
 * Null means "send the whole file" (no header, several ranges or another unit), as RFC 9110 allows.
 */
export function parseRange(header: string | null, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return null;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
