import type { DocBlock } from '../minutes/minutes.blocks.js';
import { upper } from './decree30.js';
import { BODY, heading, titleBlock, type SignatureArea } from './decree30.layout.js';
import { MARGIN, Sheet, TEXT_WIDTH, mm, type TextStyle } from './decree30.pdf.js';

/** Everything printed on a biên bản, already looked up. */
export interface MinutesContent {
  issuer: string[];
  place: string;
  /** Null for a preview not numbered yet: the number and day are left blank. */
  number: number | null;
  symbol: string;
  issuedAt: string;
  meetingTitle: string;
  /** The locked text of the minutes, block by block. */
  blocks: DocBlock[];
  /** Who signs: the meeting's secretary (thư ký) and its chair (chủ tọa). */
  secretary: string | null;
  chair: string | null;
}

/** Where each of the two signatures goes. */
export interface MinutesSignatureAreas {
  secretary: SignatureArea;
  chair: SignatureArea;
}

const CELL_PAD = 4;
const CELL_SIZE = 12;
/** The two signature blocks, with the space to sign. */
const SIGNATURES_HEIGHT = mm(45);

/**
 * A biên bản in the form of Decree 30/2020/NĐ-CP (Phụ lục I, văn bản có tên loại): the shared
 * heading, "BIÊN BẢN" and the meeting, the text of the minutes as written (headings, paragraphs,
 * lists, tables), and the two signature blocks side by side, the secretary's left and the
 * chair's right, each with the space its digital signature is drawn in.
 */
export async function minutesPdf(
  c: MinutesContent,
): Promise<{ bytes: Uint8Array; signatureAreas: MinutesSignatureAreas }> {
  const label = c.number === null ? 'Dự thảo biên bản' : `Biên bản ${c.number}/${c.symbol}`;
  const sheet = await Sheet.create(`${label}: ${c.meetingTitle}`);
  heading(sheet, { ...c, draft: c.number === null });
  titleBlock(sheet, 'BIÊN BẢN', c.meetingTitle);
  body(sheet, withoutTitle(c.blocks, c.meetingTitle));
  const signatureAreas = signatures(sheet, c);
  return { bytes: await sheet.save(), signatureAreas };
}

/** The editor's own title lines ("BIÊN BẢN CUỘC HỌP", the meeting's name) are the title block's. */
function withoutTitle(blocks: DocBlock[], title: string): DocBlock[] {
  let rest = blocks;
  const [first] = rest;
  if (first?.type === 'heading' && /^biên bản/iu.test(first.text.trim())) rest = rest.slice(1);
  const [next] = rest;
  if (next?.type === 'paragraph' && next.text.trim() === title.trim()) rest = rest.slice(1);
  return rest;
}

type HeadingBlock = Extract<DocBlock, { type: 'heading' }>;
type ListItemBlock = Extract<DocBlock, { type: 'listItem' }>;
type TableRow = { header: boolean; cells: string[] };

const headingText = (b: HeadingBlock): string => (b.level <= 1 ? upper(b.text) : b.text);
const headingStyle = (b: HeadingBlock): TextStyle =>
  b.level <= 1
    ? { font: 'bold', size: 14, align: 'center', after: 6 }
    : { font: b.level === 2 ? 'bold' : 'boldItalic', size: 14, after: 4, leading: 1.25 };
const listText = (b: ListItemBlock): string => (b.marker ? `${b.marker} ${b.text}` : b.text);
const listStyle = (b: ListItemBlock): TextStyle => {
  const inset = mm(10) + b.depth * mm(6);
  return {
    size: 14,
    x: MARGIN.left + inset,
    width: TEXT_WIDTH - inset,
    hanging: b.marker ? mm(5) : 0,
    align: 'justify',
    after: 3,
    leading: 1.25,
  };
};
const paragraphStyle = (bold: boolean | undefined): TextStyle => ({
  ...BODY,
  font: bold ? 'bold' : 'regular',
});

/**
 * What of `b` must share the page of a heading before it (keep with next): its first line, a
 * table's header rows and first body row, or for a heading its own lines and what it keeps.
 */
function leadHeight(sheet: Sheet, blocks: DocBlock[], i: number): number {
  const b = blocks[i];
  if (!b) return 0;
  switch (b.type) {
    case 'heading':
      return sheet.measure(headingText(b), headingStyle(b)) + leadHeight(sheet, blocks, i + 1);
    case 'paragraph':
      return b.text.trim() ? BODY.size * BODY.leading : 6 + leadHeight(sheet, blocks, i + 1);
    case 'listItem': {
      const style = listStyle(b);
      return (style.size ?? 14) * (style.leading ?? 1.2);
    }
    case 'table': {
      const { heights, headerCount } = tableRows(sheet, b.rows);
      return TABLE_BEFORE + heights.slice(0, headerCount + 1).reduce((a, h) => a + h, 0);
    }
  }
}

