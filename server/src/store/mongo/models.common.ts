/** The Vietnamese collation, for sorting names the way Intl.Collator('vi') does. */
export const VI_COLLATION = { locale: 'vi' } as const;

/**
 * Common schema options: no mongoose `__v` (records carry their own `version`), unknown
 * filter paths rejected from queries, and empty objects kept (an audit entry may have `{}`).
 */
export const options = (collection: string) => ({
  collection,
  versionKey: false as const,
  strictQuery: true,
  minimize: false,
  id: false,
});

export const str = { type: String, required: true } as const;
// Mongoose's `required` also rejects '', which SQLite stores happily (a genesis prevHash may be
// empty); free text is therefore not `required`, the port's types already demand it.
export const text = { type: String } as const;
export const nullableStr = { type: String, default: null } as const;
export const bool = { type: Boolean, required: true } as const;
export const num = { type: Number, required: true } as const;
