import { useEffect, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { InAppNotification } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { useToast } from '../../components/Toast';
import { notificationsApi } from '../invitations/invitations.api';
import { notificationFeed, useNotificationFeed } from './notification-feed';
import '../invitations/invitations.css';

/** The bell's outline, drawn like the other icons (24×24, stroke). */
function BellIcon(): ReactElement {
  return (
    <svg
      className="icon"
      width={22}
      height={22}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/**
 * Keeps the notification feed current: loads it when the realtime connection is (re)established
 * — so notices sent while offline are counted — and adds each `notification:new` as it arrives.
 */
function useLiveNotifications(): void {
  const { socket, status } = useConnection();
  const toast = useToast();

  useEffect(() => {
    if (status !== 'connected') return;
    const controller = new AbortController();
    notificationsApi.list(controller.signal).then(
      (r) => notificationFeed.load(r.items, r.unread),
      () => undefined, // the bell stays as it was; the next reconnect tries again
    );
    return () => controller.abort();
  }, [status]);

  useEffect(() => {
    if (!socket) return;
    const onNew = (n: InAppNotification) => {
      notificationFeed.add(n);
      toast.show('info', n.title);
    };
    socket.on('notification:new', onNew);
    return () => {
      socket.off('notification:new', onNew);
    };
  }, [socket, toast]);

  useEffect(() => () => notificationFeed.reset(), []);
}

/** The bell in the header: the number of unread notices, and the way to the inbox. */
export function NotificationBell(): ReactElement {
  const { t } = useTranslation();
  useLiveNotifications();
  const { unread } = useNotificationFeed();
  const label = unread > 0 ? t('inbox.bellUnread', { count: unread }) : t('inbox.bell');
  return (
    <Link to="/inbox" className="bell" aria-label={label} title={label}>
      <BellIcon />
      {unread > 0 && (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
