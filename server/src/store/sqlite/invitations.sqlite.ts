import type Database from 'better-sqlite3';
import type { Channel, Delivery, DeputyInput, InvitationStatus } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type {
  InvitationPatch,
  InvitationRecord,
  InvitationsRepo,
  NotificationRecord,
  NotificationsRepo,
} from '../invitations.port.js';
import { asPromise, fromJson, mapConstraintError, toMs } from './sql.js';

/** Tables for invitations, their per-channel deliveries, and in-app notices. */
export const INVITATIONS_MIGRATION_SQL = `
  CREATE TABLE invitations (
    id TEXT PRIMARY KEY,
    meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    participant_id TEXT NOT NULL UNIQUE,
    deputy_for_invitation_id TEXT REFERENCES invitations(id),
    recipient_name TEXT NOT NULL,
    recipient_title TEXT,
    email TEXT,
    phone TEXT,
    user_id TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    deputy TEXT,
    sequence INTEGER NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    opened_at TEXT,
    replied_at TEXT,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX invitations_meeting ON invitations (meeting_id);
  CREATE INDEX invitations_user ON invitations (user_id);
  CREATE TABLE invitation_deliveries (
    invitation_id TEXT NOT NULL REFERENCES invitations(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('in_app', 'email', 'webhook')),
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (invitation_id, channel)
  ) STRICT;
  CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    meeting_id TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created_at TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    read_at TEXT
  ) STRICT;
  CREATE INDEX notifications_user ON notifications (user_id, created_ms DESC);
`;

interface Row {
  id: string;
  meeting_id: string;
  participant_id: string;
  deputy_for_invitation_id: string | null;
  recipient_name: string;
  recipient_title: string | null;
  email: string | null;
  phone: string | null;
  user_id: string | null;
  status: InvitationStatus;
  reason: string | null;
  deputy: string | null;
  sequence: number;
  token_hash: string;
  opened_at: string | null;
  replied_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

interface DeliveryRow {
  invitation_id: string;
  channel: Channel;
  status: Delivery['status'];
  attempts: number;
  last_error: string | null;
  updated_at: string;
}

const CHANNEL_ORDER: Record<Channel, number> = { in_app: 0, email: 1, webhook: 2 };

export class SqliteInvitationsRepo implements InvitationsRepo {
  private readonly insert;
  private readonly insertDelivery;
  private readonly upsertDelivery;
  private readonly deliveriesOf;
  private readonly deliveriesOfMeeting;

  constructor(private readonly db: Database.Database) {
    this.insert =
      db.prepare(`INSERT INTO invitations (id, meeting_id, participant_id, deputy_for_invitation_id,
      recipient_name, recipient_title, email, phone, user_id, status, reason, deputy, sequence, token_hash, opened_at,
      replied_at, created_at, created_ms, updated_at, version) VALUES (@id, @meeting_id, @participant_id,
      @deputy_for_invitation_id, @recipient_name, @recipient_title, @email, @phone, @user_id, @status, @reason, @deputy,
      @sequence, @token_hash, @opened_at, @replied_at, @created_at, @created_ms, @updated_at, @version)`);
    this.insertDelivery =
      db.prepare(`INSERT INTO invitation_deliveries (invitation_id, channel, status, attempts,
      last_error, updated_at) VALUES (@invitation_id, @channel, @status, @attempts, @last_error, @updated_at)`);
    this.upsertDelivery =
      db.prepare(`INSERT INTO invitation_deliveries (invitation_id, channel, status, attempts,
      last_error, updated_at) VALUES (@invitation_id, @channel, @status, @attempts, @last_error, @updated_at)
      ON CONFLICT (invitation_id, channel) DO UPDATE SET status = excluded.status, attempts = excluded.attempts,
      last_error = excluded.last_error, updated_at = excluded.updated_at`);
    this.deliveriesOf = db.prepare<[string], DeliveryRow>(
      'SELECT * FROM invitation_deliveries WHERE invitation_id = ?',
    );
    this.deliveriesOfMeeting = db.prepare<[string], DeliveryRow>(`SELECT d.* FROM invitation_deliveries d
      JOIN invitations i ON i.id = d.invitation_id WHERE i.meeting_id = ?`);
  }

