/**
 * Dates and times as the city reads them: always in Asia/Ho_Chi_Minh, whatever the device or
 * server is set to. One module for server (e-mails, change summaries, watermarks, CSV) and web.
 */

/** The city's time zone. Vietnam has kept UTC+7 without daylight saving since 1975. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** UTC+7 in milliseconds: exact all year, so wall-clock arithmetic needs no time zone database. */
export const TIME_ZONE_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The interface languages dates are written in. */
export type TimeLang = 'vi' | 'en';

const locale = (lang: TimeLang): string => (lang === 'en' ? 'en-GB' : 'vi-VN');

const cache = new Map<string, Intl.DateTimeFormat>();

/** A formatter in the city's time zone, made once per language and options. */
function fmt(lang: TimeLang, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}:${name}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, ...options });
    cache.set(key, f);
  }
  return f;
}

const DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };

function toDate(value: string | Date): Date | null {
  const d = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Date and time, e.g. "08:00 28/11/2024" (vi) or "28/11/2024, 08:00" (en); an invalid date as given. */
export function formatDateTime(value: string | Date, lang: TimeLang): string {
  const d = toDate(value);
  return d ? fmt(lang, 'datetime', { ...DATE, ...TIME }).format(d) : String(value);
}

/** Date only, e.g. "28/11/2024". */
export function formatDate(value: string | Date, lang: TimeLang): string {
  const d = toDate(value);
  return d ? fmt(lang, 'date', DATE).format(d) : String(value);
}

/** Time of day, "08:00". */
export function formatTime(value: string | Date, lang: TimeLang): string {
  const d = toDate(value);
  return d ? fmt(lang, 'time', TIME).format(d) : String(value);
}

/** Time, weekday and date as invitations write them: "08:00, Thứ Năm, 28/11/2024" / "08:00, Thursday, 28/11/2024". */
export function formatLongDateTime(value: string | Date, lang: TimeLang): string {
  const d = toDate(value);
  if (!d) return String(value);
  const weekday = fmt(lang, 'weekday', { weekday: 'long' }).format(d);
  return `${formatTime(d, lang)}, ${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, ${formatDate(d, lang)}`;
}
