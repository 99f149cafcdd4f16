import { userRoom } from '@icabinet/shared';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { IoServer } from '../realtime/types.js';
import type { NotificationRecord, NotificationsRepo } from '../store/invitations.port.js';

/** What a feature tells a person in the app (the notification list and the live toast). */
export interface InAppMessage {
  meetingId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

/**
 * The in-app channel and the member's inbox: a notification is stored first, then pushed to
 * every open tab of that person (`user:<id>` room) as `notification:new`.
 */
export class InAppNotifier {
  constructor(private readonly deps: { notifications: NotificationsRepo; io: IoServer; clock: Clock }) {}

  async send(userId: string, message: InAppMessage): Promise<NotificationRecord> {
    const notification: NotificationRecord = {
      id: newId(),
      userId,
      ...message,
      createdAt: this.deps.clock.now().toISOString(),
      readAt: null,
    };
    await this.deps.notifications.add(notification);
    this.deps.io.to(userRoom(userId)).emit('notification:new', {
      id: notification.id,
      meetingId: notification.meetingId,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      link: notification.link,
      createdAt: notification.createdAt,
      readAt: null,
    });
    return notification;
  }

  /** `GET /notifications`: the newest first, with the unread count. */
  list(userId: string, limit = 50) {
    return this.deps.notifications.listByUser(userId, limit);
  }

  /** `POST /notifications/read`: marks some (or all) of the person's notifications read. */
  markRead(userId: string, ids: string[] | 'all'): Promise<number> {
    return this.deps.notifications.markRead(userId, ids, this.deps.clock.now().toISOString());
  }
}
