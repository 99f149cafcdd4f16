import type { Channel, Delivery, Invitation } from '@icabinet/shared';

/** A stored invitation with the hash of its personal link's token (the token itself is never stored). */
export interface InvitationRecord extends Invitation {
  tokenHash: string;
}

export type InvitationPatch = Partial<
  Pick<
    InvitationRecord,
    'status' | 'reason' | 'deputy' | 'sequence' | 'openedAt' | 'repliedAt' | 'tokenHash' | 'email' | 'phone'
  >
>;

/** An in-app notice in a person's inbox. */
export interface NotificationRecord {
  id: string;
  userId: string;
  meetingId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface InvitationsRepo {
  /** Inserts all or none. A second invitation for the same participant is a DuplicateKeyError('participantId'). */
  createMany(invitations: InvitationRecord[]): Promise<void>;
  getById(id: string): Promise<InvitationRecord | null>;
  getByTokenHash(tokenHash: string): Promise<InvitationRecord | null>;
  getByParticipant(participantId: string): Promise<InvitationRecord | null>;
  listByMeeting(meetingId: string): Promise<InvitationRecord[]>;
  listByUser(userId: string): Promise<InvitationRecord[]>;
  /** Applies the patch when the stored version matches (or always when null) and bumps the version. */
  update(
    id: string,
    patch: InvitationPatch,
    expectedVersion: number | null,
    now: string,
  ): Promise<InvitationRecord>;
  /** Sets one channel's delivery state without touching the others (jobs run channels in parallel). */
  setDelivery(id: string, delivery: Delivery): Promise<void>;
  /** Invitations whose delivery on any channel reached `sent` or `delivered`, optionally in a time window of meeting creation. */
  countDelivered(
    channels: Channel[],
    from: string | null,
    to: string | null,
  ): Promise<{ invitations: number; meetings: number }>;
}

export interface NotificationsRepo {
  add(n: NotificationRecord): Promise<void>;
  listByUser(userId: string, limit: number): Promise<{ items: NotificationRecord[]; unread: number }>;
  markRead(userId: string, ids: string[] | 'all', now: string): Promise<number>;
}
