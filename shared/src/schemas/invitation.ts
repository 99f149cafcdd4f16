import { z } from 'zod';
import { Email, Id, IsoDateTime, MultilineText, OptionalText, Phone, Text, Version } from './common.js';

/** How an invitation reaches a person. */
export const Channel = z.enum(['in_app', 'email', 'webhook']);
export type Channel = z.infer<typeof Channel>;

/** One channel's progress, as the secretariat sees it. */
export const DeliveryStatus = z.enum(['queued', 'sent', 'delivered', 'failed']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

export const Delivery = z.object({
  channel: Channel,
  status: DeliveryStatus,
  attempts: z.number().int().min(0),
  /** The last failure, in the words of the server that refused (e.g. "550 5.1.1 mailbox unavailable"). */
  lastError: z.string().nullable(),
  updatedAt: IsoDateTime,
});
export type Delivery = z.infer<typeof Delivery>;

/** Where the reply stands. */
export const InvitationStatus = z.enum([
  'pending',
  'attending',
  'declined',
  'deputy_pending',
  'deputy_approved',
  'deputy_rejected',
]);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const DeputyInput = z.strictObject({
  fullName: Text(120),
  title: OptionalText(200),
  email: Email.nullish().transform((v) => v ?? null),
  phone: Phone.nullish().transform((v) => v ?? null),
});
export type DeputyInput = z.infer<typeof DeputyInput>;

/** A reply, from the personal link or from the app. */
export const ReplyInput = z.discriminatedUnion('answer', [
  z.strictObject({ answer: z.literal('attend') }),
  z.strictObject({ answer: z.literal('decline'), reason: MultilineText(1000) }),
  z.strictObject({
    answer: z.literal('deputy'),
    deputy: DeputyInput,
    reason: OptionalText(1000, { multiline: true }),
  }),
]);
export type ReplyInput = z.infer<typeof ReplyInput>;

export const Invitation = z.object({
  id: Id,
  meetingId: Id,
  participantId: Id,
  /** Set when this invitation was issued to an approved deputy: the invitation they stand in for. */
  deputyForInvitationId: Id.nullable(),
  recipientName: z.string(),
  recipientTitle: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  userId: Id.nullable(),
  status: InvitationStatus,
  reason: z.string().nullable(),
  deputy: DeputyInput.nullable(),
  deliveries: z.array(Delivery),
  /** The calendar SEQUENCE last sent to this person. */
  sequence: z.number().int().min(0),
  openedAt: IsoDateTime.nullable(),
  repliedAt: IsoDateTime.nullable(),
  /**
   * In the secretariat's tracking list: when the person checked in at the meeting (the live
   * room's attendance), whatever they replied; null if they have not. Absent elsewhere.
   */
  arrivedAt: IsoDateTime.nullable().optional(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Invitation = z.infer<typeof Invitation>;

/** Counts for the secretariat's tracking view. */
export interface InvitationCounts {
  total: number;
  /** By reply, except that anyone who checked in at the meeting counts as attending. */
  byStatus: Record<InvitationStatus, number>;
  /** People who checked in at the meeting. */
  checkedIn: number;
  byDelivery: Record<Channel, Record<DeliveryStatus, number>>;
  opened: number;
}

/** The figures for reports: invitations delivered digitally and the cost saved. */
export interface InvitationFigures {
  from: string | null;
  to: string | null;
  meetings: number;
  invitations: number;
  deliveredDigitally: number;
  unitCostVnd: number;
  savedVnd: number;
}

/**
 * `POST /meetings/:id/invitations/:invitationId/resend`: every channel of the person (default),
 * or `only: 'failed'` — just the channels whose delivery failed, so nobody gets a second notice
 * on a channel that worked.
 */
export const ResendInput = z.strictObject({ only: z.literal('failed').optional() });
export type ResendInput = z.infer<typeof ResendInput>;
