import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Delivery, Invitation, InvitationStatus } from '@icabinet/shared';
import { Badge, type BadgeTone } from '../../components/Badge';
import { localTime } from '../meetings/meeting-time';
import './invitations.css';

const STATUS_TONE: Record<InvitationStatus, BadgeTone> = {
  pending: 'grey',
  attending: 'green',
  declined: 'red',
  deputy_pending: 'blue',
  deputy_approved: 'green',
  deputy_rejected: 'red',
};

/** Where a reply stands, as a coloured label. */
export function ReplyBadge({ status }: { status: InvitationStatus }): ReactElement {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`invitations.status.${status}`)}</Badge>;
}

/**
 * The tracking list's status: the reply, or "Có mặt lúc 08:05" for someone who checked in at
 * the meeting (the room's attendance), whatever they replied.
 */
export function TrackingBadge({ invitation }: { invitation: Invitation }): ReactElement {
  const { t } = useTranslation();
  if (!invitation.arrivedAt) return <ReplyBadge status={invitation.status} />;
  return <Badge tone="green">{t('invitations.present', { time: localTime(invitation.arrivedAt) })}</Badge>;
}

/** The order channels are listed in everywhere. */
export const CHANNELS: readonly Channel[] = ['in_app', 'email', 'webhook'];

/** One channel's state: "E-mail: Đã gửi", with the refusing server's words when it failed. */
export function DeliveryChip({ delivery }: { delivery: Delivery }): ReactElement {
  const { t } = useTranslation();
  return (
    <span className={`delivery delivery--${delivery.status}`}>
      <span className="delivery__channel">{t(`invitations.channel.${delivery.channel}`)}:</span>{' '}
      <span className="delivery__status">{t(`invitations.delivery.${delivery.status}`)}</span>
      {delivery.status !== 'delivered' && delivery.status !== 'sent' && delivery.lastError && (
        <span className="delivery__error">{delivery.lastError}</span>
      )}
    </span>
  );
}

/** The reason and the deputy of a reply, in one line ("" when there is neither). */
export function ReplyDetails({ invitation }: { invitation: Invitation }): ReactElement | null {
  const { t } = useTranslation();
  const { deputy, reason } = invitation;
  if (!deputy && !reason) return null;
  return (
    <span className="reply-details">
      {deputy && (
        <span>
          {t('invitations.deputyLine', {
            name: [deputy.fullName, deputy.title].filter(Boolean).join(', '),
          })}
          {(deputy.phone ?? deputy.email) && (
            <span className="muted"> · {[deputy.phone, deputy.email].filter(Boolean).join(' · ')}</span>
          )}
        </span>
      )}
      {reason && <span>{t('invitations.reasonLine', { reason })}</span>}
    </span>
  );
}
