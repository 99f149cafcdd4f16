import { z } from 'zod';

/** Server-generated identifiers (UUID v4). */
export const Id = z.string().uuid();
export type Id = z.infer<typeof Id>;

/** ISO-8601 timestamp with offset, e.g. 2024-11-28T08:00:00.000Z. */
export const IsoDateTime = z.string().datetime({ offset: true });

/** A trimmed, non-empty line of text with a length cap. */
export const Text = (max: number) => z.string().trim().min(1).max(max);

/** Optional text: empty strings become null. */
export const OptionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

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
