import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { subsetFontkit, subsetName } from './subset-fontkit.js';

/**
 * Pages in the form of Decree 30/2020/NĐ-CP, Phụ lục I: A4 portrait, margins top and bottom
 * 20 mm, left 30 mm, right 15 mm, the Times-compatible serif Tinos (full Vietnamese), page
 * numbers from the second page centred in the top margin. `Sheet` lays text out top to bottom,
 * wrapping words (justified in body paragraphs) and starting new pages as needed.
 */

export const mm = (v: number): number => (v * 72) / 25.4;
export const A4 = { width: mm(210), height: mm(297) };
export const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** The width text may take: 165 mm. */
export const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

const requireHere = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/tinos/400Regular/Tinos_400Regular.ttf',
  bold: '@expo-google-fonts/tinos/700Bold/Tinos_700Bold.ttf',
  italic: '@expo-google-fonts/tinos/400Regular_Italic/Tinos_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/tinos/700Bold_Italic/Tinos_700Bold_Italic.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;
const FONT_NAMES: Record<FontName, string> = {
  regular: 'Tinos-Regular',
  bold: 'Tinos-Bold',
  italic: 'Tinos-Italic',
  boldItalic: 'Tinos-BoldItalic',
};
let fontBytes: Promise<Record<FontName, Buffer>> | undefined;

