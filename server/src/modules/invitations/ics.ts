/**
 * iCalendar (RFC 5545) invitations for meeting e-mails: METHOD:REQUEST for an invitation or an
 * update (SEQUENCE increases with every change of time, place or agenda), METHOD:CANCEL for a
 * cancellation. Times are written in Asia/Ho_Chi_Minh with its VTIMEZONE, so calendar clients
 * show the meeting at the local time the secretariat entered.
 */
import { TIME_ZONE } from '@icabinet/shared';

export const MEETING_TIME_ZONE = TIME_ZONE;

export interface IcsEvent {
  method: 'REQUEST' | 'CANCEL';
  /** Stable for the meeting, so clients update the same event. */
  uid: string;
  sequence: number;
  title: string;
  description: string;
  location: string | null;
  startsAt: string;
  endsAt: string;
  /** When this version of the event was produced. */
  stamp: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string } | null;
  /** The participant's personal reply link. */
  url: string | null;
}

/** Control characters a content line may not hold (RFC 5545 §3.1: CTLs other than HTAB). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11). Every line break — CRLF, a bare LF or a bare CR —
 * becomes `\n`, so no value can start a property line of its own; other controls are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(CONTROL, '');
}

/** A parameter value (CN="…"): quoted, without the characters a quoted value cannot hold. */
function paramValue(value: string): string {
  return `"${value.replace(CONTROL, ' ').replace(/"/g, ' ')}"`;
}

/** A value written as is (an address, a link): controls are dropped, so it stays one line. */
const bare = (value: string) => value.replace(CONTROL, '');

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character, which
 * matters for Vietnamese text where most letters take two or three bytes.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
      limit = 74; // continuation lines start with a space
    }
    current += ch;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 20241128T010000Z */
export function utcStamp(iso: string): string {
  const d = new Date(iso);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`
  );
}

/** The wall-clock time in Asia/Ho_Chi_Minh, e.g. 20241128T080000. */
export function localStamp(iso: string, timeZone = MEETING_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}${get('month')}${get('day')}T${get('hour')}${get('minute')}${get('second')}`;
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${MEETING_TIME_ZONE}`,
  'BEGIN:STANDARD',
  'DTSTART:19750613T000000',
  'TZOFFSETFROM:+0800',
  'TZOFFSETTO:+0700',
  'TZNAME:ICT',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** The whole VCALENDAR object, CRLF line endings, folded. */
export function buildIcs(e: IcsEvent): string {
  const replyLine =
    e.url && e.method === 'REQUEST'
      ? `Trả lời tham dự (không dùng nút Đồng ý/Từ chối của lịch): ${e.url}`
      : '';
  const description = [e.description, replyLine].filter(Boolean).join('\n\n');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//I-Cabinet//Phong hop khong giay//VI',
    'CALSCALE:GREGORIAN',
    `METHOD:${e.method}`,
    ...VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTAMP:${utcStamp(e.stamp)}`,
    `DTSTART;TZID=${MEETING_TIME_ZONE}:${localStamp(e.startsAt)}`,
    `DTEND;TZID=${MEETING_TIME_ZONE}:${localStamp(e.endsAt)}`,
    `SUMMARY:${escapeText(e.title)}`,
    ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    ...(e.url ? [`URL:${bare(e.url)}`] : []),
    `ORGANIZER;CN=${paramValue(e.organizer.name)}:mailto:${bare(e.organizer.email)}`,
    // RSVP=FALSE: the organizer address takes no mail, so a calendar's Yes/No would be lost;
    // replies go through the personal link (in the URL, the description and the e-mail).
    ...(e.attendee
      ? [
          `ATTENDEE;CN=${paramValue(e.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${bare(e.attendee.email)}`,
        ]
      : []),
    `STATUS:${e.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
