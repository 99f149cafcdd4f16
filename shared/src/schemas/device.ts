import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';

/**
 * Meeting-room tablets (thiết bị phòng họp). A tablet asks for a short pairing code, the
 * secretariat pairs that code to a room (a meeting location) and a seat label on the fleet page,
 * and the tablet then holds a device credential: a random token of which only the hash is stored.
 * The delegate whose participant seat is that label in the room's meeting signs in with a PIN.
 */

/** Letters and digits that cannot be misread on a tablet's screen (no 0/O, 1/I/L). */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 6;

/** A pairing code as typed: spaces, dashes and lower case are forgiven. */
export const PairingCode = z
  .string()
  .max(20)
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/, 'pairing_code'));

/** 32 random bytes, base64url: the device credential and the pairing claim secret. */
export const DeviceToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'device_token');

/** A quick sign-in PIN: 4 to 8 digits. */
export const Pin = z.string().regex(/^\d{4,8}$/, 'pin');

/** What a tablet gets when it asks for a code: the code to show, and its own secret to claim with. */
export const PairingStarted = z.object({
  code: z.string(),
  claimSecret: DeviceToken,
  expiresAt: IsoDateTime,
});
export type PairingStarted = z.infer<typeof PairingStarted>;

export const PairingClaimInput = z.object({ code: PairingCode, claimSecret: DeviceToken });
export type PairingClaimInput = z.infer<typeof PairingClaimInput>;

/** A paired tablet's place: the room (a meeting location) and the seat's label. */
export const DevicePlace = z.object({ id: Id, room: z.string(), seatLabel: z.string() });
export type DevicePlace = z.infer<typeof DevicePlace>;

/** The tablet's poll: still waiting, or paired (its credential is told now, once). */
export const PairingClaim = z.discriminatedUnion('status', [
  z.object({ status: z.literal('waiting'), expiresAt: IsoDateTime }),
  z.object({ status: z.literal('paired'), token: DeviceToken, device: DevicePlace }),
]);
export type PairingClaim = z.infer<typeof PairingClaim>;

/** The secretariat pairs a code to a room and a seat. */
export const DevicePairInput = z.object({
  code: PairingCode,
  room: Text(120),
  seatLabel: Text(40),
});
export type DevicePairInput = z.infer<typeof DevicePairInput>;

/** The offline pack of the tablet's meeting, as the tablet sees it. */
export const PackReadiness = z.enum(['none', 'downloading', 'ready', 'error']);
export type PackReadiness = z.infer<typeof PackReadiness>;

/** What a paired tablet reports over the socket (`device:status`). */
export const DeviceStatusInput = z.object({
  appVersion: Text(40),
  battery: z.object({ level: z.number().min(0).max(1), charging: z.boolean() }).nullable(),
  network: z.object({
    online: z.boolean(),
    type: z
      .string()
      .regex(/^[a-z0-9-]{1,20}$/, 'network_type')
      .nullable(),
  }),
  pack: z.object({
    meetingId: Id.nullable(),
    state: PackReadiness,
    progress: z.number().min(0).max(1).nullable(),
  }),
});
export type DeviceStatusInput = z.infer<typeof DeviceStatusInput>;

/** One tablet on the fleet page. */
export const Device = z.object({
  id: Id,
  room: z.string(),
  seatLabel: z.string(),
  pairedAt: IsoDateTime,
  pairedBy: Id,
  /** Null until the tablet has picked up its credential. */
  claimedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
  lastSeenAt: IsoDateTime.nullable(),
  /** Whether its socket is connected now. */
  connected: z.boolean(),
  status: DeviceStatusInput.nullable(),
  /** The room's current or next meeting and the delegate seated there, if any. */
  meeting: z.object({ id: Id, title: z.string() }).nullable(),
  delegate: z.object({ id: Id, fullName: z.string() }).nullable(),
});
export type Device = z.infer<typeof Device>;

/** What a paired tablet opens on: its place, its room's meeting and the delegate of its seat. */
export const DeviceHome = z.object({
  device: DevicePlace,
  meeting: z
    .object({
      id: Id,
      title: z.string(),
      startsAt: IsoDateTime,
      endsAt: IsoDateTime,
      status: z.string(),
      confidentiality: z.string(),
    })
    .nullable(),
  delegate: z
    .object({ id: Id, fullName: z.string(), title: z.string().nullable(), hasPin: z.boolean() })
    .nullable(),
});
export type DeviceHome = z.infer<typeof DeviceHome>;

/** Quick sign-in on a paired tablet: the seat's delegate and their PIN. */
export const PinLoginInput = z.object({ userId: Id, pin: Pin });
export type PinLoginInput = z.infer<typeof PinLoginInput>;

/** A user sets their own PIN, confirming with their password. */
export const PinSetInput = z.object({ pin: Pin, currentPassword: z.string().min(1).max(200) });
export type PinSetInput = z.infer<typeof PinSetInput>;

/** The request header that carries a tablet's device credential. */
export const DEVICE_TOKEN_HEADER = 'x-device-token';