/** The four Tinos faces, read once. */
export function loadFontBytes(): Promise<Record<FontName, Buffer>> {
  return (fontBytes ??= (async () => {
    const entries = await Promise.all(
      (Object.keys(FONT_FILES) as FontName[]).map(
        async (k) => [k, await readFile(requireHere.resolve(FONT_FILES[k]))] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<FontName, Buffer>;
  })());
}

export type Fonts = Record<FontName, PDFFont>;

export interface TextStyle {
  font?: FontName;
  size?: number;
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Left edge and width of the column (default: the whole text width). */
  x?: number;
  width?: number;
  /** First-line indent (body paragraphs: 1 cm). */
  indent?: number;
  /** Indent of the lines after the first (numbered items hang). */
  hanging?: number;
  /** Space after the paragraph, in points. */
  after?: number;
  /** Line height as a multiple of the size. */
  leading?: number;
}

/** Each font's word widths at size 1, for the document the font belongs to. */
const wordWidths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width of `text` at `size`, as pdf-lib measures it (the sum of the glyphs' advances), from
 * its words' and spaces' widths. pdf-lib lays the whole string out for every measure, and `wrap`
 * measures a longer line at each word; nothing in a font joins across a space, so the sum is the
 * same and each word is laid out once per font.
 */
export function widthOf(font: PDFFont, text: string, size: number): number {
  let known = wordWidths.get(font);
  if (!known) {
    known = new Map();
    wordWidths.set(font, known);
  }
  const unit = (word: string): number => {
    let w = known.get(word);
    if (w === undefined) {
      w = font.widthOfTextAtSize(word, 1);
      known.set(word, w);
    }
    return w;
  };
  let total = 0;
  text.split(' ').forEach((word, i) => {
    if (i > 0) total += unit(' ');
    if (word) total += unit(word);
  });
  return total * size;
}

/** Splits text into lines no wider than `width`; a word longer than a line is cut by characters. */
export function wrap(text: string, font: PDFFont, size: number, width: number, firstIndent = 0): string[] {
  const lines: string[] = [];
  let line = '';
  let limit = width - firstIndent;
  const fits = (s: string) => widthOf(font, s, size) <= limit;
  const push = () => {
    lines.push(line);
    line = '';
    limit = width;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) push();
    let rest = word;
    while (!fits(rest)) {
      let cut = rest.length - 1;
      while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
      line = rest.slice(0, cut);
      push();
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

export class Sheet {
  private page!: PDFPage;
  /** The baseline of the next line is below this. */
  y = 0;
  private pages = 0;

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.newPage();
  }

  static async create(title: string): Promise<Sheet> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(subsetFontkit);
    const bytes = await loadFontBytes();
    const fonts = {} as Fonts;
    for (const k of Object.keys(FONT_FILES) as FontName[]) {
      fonts[k] = await doc.embedFont(bytes[k], { subset: true, customName: subsetName(FONT_NAMES[k]) });
    }
    doc.setTitle(title);
    doc.setLanguage('vi-VN');
    doc.setCreator('I-Cabinet');
    doc.setProducer('I-Cabinet');
    return new Sheet(doc, fonts);
  }

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.pages += 1;
    this.y = A4.height - MARGIN.top;
    if (this.pages > 1) {
      // The page number, from the second page, centred in the top margin.
      const label = String(this.pages);
      const size = 13;
      const w = this.fonts.regular.widthOfTextAtSize(label, size);
      this.page.drawText(label, {
        x: MARGIN.left + (TEXT_WIDTH - w) / 2,
        y: A4.height - MARGIN.top / 2 - size / 3,
        size,
        font: this.fonts.regular,
      });
    }
  }

  /** The index of the page being written (0 for the first). */
  get pageIndex(): number {
    return this.pages - 1;
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom) this.newPage();
  }

  /** Writes a paragraph; answers the widest line drawn (for rules under headings). */
  text(text: string, style: TextStyle = {}): { width: number; left: number } {
    const font = this.fonts[style.font ?? 'regular'];
    const size = style.size ?? 14;
    const x = style.x ?? MARGIN.left;
    const width = style.width ?? TEXT_WIDTH;
    const indent = style.indent ?? 0;
    const hanging = style.hanging ?? 0;
    const lineHeight = size * (style.leading ?? 1.2);
    const align = style.align ?? 'left';
    const first = wrap(text, font, size, width - hanging, indent - hanging);
    let widest = 0;
    let leftmost = x + width;
    first.forEach((line, i) => {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      const offset = i === 0 ? indent : hanging;
      const room = width - offset;
      const w = widthOf(font, line, size);
      const last = i === first.length - 1;
      let left = x + offset;
      if (align === 'center') left = x + offset + (room - w) / 2;
      if (align === 'right') left = x + width - w;
      if (align === 'justify' && !last) this.justified(line, left, room, font, size);
      else this.page.drawText(line, { x: left, y: this.y, size, font });
      widest = Math.max(widest, align === 'justify' && !last ? room : w);
      leftmost = Math.min(leftmost, left);
    });
    this.y -= style.after ?? 0;
    return { width: widest, left: leftmost };
  }

  /** Draws a line spread over `room` points, the extra space shared between its words. */
  private justified(line: string, left: number, room: number, font: PDFFont, size: number): void {
    const words = line.split(' ');
    if (words.length < 2) {
      this.page.drawText(line, { x: left, y: this.y, size, font });
      return;
    }
    const wordsWidth = words.reduce((sum, w) => sum + widthOf(font, w, size), 0);
    const gap = (room - wordsWidth) / (words.length - 1);
    let at = left;
    for (const w of words) {
      this.page.drawText(w, { x: at, y: this.y, size, font });
      at += widthOf(font, w, size) + gap;
    }
  }

  /** A horizontal rule `below` points under the current line, from `left`, `width` long. */
  rule(left: number, width: number, below = 3): void {
    const y = this.y - below;
    this.page.drawLine({
      start: { x: left, y },
      end: { x: left + width, y },
      thickness: 0.6,
      color: rgb(0, 0, 0),
    });
  }

  /** A rectangle from `top` down `height` points (a table cell's border). */
  frame(left: number, top: number, width: number, height: number): void {
    this.page.drawRectangle({
      x: left,
      y: top - height,
      width,
      height,
      borderWidth: 0.6,
      borderColor: rgb(0, 0, 0),
    });
  }

  /** The height `text` takes in `style` (lines and the space after). */
  measure(text: string, style: TextStyle = {}): number {
    const font = this.fonts[style.font ?? 'regular'];
    const size = style.size ?? 14;
    const width = (style.width ?? TEXT_WIDTH) - (style.hanging ?? 0);
    const lines = wrap(text, font, size, width, (style.indent ?? 0) - (style.hanging ?? 0)).length;
    return lines * size * (style.leading ?? 1.2) + (style.after ?? 0);
  }

  /** Moves the cursor down by `points`. */
  gap(points: number): void {
    this.y -= points;
  }

  /** Runs `fn` for each column from the same starting line; the cursor ends below the longest. */
  columns(...fns: (() => void)[]): void {
    const start = this.y;
    const page = this.page;
    let lowest = start;
    for (const fn of fns) {
      this.page = page;
      this.y = start;
      fn();
      lowest = Math.min(lowest, this.y);
    }
    this.y = lowest;
  }

  save(): Promise<Uint8Array> {
    return this.doc.save();
  }
}
