import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';
import { User } from './user.js';
import { Unit } from './unit.js';
import { SecondFactorStatus, type SecondFactorChallenge } from './second-factor.js';

export const LoginInput = z.strictObject({
  username: Text(64),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

/** A signed-in session. The cookie holds a random token; the store keeps only its hash. */
export const Session = z.object({
  id: z.string(),
  userId: Id,
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  expiresAt: IsoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type Session = z.infer<typeof Session>;

/** A session as an administrator sees it: device, address, last activity. */
export const SessionInfo = z.object({
  id: z.string(),
  createdAt: IsoDateTime,
  lastSeenAt: IsoDateTime,
  expiresAt: IsoDateTime,
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  /** The session this request came from. */
  current: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

/** `GET /api/me` and the login answer. */
export const Me = z.object({
  user: User,
  unit: Unit.nullable(),
  session: z.object({ idleExpiresAt: IsoDateTime, expiresAt: IsoDateTime }),
  secondFactor: SecondFactorStatus,
});
export type Me = z.infer<typeof Me>;

/** The answer to the password step: signed in, or a second factor is needed first. */
export type LoginResult = Me | SecondFactorChallenge;

/** Tells the two login answers apart. */
export const needsSecondFactor = (r: LoginResult): r is SecondFactorChallenge => 'pendingToken' in r;

export const Health = z.object({
  ok: z.literal(true),
  store: z.enum(['sqlite', 'mongo']),
  version: z.string(),
});
export type Health = z.infer<typeof Health>;
