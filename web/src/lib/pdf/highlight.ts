/** Search-hit highlighting on the page's text layer, matching as the search does: with or without accents. */

/** Lower case without Vietnamese accents (đ → d), for matching typed words against page text. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The words of a query worth highlighting (single letters would light up the whole page). */
export function queryWords(query: string): string[] {
  return foldText(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
}

/** Whether a run of page text holds one of the words. */
export function hasHit(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const folded = foldText(text);
  return words.some((w) => folded.includes(w));
}

/** Marks the text layer's runs that hold a word of `query` (and clears the others). Returns how many. */
export function markHits(layer: HTMLElement, query: string): number {
  const words = queryWords(query);
  let n = 0;
  for (const span of Array.from(layer.querySelectorAll<HTMLElement>('span'))) {
    const hit = span.childElementCount === 0 && hasHit(span.textContent ?? '', words);
    span.classList.toggle('is-hit', hit);
    if (hit) n++;
  }
  return n;
}
