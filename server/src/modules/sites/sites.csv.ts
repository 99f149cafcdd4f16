import { z } from 'zod';
import { MAX_SITE_DELEGATES, ConferenceUrl, SiteCode, Text, type SiteLevel } from '@icabinet/shared';
import { issuesFromZod, type PendingIssue } from '../../errors.js';
import { fold, readCsvTable } from '../../lib/csv-read.js';

export const MAX_SITE_ROWS = 3000;

export type SiteColumn = 'code' | 'name' | 'level' | 'parent' | 'operator' | 'expected' | 'conferenceUrl';

/** Header names we accept, compared without case, spaces or Vietnamese diacritics. */
const ALIASES: Record<string, SiteColumn> = {
  code: 'code',
  ma: 'code',
  madiemcau: 'code',
  name: 'name',
  ten: 'name',
  tendiemcau: 'name',
  level: 'level',
  cap: 'level',
  capdiemcau: 'level',
  parent: 'parent',
  parentcode: 'parent',
  macaptren: 'parent',
  captren: 'parent',
  madiemcaucaptren: 'parent',
  operator: 'operator',
  operatorusername: 'operator',
  taikhoandieuhanh: 'operator',
  canbodieuhanh: 'operator',
  nguoidieuhanh: 'operator',
  expected: 'expected',
  expecteddelegates: 'expected',
  sodaibieu: 'expected',
  sodaibieudukien: 'expected',
  conferenceurl: 'conferenceUrl',
  link: 'conferenceUrl',
  linkhoinghi: 'conferenceUrl',
  duongdanhoinghi: 'conferenceUrl',
  lienkethoinghi: 'conferenceUrl',
};

const REQUIRED: SiteColumn[] = ['code', 'name', 'level'];

/** Level words as people write them (thành phố, quận, huyện, thị xã, xã, phường, thị trấn…). */
const LEVELS: Record<string, SiteLevel> = {
  city: 'city',
  thanhpho: 'city',
  tp: 'city',
  tinh: 'city',
  captinh: 'city',
  capthanhpho: 'city',
  district: 'district',
  quan: 'district',
  huyen: 'district',
  thixa: 'district',
  quanhuyen: 'district',
  caphuyen: 'district',
  capquan: 'district',
  commune: 'commune',
  xa: 'commune',
  phuong: 'commune',
  thitran: 'commune',
  xaphuong: 'commune',
  capxa: 'commune',
};

/** A row of the import, validated on its own, with its 1-based line number in the file. */
export interface CsvSiteRow {
  line: number;
  code: string;
  name: string;
  level: SiteLevel;
  parentCode: string | null;
  operatorUsername: string | null;
  expectedDelegates: number;
  conferenceUrl: string | null;
}

const RowSchema = z.object({
  code: SiteCode,
  name: Text(200),
  parentCode: z
    .string()
    .transform((v) => (v.trim() === '' ? null : v))
    .pipe(SiteCode.nullable()),
  operatorUsername: z
    .string()
    .trim()
    .max(64)
    .transform((v) => (v === '' ? null : v.toLowerCase())),
  conferenceUrl: z
    .string()
    .transform((v) => (v.trim() === '' ? null : v))
    .pipe(ConferenceUrl.nullable()),
});

const COLUMN_OF: Record<string, SiteColumn> = {
  code: 'code',
  name: 'name',
  parentCode: 'parent',
  operatorUsername: 'operator',
  conferenceUrl: 'conferenceUrl',
};

/**
 * Parses a sites file: each cell on its own (codes, names with the shared text rule, level words,
 * a whole non-negative number of delegates, the conference link). Problems come back with their
 * line and column; rules across rows (parents, cycles, duplicates, operators) are the service's.
 */
export function parseSiteCsv(text: string): {
  rows: CsvSiteRow[];
  issues: PendingIssue[];
  columnName: (c: SiteColumn) => string;
} {
  const table = readCsvTable(text, { aliases: ALIASES, required: REQUIRED, maxRows: MAX_SITE_ROWS });
  const { columnName } = table;
  const issues: PendingIssue[] = [];
  const rows: CsvSiteRow[] = [];
  for (const { line, cell } of table.rows) {
    const at = (c: SiteColumn) => ({ line, column: columnName(c) });
    let ok = true;
    const parsed = RowSchema.safeParse({
      code: cell('code'),
      name: cell('name'),
      parentCode: cell('parent'),
      operatorUsername: cell('operator'),
      conferenceUrl: cell('conferenceUrl'),
    });
    if (!parsed.success) {
      ok = false;
      issues.push(...issuesFromZod(parsed.error).map((i) => ({ ...i, ...at(COLUMN_OF[i.path] ?? 'code') })));
    }
    const level = LEVELS[fold(cell('level'))];
    if (!level) {
      ok = false;
      issues.push({ path: 'level', key: 'field_site_level', ...at('level') });
    }
    const expectedText = cell('expected').trim();
    const expected = expectedText === '' ? 0 : Number(expectedText);
    if (
      !/^\d{1,6}$/.test(expectedText || '0') ||
      !Number.isSafeInteger(expected) ||
      expected > MAX_SITE_DELEGATES
    ) {
      ok = false;
      issues.push({
        path: 'expected',
        key: 'field_site_count',
        params: { max: String(MAX_SITE_DELEGATES) },
        ...at('expected'),
      });
    }
    if (!ok || !parsed.success || !level) continue;
    rows.push({ line, ...parsed.data, level, expectedDelegates: expected });
  }
  return { rows, issues, columnName };
}
