import { z } from 'zod';
import { Id, IsoDateTime, Text, Version } from './common.js';

/** An organisational unit (Sở, quận, huyện, Văn phòng…). */
export const Unit = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  parentId: Id.nullable(),
  active: z.boolean(),
  /** The unit's head (thủ trưởng): follow-up tasks overdue are escalated to them. Absent on older records. */
  headUserId: Id.nullish(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Unit = z.infer<typeof Unit>;

export const UnitCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'unit_code')
  .transform((s) => s.toUpperCase());

export const UnitCreateInput = z.strictObject({
  code: UnitCode,
  name: Text(200),
  parentId: Id.nullish().transform((v) => v ?? null),
});
export type UnitCreateInput = z.infer<typeof UnitCreateInput>;

export const UnitUpdateInput = z.strictObject({
  code: UnitCode.optional(),
  name: Text(200).optional(),
  parentId: Id.nullable().optional(),
  active: z.boolean().optional(),
  /** A user of the unit, or null for none. */
  headUserId: Id.nullable().optional(),
  version: Version,
});
export type UnitUpdateInput = z.infer<typeof UnitUpdateInput>;
