import { formatDate as sharedDate, formatDateTime as sharedDateTime } from '@icabinet/shared';
import type { Language } from './i18n';

/** All times are shown in the city's time zone, whatever the device is set to (shared/src/time.ts). */
export { TIME_ZONE } from '@icabinet/shared';

/** Date and time in Asia/Ho_Chi_Minh, e.g. "08:00 28/11/2024" (vi) or "28/11/2024, 08:00" (en). */
export const formatDateTime = (iso: string, lang: Language): string => sharedDateTime(iso, lang);

/** Date only, in Asia/Ho_Chi_Minh. */
export const formatDate = (iso: string, lang: Language): string => sharedDate(iso, lang);

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
