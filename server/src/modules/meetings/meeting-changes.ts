import { formatDateTime, type Meeting } from '@icabinet/shared';

/** The changes people are told about, in Vietnamese: time, place, title. */
export function describeMeetingChanges(before: Meeting, after: Meeting): string[] {
  const out: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) {
    const span = (m: Meeting) => `${formatDateTime(m.startsAt, 'vi')} – ${formatDateTime(m.endsAt, 'vi')}`;
    out.push(`Thời gian: ${span(before)} → ${span(after)}`);
  }
  if ((before.location ?? '') !== (after.location ?? '')) {
    out.push(`Địa điểm: ${before.location ?? '—'} → ${after.location ?? '—'}`);
  }
  if (before.title !== after.title) out.push(`Tên cuộc họp: ${after.title}`);
  return out;
}
