import { formatDateTime, type Meeting } from '@icabinet/shared';
import { t, type Lang } from '../../i18n/messages.js';

/**
 * The changes people are told about (time, place, title), in words. Vietnamese unless asked:
 * the lines go to every recipient, whatever language the secretary who made the change uses.
 */
export function describeMeetingChanges(before: Meeting, after: Meeting, lang: Lang = 'vi'): string[] {
  const out: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) {
    const span = (m: Meeting) => `${formatDateTime(m.startsAt, lang)} – ${formatDateTime(m.endsAt, lang)}`;
    out.push(t(lang, 'meeting_change_time', { before: span(before), after: span(after) }));
  }
  if ((before.location ?? '') !== (after.location ?? '')) {
    out.push(
      t(lang, 'meeting_change_location', { before: before.location ?? '—', after: after.location ?? '—' }),
    );
  }
  if (before.title !== after.title) out.push(t(lang, 'meeting_change_title', { title: after.title }));
  return out;
}

/** The line that heads the changes of a postponed meeting, with its reason when one was given. */
export function describePostponement(meeting: Meeting, lang: Lang = 'vi'): string {
  return meeting.statusReason
    ? t(lang, 'meeting_change_postponed_reason', { reason: meeting.statusReason })
    : t(lang, 'meeting_change_postponed');
}
