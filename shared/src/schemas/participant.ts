import { z } from 'zod';
import { Email, Id, IsoDateTime, Phone, Text } from './common.js';

export const MeetingRole = z.enum(['chair', 'secretary', 'delegate', 'guest', 'observer']);
export type MeetingRole = z.infer<typeof MeetingRole>;

/** An external guest who has no account. */
export const Guest = z.object({
  fullName: Text(120),
  title: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  organisation: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((v) => v || null),
  email: Email.nullish().transform((v) => v ?? null),
  phone: Phone.nullish().transform((v) => v ?? null),
});
export type Guest = z.infer<typeof Guest>;

/** A person's place in one meeting: either a user or an external guest. */
export const Participant = z.object({
  id: Id,
  meetingId: Id,
  userId: Id.nullable(),
  guest: Guest.nullable(),
  role: MeetingRole,
  votingRight: z.boolean(),
  seat: z.string().nullable(),
  /** The participant this one stands in for (a deputy), if any. */
  deputyForId: Id.nullable(),
  createdAt: IsoDateTime,
});
export type Participant = z.infer<typeof Participant>;

export const ParticipantAddInput = z
  .strictObject({
    userId: Id.optional(),
    guest: Guest.optional(),
    role: MeetingRole.default('delegate'),
    votingRight: z.boolean().optional(),
    seat: z
      .string()
      .trim()
      .max(16)
      .nullish()
      .transform((v) => v || null),
  })
  .refine((p) => (p.userId ? !p.guest : !!p.guest), { message: 'user_or_guest' });
export type ParticipantAddInput = z.infer<typeof ParticipantAddInput>;
