import { parse as parseCsv } from 'csv-parse/sync';
import { errors, type PendingIssue } from '../errors.js';

/** Lower-case ASCII folding used to match header names and enumerated cells (roles, levels). */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[\s_\-.]/g, '');
}

/** One data row of an import file: its cells by column, and its 1-based line number. */
export interface CsvRow<C extends string> {
  line: number;
  cell: (column: C) => string;
}

export interface CsvTable<C extends string> {
  rows: CsvRow<C>[];
  /** The header text of a column (as the file spells it), to name it in a message. */
  columnName: (column: C) => string;
  /** Whether the file has this column. */
  has: (column: C) => boolean;
}

/**
 * Reads an import file for every CSV import (users, sites): UTF-8 with or without BOM (Excel),
 * comma or semicolon separated (whichever the header line uses more), a header row whose names are
 * matched through `aliases` without case, spaces or Vietnamese diacritics. An unreadable file, an
 * unknown or missing column, no data or too many rows throw a 400 naming the problem; the rows
 * come back with their line numbers so the caller reports every bad cell at once.
 */
export function readCsvTable<C extends string>(
  text: string,
  spec: { aliases: Readonly<Record<string, C>>; required: readonly C[]; maxRows: number },
): CsvTable<C> {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      delimiter,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (err) {
    const reason = err instanceof Error ? err.message.slice(0, 200) : 'unknown';
    throw errors.invalid([], 'csv_unreadable', { reason });
  }
  const [header, ...rows] = records;
  if (!header) throw errors.invalid([], 'csv_empty');

  const columns: (C | null)[] = header.record.map((h) => spec.aliases[fold(h)] ?? null);
  const headerIssues: PendingIssue[] = [];
  header.record.forEach((name, i) => {
    if (columns[i] === null && name !== '')
      headerIssues.push({ path: name, key: 'csv_unknown_column', params: { column: name }, line: 1 });
  });
  for (const required of spec.required) {
    if (!columns.includes(required))
      headerIssues.push({ path: required, key: 'csv_missing_column', params: { column: required }, line: 1 });
  }
  if (headerIssues.length > 0)
    throw errors.invalid(headerIssues, 'csv_errors', { count: headerIssues.length });
  if (rows.length === 0) throw errors.invalid([], 'csv_empty');
  if (rows.length > spec.maxRows) throw errors.invalid([], 'csv_too_many_rows', { max: spec.maxRows });

  return {
    rows: rows.map(({ record, info }) => ({
      line: info.lines,
      cell: (c: C) => {
        const i = columns.indexOf(c);
        return i >= 0 ? (record[i] ?? '') : '';
      },
    })),
    columnName: (c: C) => header.record[columns.indexOf(c)] || c,
    has: (c: C) => columns.includes(c),
  };
}
