import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, DeliveryStatus, InvitationCounts, InvitationStatus } from '@icabinet/shared';
import { CHANNELS } from './invitation-ui';

interface Segment {
  key: string;
  label: string;
  value: number;
  tone: string;
}

/** One stacked bar with its legend; the numbers are text, so the picture is also read aloud. */
function StackedBar({
  title,
  total,
  segments,
}: {
  title: string;
  total: number;
  segments: Segment[];
}): ReactElement {
  const shown = segments.filter((s) => s.value > 0);
  return (
    <figure className="stack">
      <figcaption className="stack__title">
        <span>{title}</span>
        <span className="stack__total">{total}</span>
      </figcaption>
      <div className="stack__bar" aria-hidden="true">
        {total === 0 ? (
          <span className="stack__seg stack__seg--empty" style={{ flexGrow: 1 }} />
        ) : (
          shown.map((s) => (
            <span
              key={s.key}
              className={`stack__seg stack__seg--${s.tone}`}
              style={{ flexGrow: s.value }}
              title={`${s.label}: ${s.value}`}
            >
              {s.value}
            </span>
          ))
        )}
      </div>
      <ul className="stack__legend">
        {segments.map((s) => (
          <li key={s.key} className={s.value === 0 ? 'is-zero' : undefined}>
            <span className={`stack__dot stack__seg--${s.tone}`} aria-hidden="true" />
            {s.label}: <strong>{s.value}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}

const STATUS_ORDER: readonly { status: InvitationStatus; tone: string }[] = [
  { status: 'attending', tone: 'green' },
  { status: 'deputy_approved', tone: 'teal' },
  { status: 'deputy_pending', tone: 'blue' },
  { status: 'pending', tone: 'grey' },
  { status: 'declined', tone: 'red' },
  { status: 'deputy_rejected', tone: 'amber' },
];

const DELIVERY_ORDER: readonly { status: DeliveryStatus; tone: string }[] = [
  { status: 'delivered', tone: 'green' },
  { status: 'sent', tone: 'teal' },
  { status: 'queued', tone: 'grey' },
  { status: 'failed', tone: 'red' },
];

/**
 * The tracking summary at a glance: one bar for the replies, one per channel in use for the
 * deliveries — red is what needs the secretariat (declines, failed sends).
 */
export function InvitationCharts({ counts }: { counts: InvitationCounts }): ReactElement {
  const { t } = useTranslation();
  const channelTotal = (c: Channel) =>
    DELIVERY_ORDER.reduce((sum, d) => sum + counts.byDelivery[c][d.status], 0);
  const channels = CHANNELS.filter((c) => channelTotal(c) > 0);
  return (
    <div className="invite-charts">
      <StackedBar
        title={t('invitations.charts.replies')}
        total={counts.total}
        segments={STATUS_ORDER.filter(
          // Deputy states only appear once someone named a deputy.
          (s) => !s.status.startsWith('deputy_') || counts.byStatus[s.status] > 0,
        ).map((s) => ({
          key: s.status,
          label: t(`invitations.status.${s.status}`),
          value: counts.byStatus[s.status],
          tone: s.tone,
        }))}
      />
      {channels.map((c) => (
        <StackedBar
          key={c}
          title={t(`invitations.channel.${c}`)}
          total={channelTotal(c)}
          segments={DELIVERY_ORDER.filter(
            // In-app notices are "delivered", e-mails and gateway messages "sent": hide the other zero.
            (d) => d.status !== (c === 'in_app' ? 'sent' : 'delivered') || counts.byDelivery[c][d.status] > 0,
          ).map((d) => ({
            key: d.status,
            label: t(`invitations.delivery.${d.status}`),
            value: counts.byDelivery[c][d.status],
            tone: d.tone,
          }))}
        />
      ))}
      <p className="invite-charts__opened">
        {t('invitations.charts.opened', { count: counts.opened, total: String(counts.total) })}
      </p>
    </div>
  );
}
