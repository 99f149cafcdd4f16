import { diffWordsWithSpace } from 'diff';

/** One run of a comparison: kept, inserted (in the newer version) or deleted (from the older one). */
export interface DiffPart {
  kind: 'same' | 'ins' | 'del';
  text: string;
}

/** Word-level differences between two versions' texts (a line per block), older first. */
export function diffTexts(older: string, newer: string): DiffPart[] {
  return diffWordsWithSpace(older, newer).map((c) => ({
    kind: c.added ? 'ins' : c.removed ? 'del' : 'same',
    text: c.value,
  }));
}

/** How many words were inserted and deleted. */
export function diffCounts(parts: DiffPart[]): { ins: number; del: number } {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  return parts.reduce(
    (n, p) => ({
      ins: n.ins + (p.kind === 'ins' ? words(p.text) : 0),
      del: n.del + (p.kind === 'del' ? words(p.text) : 0),
    }),
    { ins: 0, del: 0 },
  );
}

/** A stable colour per person for their cursor and presence chip. */
export function colourOf(key: string): string {
  const palette = ['#1565c0', '#2e7d32', '#c62828', '#6a1b9a', '#ef6c00', '#00838f', '#ad1457', '#4e342e'];
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length]!;
}
