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

/** The stored search text of a meeting (for the meetings list filter): title, location, description. */
export function meetingSearchText(m: {
  title: string;
  location: string | null;
  description: string | null;
}): string {
  return [m.title, m.location ?? '', m.description ?? ''].map(foldForSearch).join(FIELD_SEPARATOR);
}

/** Words worth searching for: those with at least one letter or digit. */
export const meaningful = (t: string): boolean => /[\p{L}\p{N}]/u.test(t);

/**
 * Text as the search index stores it: runs of white space become one space. Its folded form
 * (`foldForSearch`) then has, for NFC text, the same length, so a position found in the folded
 * text points at the same place in the original (how excerpts are cut without folding again).
 */
export const flattenText = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** How many characters of an entry's text around the first match the store hands back. */
export const EXCERPT_CHARS = 480;

/**
 * The part of flattened `body` around the first occurrence of `needle` in `folded` (its folded
 * form), `EXCERPT_CHARS` long: what both stores return instead of a whole document's text.
 */
export function excerptOf(body: string, folded: string, needle: string | undefined): string {
  if (body.length <= EXCERPT_CHARS) return body;
  const at = needle ? folded.indexOf(needle) : -1;
  const start = Math.max(0, at - EXCERPT_CHARS / 2);
  return body.slice(start, start + EXCERPT_CHARS);
}

/**
 * An FTS5 MATCH expression requiring every folded word, the last one as a prefix (the user may
 * still be typing it). Each word is a quoted string, so FTS5 operators in the input are inert.
 * Null when nothing searchable is left.
 */
export function ftsMatchExpression(tokens: string[]): string | null {
  const words = tokens.filter(meaningful);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/**
 * A plain-text excerpt of `text` around the first place where all of `tokens` (folded words)
 * start to match, at most `width` characters, with "…" where it was cut. Matching is on the
 * folded text, so "chuyen doi so" finds its place in "chuyển đổi số".
 */
export function snippetOf(text: string, tokens: string[], width = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= width) return flat;
  // Fold character by character so positions in the folded text map back to the original.
  let folded = '';
  const origin: number[] = [];
  for (let i = 0; i < flat.length; i++) {
    const f = foldChar(flat[i] ?? '');
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
  }
  const positions = tokens
    .filter(meaningful)
    .map((t) => folded.indexOf(t))
    .filter((p) => p >= 0);
  const at = positions.length > 0 ? (origin[Math.min(...positions)] ?? 0) : 0;
  const start = Math.max(0, Math.min(at - Math.floor(width / 4), flat.length - width));
  const end = Math.min(flat.length, start + width);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
}

function foldChar(c: string): string {
  return c.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Vietnamese collation for names, as the UI sorts them (STYLE.md §14). */
export const viCollator = new Intl.Collator('vi');