function body(sheet: Sheet, blocks: DocBlock[]): void {
  blocks.forEach((b, i) => {
    // The last paragraph stays on the page of the signatures, which never stand alone.
    const keep = i === blocks.length - 1 ? SIGNATURES_HEIGHT + 12 : 0;
    switch (b.type) {
      case 'heading': {
        // Keep with next: a heading is never the last line of a page.
        const style = headingStyle(b);
        sheet.ensure(sheet.measure(headingText(b), style) + leadHeight(sheet, blocks, i + 1));
        sheet.text(headingText(b), style);
        break;
      }
      case 'paragraph':
        if (!b.text.trim()) sheet.gap(6);
        else {
          const style = paragraphStyle(b.bold);
          if (keep) sheet.ensure(sheet.measure(b.text, style) + keep);
          sheet.text(b.text, style);
        }
        break;
      case 'listItem': {
        const text = listText(b);
        const style = listStyle(b);
        if (keep) sheet.ensure(sheet.measure(text, style) + keep);
        sheet.text(text, style);
        break;
      }
      case 'table':
        table(sheet, b.rows);
        break;
    }
  });
}

const TABLE_BEFORE = 4;

/** A table's cells as drawn: equal columns over the text width. */
function cellStyle(cols: number, header: boolean): TextStyle {
  return {
    size: CELL_SIZE,
    width: TEXT_WIDTH / cols - 2 * CELL_PAD,
    font: header ? 'bold' : 'regular',
    align: header ? 'center' : 'left',
    leading: 1.2,
  };
}

/** Each row's height (its tallest cell) and how many rows at the top are header rows. */
function tableRows(sheet: Sheet, rows: TableRow[]): { cols: number; heights: number[]; headerCount: number } {
  const cols = Math.max(1, ...rows.map((r) => r.cells.length));
  const heights = rows.map(
    (row) =>
      Math.max(
        ...Array.from({ length: cols }, (_, i) => row.cells[i] ?? '').map((text) =>
          text.trim() ? sheet.measure(text, cellStyle(cols, row.header)) : CELL_SIZE * 1.2,
        ),
      ) +
      2 * CELL_PAD,
  );
  let headerCount = 0;
  while (headerCount < rows.length && rows[headerCount]?.header) headerCount++;
  // A table of header rows only has no body to keep them with.
  if (headerCount === rows.length) headerCount = 0;
  return { cols, heights, headerCount };
}

/**
 * A grid: equal columns over the text width, each row as tall as its tallest cell and kept on one
 * page. The header rows (the rows marked header at the top) never end a page without a body row
 * under them, and a table that goes on to the next page repeats them there first (as Word's
 * "repeat header rows").
 */
function table(sheet: Sheet, rows: TableRow[]): void {
  const { cols, heights, headerCount } = tableRows(sheet, rows);
  const colWidth = TEXT_WIDTH / cols;
  const headers = rows.slice(0, headerCount);
  const headersHeight = heights.slice(0, headerCount).reduce((a, h) => a + h, 0);
  const drawRow = (row: TableRow, height: number) => {
    const top = sheet.y;
    const cells = Array.from({ length: cols }, (_, i) => row.cells[i] ?? '');
    sheet.columns(
      ...cells.map((text, i) => () => {
        const left = MARGIN.left + i * colWidth;
        sheet.y = top - CELL_PAD;
        if (text.trim()) sheet.text(text, { ...cellStyle(cols, row.header), x: left + CELL_PAD });
        sheet.frame(left, top, colWidth, height);
      }),
    );
    sheet.y = top - height;
  };
  sheet.gap(TABLE_BEFORE);
  // The header rows and the first body row on one page.
  sheet.ensure(headersHeight + (heights[headerCount] ?? 0));
  rows.forEach((row, r) => {
    const height = heights[r] ?? 0;
    if (r >= headerCount && !sheet.fits(height)) {
      sheet.newPage();
      headers.forEach((h, k) => drawRow(h, heights[k] ?? 0));
    } else if (r < headerCount) sheet.ensure(height);
    drawRow(row, height);
  });
  sheet.gap(8);
}

/** "THƯ KÝ" left and "CHỦ TỌA" right, the space to sign under each, the names below. */
function signatures(sheet: Sheet, c: MinutesContent): MinutesSignatureAreas {
  const half = TEXT_WIDTH / 2;
  const areas: Partial<MinutesSignatureAreas> = {};
  sheet.gap(12);
  sheet.ensure(SIGNATURES_HEIGHT);
  const block = (role: keyof MinutesSignatureAreas, x: number, title: string, name: string | null) => () => {
    const col = { x, width: half, align: 'center', font: 'bold', size: 14 } as const;
    sheet.text(title, col);
    areas[role] = { page: sheet.pageIndex, x, y: sheet.y - mm(25), width: half, height: mm(24) };
    sheet.gap(mm(25));
    if (name) sheet.text(name, col);
  };
  sheet.columns(
    block('secretary', MARGIN.left, 'THƯ KÝ', c.secretary),
    block('chair', MARGIN.left + half, 'CHỦ TỌA', c.chair),
  );
  if (!areas.secretary || !areas.chair) throw new Error('the signature blocks were not laid out');
  return { secretary: areas.secretary, chair: areas.chair };
}

/** "Bien ban so 12-BB-UBND.pdf" (or "Du thao bien ban …" for a preview): ASCII, no slash. */
export const minutesFilename = (number: number | null, symbol: string): string =>
  number === null ? `Du thao bien ban ${symbol}.pdf` : `Bien ban so ${number}-${symbol}.pdf`;