  private toRecord(r: Row, deliveries: DeliveryRow[]): InvitationRecord {
    return {
      id: r.id,
      meetingId: r.meeting_id,
      participantId: r.participant_id,
      deputyForInvitationId: r.deputy_for_invitation_id,
      recipientName: r.recipient_name,
      recipientTitle: r.recipient_title,
      email: r.email,
      phone: r.phone,
      userId: r.user_id,
      status: r.status,
      reason: r.reason,
      deputy: r.deputy ? fromJson<DeputyInput>(r.deputy) : null,
      deliveries: deliveries
        .sort((a, b) => CHANNEL_ORDER[a.channel] - CHANNEL_ORDER[b.channel])
        .map((d) => ({
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          lastError: d.last_error,
          updatedAt: d.updated_at,
        })),
      sequence: r.sequence,
      tokenHash: r.token_hash,
      openedAt: r.opened_at,
      repliedAt: r.replied_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    };
  }

  private one(where: string, value: string): InvitationRecord | null {
    const row = this.db.prepare<[string], Row>(`SELECT * FROM invitations WHERE ${where} = ?`).get(value);
    return row ? this.toRecord(row, this.deliveriesOf.all(row.id)) : null;
  }

  createMany(invitations: InvitationRecord[]): Promise<void> {
    return asPromise(() => {
      const run = this.db.transaction(() => {
        for (const i of invitations) {
          this.insert.run({
            id: i.id,
            meeting_id: i.meetingId,
            participant_id: i.participantId,
            deputy_for_invitation_id: i.deputyForInvitationId,
            recipient_name: i.recipientName,
            recipient_title: i.recipientTitle,
            email: i.email,
            phone: i.phone,
            user_id: i.userId,
            status: i.status,
            reason: i.reason,
            deputy: i.deputy ? JSON.stringify(i.deputy) : null,
            sequence: i.sequence,
            token_hash: i.tokenHash,
            opened_at: i.openedAt,
            replied_at: i.repliedAt,
            created_at: i.createdAt,
            created_ms: toMs(i.createdAt),
            updated_at: i.updatedAt,
            version: i.version,
          });
          for (const d of i.deliveries) {
            this.insertDelivery.run({
              invitation_id: i.id,
              channel: d.channel,
              status: d.status,
              attempts: d.attempts,
              last_error: d.lastError,
              updated_at: d.updatedAt,
            });
          }
        }
      });
      try {
        run();
      } catch (e) {
        throw mapConstraintError(e, {
          'invitations.participant_id': 'participantId',
          'invitations.token_hash': 'tokenHash',
          'invitations.id': 'id',
        });
      }
    });
  }

  getById(id: string) {
    return asPromise(() => this.one('id', id));
  }
  getByTokenHash(tokenHash: string) {
    return asPromise(() => this.one('token_hash', tokenHash));
  }
  getByParticipant(participantId: string) {
    return asPromise(() => this.one('participant_id', participantId));
  }

  private many(where: string, value: string): InvitationRecord[] {
    const rows = this.db
      .prepare<[string], Row>(
        `SELECT * FROM invitations WHERE ${where} = ? ORDER BY created_ms, recipient_name`,
      )
      .all(value);
    const byId = new Map<string, DeliveryRow[]>();
    const deliveries =
      where === 'meeting_id'
        ? this.deliveriesOfMeeting.all(value)
        : rows.flatMap((r) => this.deliveriesOf.all(r.id));
    for (const d of deliveries) byId.set(d.invitation_id, [...(byId.get(d.invitation_id) ?? []), d]);
    return rows.map((r) => this.toRecord(r, byId.get(r.id) ?? []));
  }

  listByMeeting(meetingId: string) {
    return asPromise(() => this.many('meeting_id', meetingId));
  }
  listByUser(userId: string) {
    return asPromise(() => this.many('user_id', userId));
  }

