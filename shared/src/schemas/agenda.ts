import { z } from 'zod';
import { Id, IsoDateTime, OptionalText, Text, Version } from './common.js';

/** One agenda item; sub-items (one level only) point at their parent. */
export const AgendaItem = z.object({
  id: Id,
  meetingId: Id,
  parentId: Id.nullable(),
  /** Position among its siblings, from 0. */
  order: z.number().int().min(0),
  title: z.string(),
  description: z.string().nullable(),
  /** The presenting participant, if they are one. */
  presenterId: Id.nullable(),
  /** Free-text presenter (a unit or a person who is not a participant). */
  presenterName: z.string().nullable(),
  plannedMinutes: z.number().int().min(0),
  /** Latest documents attached to the item (derived from the documents). */
  documentIds: z.array(Id),
  actualStart: IsoDateTime.nullable(),
  actualEnd: IsoDateTime.nullable(),
});
export type AgendaItem = z.infer<typeof AgendaItem>;

/** A meeting's agenda: items depth-first (each parent followed by its sub-items). */
export const Agenda = z.object({
  meetingId: Id,
  version: z.number().int().min(0),
  items: z.array(AgendaItem),
  /** Sum of the planned minutes of top-level items, or of their sub-items when larger. */
  plannedTotalMinutes: z.number().int().min(0),
  /** Length of the meeting slot (ends − starts) in minutes. */
  slotMinutes: z.number().int().min(0),
});
export type Agenda = z.infer<typeof Agenda>;

const PlannedMinutes = z
  .number()
  .int()
  .min(0)
  .max(24 * 60);

export const AgendaItemCreateInput = z.strictObject({
  title: Text(500),
  description: OptionalText(5000, { multiline: true }),
  presenterId: Id.nullish().transform((v) => v ?? null),
  presenterName: OptionalText(200),
  plannedMinutes: PlannedMinutes,
  parentId: Id.nullish().transform((v) => v ?? null),
  /** The agenda version the client edited. */
  agendaVersion: Version,
});
export type AgendaItemCreateInput = z.infer<typeof AgendaItemCreateInput>;

export const AgendaItemUpdateInput = z.strictObject({
  title: Text(500).optional(),
  description: OptionalText(5000, { multiline: true }).optional(),
  presenterId: Id.nullable().optional(),
  presenterName: OptionalText(200).optional(),
  plannedMinutes: PlannedMinutes.optional(),
  agendaVersion: Version,
});
export type AgendaItemUpdateInput = z.infer<typeof AgendaItemUpdateInput>;

/** `DELETE /meetings/:id/agenda/items/:itemId?agendaVersion=n`. */
export const AgendaDeleteQuery = z.object({ agendaVersion: z.coerce.number().int().min(0) });
export type AgendaDeleteQuery = z.infer<typeof AgendaDeleteQuery>;

/** The full new order, depth-first; every item of the agenda exactly once, one level of sub-items. */
export const AgendaReorderInput = z.strictObject({
  agendaVersion: Version,
  items: z.array(z.strictObject({ id: Id, parentId: Id.nullable() })).max(500),
});
export type AgendaReorderInput = z.infer<typeof AgendaReorderInput>;

/** One recorded change to a published agenda. */
export const AgendaRevision = z.object({
  meetingId: Id,
  version: z.number().int().min(1),
  at: IsoDateTime,
  by: z.object({ userId: Id, fullName: z.string() }),
  /** What changed, one line per change, in Vietnamese (the meeting's language). */
  summary: z.array(z.string()),
});
export type AgendaRevision = z.infer<typeof AgendaRevision>;
