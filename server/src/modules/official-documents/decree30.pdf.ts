import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import {
  beginText,
  endText,
  PDFContentStream,
  PDFDocument,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  PDFRawStream,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  setFillingRgbColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type PDFContext,
  type PDFFont,
  type PDFObject,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
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

/**
 * Compresses what pdf-lib embeds in this document's context (font files, their ToUnicode maps)
 * with Node's zlib instead of pako: the same FlateDecode streams (zlib format, default level),
 * made natively, several times faster. Only this context's `flateStream` is replaced.
 */
export function useNativeFlate(context: PDFContext): void {
  context.flateStream = (contents, dict = {}) =>
    context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), {
      ...dict,
      Filter: 'FlateDecode',
    });
}

/**
 * The content streams pdf-lib drew (pages, form XObjects), compressed now with Node's zlib and
 * kept as raw streams, instead of by pako when the document is written. Call once drawing is
 * done (after `flush`); `only` limits it to some objects (the new ones of an increment).
 */
export function deflateContentStreams(
  context: PDFContext,
  only: (ref: PDFRef) => boolean = () => true,
): void {
  const flate = PDFName.of('FlateDecode');
  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFContentStream) || !only(ref)) continue;
    if (obj.dict.get(PDFName.of('Filter')) !== flate) continue;
    context.assign(ref, PDFRawStream.of(obj.dict, deflateSync(obj.getUnencodedContents())));
  }
}

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

/**
 * Word widths at size 1 per face ("Tinos-Bold"), for every document: a width is the sum of the
 * face's glyph advances, the same in every document (the subset tag before "+" differs).
 * Measuring adds nothing to a document's subset; drawing does.
 */
const wordWidths = new Map<string, Map<string, number>>();
/** Words kept per face (many documents' worth). */
const MAX_WORDS = 50_000;

/**
 * The width of `text` at `size`, as pdf-lib measures it (the sum of the glyphs' advances), from
 * its words' and spaces' widths. pdf-lib lays the whole string out for every measure, and `wrap`
 * measures a longer line at each word; nothing in a font joins across a space, so the sum is the
 * same and each word is laid out once per face.
 */
export function widthOf(font: PDFFont, text: string, size: number): number {
  const face = font.name.replace(/^[A-Z]{6}\+/, '');
  let known = wordWidths.get(face);
  if (!known) {
    known = new Map();
    wordWidths.set(face, known);
  }
  if (known.size > MAX_WORDS) known.clear();
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
  /** The resource name of each font on each page, registered once (see `show`). */
  private readonly fontKeys = new Map<PDFPage, Map<PDFFont, PDFName>>();
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
    useNativeFlate(doc.context);
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
      this.show(
        this.fonts.regular,
        size,
        MARGIN.left + (TEXT_WIDTH - w) / 2,
        A4.height - MARGIN.top / 2 - size / 3,
        [label],
      );
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
      else this.show(font, size, left, this.y, [line]);
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
      this.show(font, size, left, this.y, [line]);
      return;
    }
    const wordsWidth = words.reduce((sum, w) => sum + widthOf(font, w, size), 0);
    const gap = (room - wordsWidth) / (words.length - 1);
    this.show(font, size, left, this.y, words, gap);
  }

  /**
   * Draws `parts` on one line from (x, y), each `gap` points after the end of the one before (a
   * justified line's words), as one text object: `Tj` for a single part, `TJ` with the gaps as
   * position adjustments otherwise. The operators are pdf-lib's `drawText` ones (black, the
   * font at `size`, a text matrix at x, y); the font's resource name is registered once per page
   * (pdf-lib's `drawText` adds a new name to the page's resources at every call).
   */
  private show(font: PDFFont, size: number, x: number, y: number, parts: string[], gap = 0): void {
    let keys = this.fontKeys.get(this.page);
    if (!keys) {
      keys = new Map();
      this.fontKeys.set(this.page, keys);
    }
    let key = keys.get(font);
    if (!key) {
      key = this.page.node.newFontDictionary(font.name, font.ref);
      keys.set(font, key);
    }
    let text: PDFOperator;
    if (parts.length === 1) text = showText(font.encodeText(parts[0] ?? ''));
    else {
      // TJ moves left by n/1000 of the font size for a number n: a gap to the right is negative.
      const shift = PDFNumber.of(-(gap * 1000) / size);
      const items: PDFObject[] = [];
      parts.forEach((part, i) => {
        if (i > 0) items.push(shift);
        items.push(font.encodeText(part));
      });
      text = PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [this.doc.context.obj(items)]);
    }
    this.page.pushOperators(
      pushGraphicsState(),
      beginText(),
      setFillingRgbColor(0, 0, 0),
      setFontAndSize(key, size),
      setTextMatrix(1, 0, 0, 1, x, y),
      text,
      endText(),
      popGraphicsState(),
    );
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

  /**
   * The PDF: fonts embedded, every stream compressed natively (`useNativeFlate`,
   * `deflateContentStreams`), and a classic cross-reference table (no object streams, which pdf-lib
   * would compress with pako; a document of a few dozen objects gains nothing from them).
   */
  async save(): Promise<Uint8Array> {
    await this.doc.flush();
    deflateContentStreams(this.doc.context);
    return this.doc.save({ useObjectStreams: false });
  }
}