  update(id: string, patch: InvitationPatch, expectedVersion: number | null, now: string) {
    return asPromise(() => {
      const current = this.one('id', id);
      if (!current) throw new RecordNotFoundError('invitation', id);
      if (expectedVersion !== null && current.version !== expectedVersion)
        throw new VersionConflictError('invitation', id);
      const next = { ...current, ...patch, updatedAt: now, version: current.version + 1 };
      const result = this.db
        .prepare(
          `UPDATE invitations SET status = @status, reason = @reason, deputy = @deputy, sequence = @sequence,
           opened_at = @opened_at, replied_at = @replied_at, token_hash = @token_hash, email = @email, phone = @phone,
           updated_at = @updated_at, version = @version WHERE id = @id AND version = @expected`,
        )
        .run({
          id,
          status: next.status,
          reason: next.reason,
          deputy: next.deputy ? JSON.stringify(next.deputy) : null,
          sequence: next.sequence,
          opened_at: next.openedAt,
          replied_at: next.repliedAt,
          token_hash: next.tokenHash,
          email: next.email,
          phone: next.phone,
          updated_at: now,
          version: next.version,
          expected: current.version,
        });
      if (result.changes === 0) throw new VersionConflictError('invitation', id);
      return next;
    });
  }

  setDelivery(id: string, d: Delivery): Promise<void> {
    return asPromise(
      () =>
        void this.upsertDelivery.run({
          invitation_id: id,
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          last_error: d.lastError,
          updated_at: d.updatedAt,
        }),
    );
  }

  countDelivered(channels: Channel[], from: string | null, to: string | null) {
    return asPromise(() => {
      const marks = channels.map(() => '?').join(', ');
      const row = this.db
        .prepare<unknown[], { invitations: number; meetings: number }>(
          `SELECT COUNT(DISTINCT i.id) AS invitations, COUNT(DISTINCT i.meeting_id) AS meetings FROM invitations i
           JOIN invitation_deliveries d ON d.invitation_id = i.id
           WHERE d.channel IN (${marks}) AND d.status IN ('sent', 'delivered')
           AND i.created_ms >= ? AND i.created_ms < ?`,
        )
        .get(
          ...channels,
          from ? toMs(from) : Number.MIN_SAFE_INTEGER,
          to ? toMs(to) : Number.MAX_SAFE_INTEGER,
        );
      return { invitations: row?.invitations ?? 0, meetings: row?.meetings ?? 0 };
    });
  }
}

interface NotificationRow {
  id: string;
  user_id: string;
  meeting_id: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export class SqliteNotificationsRepo implements NotificationsRepo {
  constructor(private readonly db: Database.Database) {}

  add(n: NotificationRecord): Promise<void> {
    return asPromise(
      () =>
        void this.db
          .prepare(
            `INSERT INTO notifications (id, user_id, meeting_id, kind, title, body, link, created_at, created_ms, read_at)
             VALUES (@id, @userId, @meetingId, @kind, @title, @body, @link, @createdAt, @createdMs, @readAt)`,
          )
          .run({ ...n, createdMs: toMs(n.createdAt) }),
    );
  }

  listByUser(userId: string, limit: number) {
    return asPromise(() => {
      const rows = this.db
        .prepare<[string, number], NotificationRow>(
          'SELECT * FROM notifications WHERE user_id = ? ORDER BY created_ms DESC LIMIT ?',
        )
        .all(userId, limit);
      const unread =
        this.db
          .prepare<[string], { n: number }>(
            'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL',
          )
          .get(userId)?.n ?? 0;
      return {
        items: rows.map((r) => ({
          id: r.id,
          userId: r.user_id,
          meetingId: r.meeting_id,
          kind: r.kind,
          title: r.title,
          body: r.body,
          link: r.link,
          createdAt: r.created_at,
          readAt: r.read_at,
        })),
        unread,
      };
    });
  }

  markRead(userId: string, ids: string[] | 'all', now: string) {
    return asPromise(() => {
      if (ids === 'all')
        return this.db
          .prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL')
          .run(now, userId).changes;
      let n = 0;
      const stmt = this.db.prepare(
        'UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL',
      );
      for (const id of ids) n += stmt.run(now, userId, id).changes;
      return n;
    });
  }
}
