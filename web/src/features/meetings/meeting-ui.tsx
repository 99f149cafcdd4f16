import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
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

/** Human file size in the interface language ("1,2 MB"). */
export function formatSize(bytes: number, lang: Language): string {
  const nf = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / 1024 / 1024)} MB`;
}
