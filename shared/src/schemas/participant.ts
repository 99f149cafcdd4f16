import { z } from 'zod';
import { Email, Id, IsoDateTime, OptionalText, Phone, Text } from './common.js';

export const MeetingRole = z.enum(['chair', 'secretary', 'delegate', 'guest', 'observer']);
export type MeetingRole = z.infer<typeof MeetingRole>;

/** An external guest who has no account. */
export const Guest = z.object({
  fullName: Text(120),
  title: OptionalText(200),
  organisation: OptionalText(200),
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
    /** Default: delegate for a user, guest for an external guest. */
    role: MeetingRole.optional(),
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

/** A participant as lists show it: with the person's name, title and unit (a guest's organisation). */
export const ParticipantView = Participant.extend({
  fullName: z.string(),
  title: z.string().nullable(),
  unitName: z.string().nullable(),
  username: z.string().nullable(),
});
export type ParticipantView = z.infer<typeof ParticipantView>;

/** Changes to a participant's role, vote or seat. */
export const ParticipantUpdateInput = z.strictObject({
  role: MeetingRole.optional(),
  votingRight: z.boolean().optional(),
  seat: z
    .string()
    .trim()
    .max(16)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null)),
});
export type ParticipantUpdateInput = z.infer<typeof ParticipantUpdateInput>;

/** Options shared by the bulk additions: the role and vote given to everyone added. */
const BulkOptions = {
  role: MeetingRole.default('delegate'),
  votingRight: z.boolean().optional(),
};

/** Adds many people at once: a unit's active users, another meeting's participants, or a list of users. */
export const ParticipantBulkInput = z.union([
  z.strictObject({ unitId: Id, ...BulkOptions }),
  /** Copies roles, votes and seats of the other meeting's participants (users and guests). */
  z.strictObject({ fromMeetingId: Id }),
  z.strictObject({ userIds: z.array(Id).min(1).max(500), ...BulkOptions }),
]);
export type ParticipantBulkInput = z.infer<typeof ParticipantBulkInput>;

/** Meeting roles that have a vote unless told otherwise. */
export const defaultVotingRight = (role: MeetingRole): boolean => role === 'chair' || role === 'delegate';
