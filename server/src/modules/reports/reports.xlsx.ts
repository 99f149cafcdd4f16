import ExcelJS from 'exceljs';
import type { Section } from './reports.tables.js';

/** A worksheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the book. */
function sheetName(title: string, taken: Set<string>): string {
  const base =
    title
      .replace(/[:\\/?*[\]]/g, ' ')
      .slice(0, 28)
      .trim() || 'Sheet';
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base} ${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * A report as an Excel workbook: one worksheet per section, its header row bold and frozen,
 * numbers kept as numbers (so they can be summed and charted). Text is always stored as text,
 * never as a formula, whatever it starts with.
 */
export async function sectionsXlsx(c: {
  title: string;
  sections: readonly Section[];
  generatedAt: string;
}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'I-Cabinet';
  book.title = c.title;
  book.created = new Date(c.generatedAt);
  const taken = new Set<string>();
  for (const s of c.sections) {
    const sheet = book.addWorksheet(sheetName(s.title, taken), { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.addRow(s.columns);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    for (const cells of s.rows) sheet.addRow(cells.map((v) => (v === null ? null : v)));
    s.columns.forEach((name, i) => {
      const longest = Math.max(
        name.length,
        ...s.rows.map((r) => {
          const v = r[i];
          return v === null || v === undefined ? 0 : String(v).length;
        }),
      );
      sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
