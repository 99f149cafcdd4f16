import type { Language } from './i18n';

/** All times are shown in the city's time zone, whatever the device is set to. */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Language, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}:${String(withTime)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      timeZone: TIME_ZONE,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Date and time in Asia/Ho_Chi_Minh, e.g. "08:00 28/11/2024" (vi) or "28/11/2024, 08:00" (en). */
export function formatDateTime(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(lang, true).format(date);
}

/** Date only, in Asia/Ho_Chi_Minh. */
export function formatDate(iso: string, lang: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(lang, false).format(date);
}

const collator = new Intl.Collator('vi', { numeric: true });

/** Compares two strings the way a Vietnamese reader expects (Ă after A, Đ after D…). */
export function compareVi(a: string, b: string): number {
  return collator.compare(a, b);
}

function givenName(fullName: string): string {
  const parts = fullName.trim().split(/\s+/);
  return parts[parts.length - 1] ?? '';
}

/**
 * Compares Vietnamese full names as official lists do: by given name (the last word, "An" in
 * "Nguyễn Văn An"), then by the whole name, so all the Nguyễns are not lumped together.
 */
export function compareVietnameseNames(a: string, b: string): number {
  return compareVi(givenName(a), givenName(b)) || compareVi(a, b);
}

/** Returns a copy sorted by Vietnamese full name. */
export function sortByFullName<T extends { fullName: string }>(items: readonly T[]): T[] {
  return [...items].sort((x, y) => compareVietnameseNames(x.fullName, y.fullName));
}
