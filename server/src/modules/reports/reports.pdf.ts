import { formatDateTime } from '@icabinet/shared';
import { MARGIN, Sheet, TEXT_WIDTH, type TextStyle } from '../official-documents/decree30.pdf.js';
import type { Cell, Section } from './reports.tables.js';

const NUMBER = new Intl.NumberFormat('vi-VN');
const CELL: TextStyle = { size: 9.5, leading: 1.25 };
const PAD = 3;

const text = (c: Cell): string => (c === null ? '—' : typeof c === 'number' ? NUMBER.format(c) : c);

/** Draws one row of cells side by side; numbers right-aligned. Answers nothing; moves the cursor below. */
function row(sheet: Sheet, cells: readonly Cell[], xs: number[], ws: number[], bold: boolean): void {
  const style = (i: number): TextStyle => ({
    ...CELL,
    font: bold ? 'bold' : 'regular',
    x: (xs[i] ?? MARGIN.left) + PAD,
    width: (ws[i] ?? 0) - 2 * PAD,
    align: typeof cells[i] === 'number' ? 'right' : 'left',
  });
  sheet.columns(...cells.map((c, i) => () => void sheet.text(text(c), style(i))));
  sheet.gap(2);
  sheet.rule(MARGIN.left, TEXT_WIDTH, 0);
  sheet.gap(3);
}

/** The height a row takes (its tallest cell). */
function rowHeight(sheet: Sheet, cells: readonly Cell[], ws: number[]): number {
  return (
    Math.max(...cells.map((c, i) => sheet.measure(text(c), { ...CELL, width: (ws[i] ?? 0) - 2 * PAD }))) + 5
  );
}

/** A section as a ruled table; the header row comes again at the top of each new page. */
function table(sheet: Sheet, s: Section): void {
  const weights = s.widths ?? s.columns.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const ws = weights.map((w) => (w / total) * TEXT_WIDTH);
  const xs = ws.map((_, i) => MARGIN.left + ws.slice(0, i).reduce((a, b) => a + b, 0));
  const header = rowHeight(sheet, s.columns, ws);
  // The title stays with the header and the first row.
  const first = s.rows[0] ? rowHeight(sheet, s.rows[0], ws) : 0;
  sheet.ensure(13 * 1.3 + 6 + header + first);
  sheet.text(s.title, { font: 'bold', size: 12, leading: 1.3, after: 4 });
  sheet.rule(MARGIN.left, TEXT_WIDTH, 0);
  sheet.gap(3);
  row(sheet, s.columns, xs, ws, true);
  if (s.rows.length === 0) {
    sheet.text('—', { ...CELL, x: MARGIN.left + PAD });
    sheet.gap(4);
  }
  for (const cells of s.rows) {
    const h = rowHeight(sheet, cells, ws);
    if (sheet.y - h < MARGIN.bottom) {
      sheet.newPage();
      row(sheet, s.columns, xs, ws, true);
    }
    row(sheet, cells, xs, ws, false);
  }
  sheet.gap(10);
}

/**
 * A report as an A4 PDF: the issuing body, the title, the sections as ruled tables, and when it
 * was drawn up. Always in Vietnamese (it is filed as a record); Tinos renders every letter.
 */
export async function reportPdf(c: {
  organisation: string;
  title: string;
  subtitle: string;
  sections: readonly Section[];
  generatedAt: string;
}): Promise<Uint8Array> {
  const sheet = await Sheet.create(`${c.title} — ${c.subtitle}`);
  sheet.doc.setAuthor(c.organisation);
  sheet.text(c.organisation.toLocaleUpperCase('vi'), { font: 'bold', size: 12, align: 'center' });
  sheet.gap(10);
  sheet.text(c.title.toLocaleUpperCase('vi'), { font: 'bold', size: 15, align: 'center', after: 4 });
  sheet.text(c.subtitle, { font: 'italic', size: 12, align: 'center', after: 14 });
  for (const s of c.sections) table(sheet, s);
  sheet.text(`Lập lúc ${formatDateTime(c.generatedAt, 'vi')} bằng I-Cabinet.`, { font: 'italic', size: 9.5 });
  return sheet.save();
}
