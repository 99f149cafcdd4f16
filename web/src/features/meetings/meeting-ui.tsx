import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Meeting, MeetingStatus } from '@icabinet/shared';
import { Badge, type BadgeTone } from '../../components/Badge';
import { formatDate } from '../../lib/format';
import type { Language } from '../../lib/i18n';
import { localDay, localTime } from './meeting-time';

const STATUS_TONE: Record<MeetingStatus, BadgeTone> = {
  draft: 'grey',
  published: 'blue',
  in_progress: 'green',
  ended: 'neutral',
  closed: 'neutral',
  cancelled: 'red',
  postponed: 'red',
};

/** A meeting's lifecycle status as a coloured label. */
export function StatusBadge({ status }: { status: MeetingStatus }): ReactElement {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`meetings.status.${status}`)}</Badge>;
}

/** "08:00–11:30 24/11/2026" in Hanoi time; both dates when the meeting spans days. */
export function formatMeetingTime(m: Pick<Meeting, 'startsAt' | 'endsAt'>, lang: Language): string {
  const sameDay = localDay(m.startsAt) === localDay(m.endsAt);
  const range = `${localTime(m.startsAt)}–${localTime(m.endsAt)}`;
  return sameDay
    ? `${range} ${formatDate(m.startsAt, lang)}`
    : `${localTime(m.startsAt)} ${formatDate(m.startsAt, lang)} – ${localTime(m.endsAt)} ${formatDate(m.endsAt, lang)}`;
}

/**
 * When the meeting was really held, from the room ("Thực tế: 08:05–09:40"), or null if it never
 * started. A meeting still running says since when.
 */
export function actualTimeText(meeting: Pick<Meeting, 'startedAt' | 'endedAt'>, t: TFunction): string | null {
  if (!meeting.startedAt) return null;
  return meeting.endedAt
    ? t('meetings.actual.held', { from: localTime(meeting.startedAt), to: localTime(meeting.endedAt) })
    : t('meetings.actual.since', { from: localTime(meeting.startedAt) });
}

/** `actualTimeText` as a muted line under the scheduled time. */
export function ActualTime({
  meeting,
}: {
  meeting: Pick<Meeting, 'startedAt' | 'endedAt'>;
}): ReactElement | null {
  const { t } = useTranslation();
  const text = actualTimeText(meeting, t);
  return text ? <span className="person__sub">{text}</span> : null;
}

/** Human file size in the interface language ("1,2 MB"). */
export function formatSize(bytes: number, lang: Language): string {
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1024 / 1024)} MB`;
}
