import { shell } from './shell';
import { auth } from './auth';
import { admin } from './admin';
import { meetings } from './meetings';
import { documents } from './documents';
import { room } from './room';
import { invitations } from './invitations';
import { annotations } from './annotations';
import { security } from './security';
import { votes } from './votes';
import { minutes } from './minutes';
import { opinions } from './opinions';
import { sites } from './sites';
import { questions } from './questions';
import { offline } from './offline';
import { viewers } from './viewers';
import { kiosk } from './kiosk';
import { conclusions } from './conclusions';
import { signatures } from './signatures';
import { integrations } from './integrations';
import { reports } from './reports';
import { tasks } from './tasks';

/**
 * Vietnamese interface text — the reference catalogue, merged from one file per feature: `en/` must have exactly these keys.
 * Plural keys carry both `_one` and `_other` so the two catalogues keep the same shape, although
 * Vietnamese only ever uses `_other`.
 */
export const vi = {
  ...shell,
  ...auth,
  ...admin,
  ...meetings,
  ...documents,
  ...room,
  ...invitations,
  ...annotations,
  ...security,
  ...votes,
  ...minutes,
  ...opinions,
  ...sites,
  ...questions,
  ...offline,
  ...viewers,
  ...kiosk,
  ...conclusions,
  ...signatures,
  ...integrations,
  ...reports,
  ...tasks,
} as const;

/** The same keys as `T`, any wording. */
export type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

/** The shape every interface language must fill: the same keys as Vietnamese, any wording. */
export type Messages = DeepStrings<typeof vi>;
