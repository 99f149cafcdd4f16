/**
 * Search and ordering rules shared by both adapters, so SQLite and MongoDB answer a user
 * search the same way.
 */

/** Separates the searchable fields so a query cannot match across two of them. */
const FIELD_SEPARATOR = '\u001f';

/**
 * Folds text for accent-insensitive matching: "Nguyễn Văn Đức" → "nguyen van duc".
 * NFD splits a letter from its tone and vowel marks, which are then dropped; đ has no
 * decomposition in Unicode, so it is mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The folded words of a search box entry; every word must appear in the record. */
export function searchTokens(q: string | undefined): string[] {
  if (!q) return [];
  return foldForSearch(q)
    .split(' ')
    .filter((t) => t.length > 0);
}

/** The stored search text of a user: username, full name and e-mail, folded. */
export function userSearchText(user: { username: string; fullName: string; email: string | null }): string {
  return [user.username, user.fullName, user.email ?? ''].map(foldForSearch).join(FIELD_SEPARATOR);
}

/** Vietnamese collation for names, as the UI sorts them (STYLE.md §14). */
export const viCollator = new Intl.Collator('vi');
