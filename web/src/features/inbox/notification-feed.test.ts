import { afterEach, describe, expect, it } from 'vitest';
import type { InAppNotification } from '@icabinet/shared';
import { notificationFeed } from './notification-feed';

const notice = (id: string): InAppNotification => ({
  id,
  meetingId: null,
  kind: 'invitation.invitation',
  title: 'Giấy mời họp',
  body: '',
  link: null,
  createdAt: '2026-11-20T01:00:00.000Z',
  readAt: null,
});

afterEach(() => notificationFeed.reset());

describe('the notification feed', () => {
  it('counts a live notice as unread, once', () => {
    notificationFeed.load([], 0);
    notificationFeed.add(notice('a'));
    notificationFeed.add(notice('a'));
    expect(notificationFeed.get().unread).toBe(1);
    expect(notificationFeed.get().items.map((i) => i.id)).toEqual(['a']);
  });

  it('clears the count when everything is marked read', () => {
    notificationFeed.load([notice('a'), notice('b')], 2);
    notificationFeed.markAllRead('2026-11-20T02:00:00.000Z');
    expect(notificationFeed.get().unread).toBe(0);
    expect(notificationFeed.get().items.every((i) => i.readAt !== null)).toBe(true);
  });

  it('tells subscribers about changes', () => {
    let calls = 0;
    const stop = notificationFeed.subscribe(() => calls++);
    notificationFeed.add(notice('c'));
    stop();
    notificationFeed.add(notice('d'));
    expect(calls).toBe(1);
  });
});
