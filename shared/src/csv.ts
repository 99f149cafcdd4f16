/**
 * CSV writing for every export (server and web): RFC 4180 quoting, CRLF line ends, a BOM so Excel
 * reads UTF-8 Vietnamese, and a guard against formula injection. No Node or DOM imports.
 */

/** Byte-order mark: without it Excel on Windows opens UTF-8 CSV as ANSI and garbles diacritics. */
export const BOM = '\uFEFF';

/**
 * Cells a spreadsheet would run as a formula (=, +, -, @) or that start with a tab or CR (which
 * some programs strip before looking). OWASP's advice: prefix such a cell with an apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export interface CsvOptions {
  /** `,` by default; `;` for spreadsheets set up for a comma decimal separator. */
  separator?: string;
  /** Quote every field, not only those that need it. */
  quoteAll?: boolean;
}

/** One field: defused if it would start a formula, quoted when needed (or always). */
export function csvField(value: string | null | undefined, options: CsvOptions | string = {}): string {
  const { separator = ',', quoteAll = false } =
    typeof options === 'string' ? { separator: options } : options;
  const text = value ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  if (quoteAll || safe.includes(separator) || /["\r\n]/.test(safe)) return `"${safe.replace(/"/g, '""')}"`;
  return safe;
}

/** Joins rows into CSV text with CRLF line ends and, by default, a leading BOM. */
export function toCsv(
  rows: readonly (readonly (string | null | undefined)[])[],
  options: CsvOptions & { bom?: boolean } = {},
): string {
  const separator = options.separator ?? ',';
  const text = rows.map((row) => row.map((field) => csvField(field, options)).join(separator)).join('\r\n');
  return `${options.bom === false ? '' : BOM}${text}\r\n`;
}
