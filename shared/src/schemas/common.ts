import { z } from 'zod';

/** Server-generated identifiers (UUID v4). */
export const Id = z.string().uuid();
export type Id = z.infer<typeof Id>;

/** ISO-8601 timestamp with offset, e.g. 2024-11-28T08:00:00.000Z. */
export const IsoDateTime = z.string().datetime({ offset: true });

/**
 * Characters no free text may hold: C0/C1 controls (a NUL, a bare CR that would start a header
 * or a calendar line), bidi embeddings/overrides/isolates (which make "gpj.exe" read as
 * "exe.jpg"), and lone surrogates (not encodable as UTF-8, so a store would keep garbage).
 * Multi-line fields also allow tab, LF and CR.
 */
const LINE_FORBIDDEN = /[\p{Cc}\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MULTILINE_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\p{Cs}/u;

/** Whether a string is acceptable text (see LINE_FORBIDDEN); the one rule every text field uses. */
export function isCleanText(value: string, multiline = false): boolean {
  return !(multiline ? MULTILINE_FORBIDDEN : LINE_FORBIDDEN).test(value);
}

/**
 * The refinement shared by every free-text field: one line unless `multiline`. Its messages
 * (`text_line`, `text_control`) become field-level errors a person can act on.
 */
export const cleanText = (multiline = false) =>
  z.string().check((ctx) => {
    if (isCleanText(ctx.value, multiline)) return;
    const lineBreak = !multiline && /[\t\n\r]/.test(ctx.value) && isCleanText(ctx.value, true);
    ctx.issues.push({
      code: 'custom',
      message: lineBreak ? 'text_line' : 'text_control',
      input: ctx.value,
    });
  });

/** A trimmed, non-empty line of text with a length cap. */
export const Text = (max: number) => z.string().trim().min(1).max(max).pipe(cleanText());

/** Several lines of text (a description, a reason): trimmed, non-empty, capped. */
export const MultilineText = (max: number) => z.string().trim().min(1).max(max).pipe(cleanText(true));

/** Optional text: empty strings become null. */
export const OptionalText = (max: number, opts: { multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .max(max)
    .pipe(cleanText(opts.multiline))
    .nullish()
    .transform((v) => (v ? v : null));

/** A search box: may be empty, one line. */
export const QueryText = (max: number) => z.string().trim().max(max).pipe(cleanText());

export const Email = z.string().trim().toLowerCase().email().max(254);
/** Vietnamese and international phone numbers: digits with an optional leading +, spaces and dots allowed. */
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 .-]{7,18}[0-9]$/, 'phone');

/** Pagination for list endpoints. */
export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type Page = z.infer<typeof Page>;

/** A page of results with the total that matched. */
export interface Paged<T> {
  items: T[];
  total: number;
}

/** Optimistic concurrency: a client sends the version it edited. */
export const Version = z.number().int().min(0);
