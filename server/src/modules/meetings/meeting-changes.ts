import type { Meeting } from '@icabinet/shared';

const timeFmt = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hourCycle: 'h23',
});

/** The changes people are told about, in Vietnamese: time, place, title. */
export function describeMeetingChanges(before: Meeting, after: Meeting): string[] {
  const out: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) {
    const span = (m: Meeting) =>
      `${timeFmt.format(new Date(m.startsAt))} – ${timeFmt.format(new Date(m.endsAt))}`;
    out.push(`Thời gian: ${span(before)} → ${span(after)}`);
  }
  if ((before.location ?? '') !== (after.location ?? '')) {
    out.push(`Địa điểm: ${before.location ?? '—'} → ${after.location ?? '—'}`);
  }
  if (before.title !== after.title) out.push(`Tên cuộc họp: ${after.title}`);
  return out;
}
