import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';

export const SearchHitKind = z.enum(['meeting', 'agenda_item', 'document']);
export type SearchHitKind = z.infer<typeof SearchHitKind>;

/** One search result; `snippet` is plain text around the match (no markup). */
export const SearchHit = z.object({
  kind: SearchHitKind,
  id: Id,
  meetingId: Id,
  meetingTitle: z.string(),
  title: z.string(),
  snippet: z.string(),
  startsAt: IsoDateTime,
});
export type SearchHit = z.infer<typeof SearchHit>;

/** `GET /search?q=&limit=`. */
export const SearchQuery = z.object({
  q: Text(200),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type SearchQuery = z.infer<typeof SearchQuery>;
