import type { PageHit, PageHits } from '@icabinet/shared';
import { searchTokens } from '../../store/search.js';

export type { PageHit, PageHits } from '@icabinet/shared';

const CONTEXT = 60;

/** Every matching page is found and counted; only the slice [offset, offset + limit) is sent. */
export function pageOfHits(pages: readonly string[], q: string, offset: number, limit: number): PageHits {
  const all = searchPages(pages, q);
  return {
    items: all.slice(offset, offset + limit),
    total: all.length,
    occurrences: all.reduce((sum, h) => sum + h.count, 0),
    pagesSearched: pages.length,
  };
}

/** Folds one character the way search folds text, keeping a character-for-character map. */
function foldChar(c: string): string {
  const f = c.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  return f.length === 1 ? f : (f[0] ?? ' ');
}

/**
 * Finds the pages of a document whose text holds every word of `q`, accent-insensitively
 * ("chuyen doi so" finds "chuyển đổi số"), with an excerpt of the original text around the
 * first match. Works on the text stored at upload, so the PDF itself is not read.
 */
export function searchPages(pages: readonly string[], q: string): PageHit[] {
  const words = searchTokens(q);
  if (words.length === 0) return [];
  const phrase = words.join(' ');
  const hits: PageHit[] = [];
  pages.forEach((text, i) => {
    // Same length as `text`, so an index in one is an index in the other.
    const folded = Array.from(text, foldChar).join('').replace(/\s/g, ' ');
    if (!words.every((w) => folded.includes(w))) return;
    let at = folded.indexOf(phrase);
    let length = phrase.length;
    if (at < 0) {
      at = folded.indexOf(words[0]!);
      length = words[0]!.length;
    }
    const chars = Array.from(text);
    let start = Math.max(0, at - CONTEXT);
    let end = Math.min(chars.length, at + length + CONTEXT);
    // Cut at word boundaries, so an excerpt never starts or ends in the middle of a word.
    while (start > 0 && start < at && !/\s/.test(chars[start - 1]!)) start++;
    while (end < chars.length && end > at + length && !/\s/.test(chars[end]!)) end--;
    const snippet = `${start > 0 ? '…' : ''}${chars.slice(start, end).join('').replace(/\s+/g, ' ').trim()}${end < chars.length ? '…' : ''}`;
    let count = 0;
    for (let from = folded.indexOf(words[0]!); from >= 0; from = folded.indexOf(words[0]!, from + 1)) count++;
    hits.push({ page: i + 1, count, snippet });
  });
  return hits;
}
