import { z } from 'zod';
import { Email, OptionalText, Phone, Text, Username, NewPassword, type SystemRole } from '@icabinet/shared';
import { issuesFromZod, type PendingIssue } from '../../errors.js';
import { fold, readCsvTable } from '../../lib/csv-read.js';

/** A row of the import, validated, with its 1-based line number in the file. */
export interface CsvUserRow {
  line: number;
  username: string;
  fullName: string;
  title: string | null;
  unitCode: string | null;
  email: string | null;
  phone: string | null;
  systemRole: SystemRole;
  password?: string | undefined;
}

export const MAX_IMPORT_ROWS = 5000;

export type Column = 'username' | 'fullName' | 'title' | 'unit' | 'email' | 'phone' | 'role' | 'password';

/** Which column each field of a parsed row comes from. */
const COLUMN_OF: Record<string, Column> = {
  username: 'username',
  fullName: 'fullName',
  title: 'title',
  unitCode: 'unit',
  email: 'email',
  thudientu: 'email',
  phone: 'phone',
  systemRole: 'role',
  password: 'password',
};

/** Header names we accept, compared without case, spaces or Vietnamese diacritics. */
const ALIASES: Record<string, Column> = {
  username: 'username',
  tendangnhap: 'username',
  fullname: 'fullName',
  hoten: 'fullName',
  hovaten: 'fullName',
  title: 'title',
  chucvu: 'title',
  unit: 'unit',
  unitcode: 'unit',
  donvi: 'unit',
  madonvi: 'unit',
  email: 'email',
  thudientu: 'email',
  phone: 'phone',
  dienthoai: 'phone',
  sodienthoai: 'phone',
  role: 'role',
  systemrole: 'role',
  vaitro: 'role',
  password: 'password',
  matkhau: 'password',
};

const REQUIRED: Column[] = ['username', 'fullName'];

const ROLE_ALIASES: Record<string, SystemRole> = {
  admin: 'admin',
  quantri: 'admin',
  quantrivien: 'admin',
  secretary: 'secretary',
  thuky: 'secretary',
  member: 'member',
  thanhvien: 'member',
  '': 'member',
};

export { fold };

const RowSchema = z.object({
  username: Username,
  fullName: Text(120),
  title: OptionalText(200),
  unitCode: OptionalText(32),
  email: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(Email.nullable()),
  phone: z
    .string()
    .trim()
    .transform((v) => (v === '' ? null : v))
    .pipe(Phone.nullable()),
  systemRole: z.string().transform((v, ctx) => {
    const role = ROLE_ALIASES[fold(v)];
    if (!role) {
      ctx.addIssue({ code: 'custom', message: 'role' });
      return z.NEVER;
    }
    return role;
  }),
  password: z
    .string()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(NewPassword.optional()),
});

/**
 * Parses a user import file: UTF-8 (with or without BOM), comma or semicolon separated, a header
 * row naming the columns. A bad header or an empty file throws a 400; row problems are returned
 * with their line numbers so the caller can add its own checks and report everything at once.
 */
export function parseUserCsv(text: string): {
  rows: CsvUserRow[];
  issues: PendingIssue[];
  /** The header text of a column (as the file spells it), to name it in a message. */
  columnName: (c: Column) => string;
} {
  const table = readCsvTable(text, { aliases: ALIASES, required: REQUIRED, maxRows: MAX_IMPORT_ROWS });
  const { columnName } = table;
  const issues: PendingIssue[] = [];
  const out: CsvUserRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { line, cell } of table.rows) {
    const parsed = RowSchema.safeParse({
      username: cell('username'),
      fullName: cell('fullName'),
      title: cell('title'),
      unitCode: cell('unit'),
      email: cell('email'),
      phone: cell('phone'),
      systemRole: cell('role'),
      password: cell('password'),
    });
    if (!parsed.success) {
      issues.push(
        ...issuesFromZod(parsed.error).map((i) => ({
          ...i,
          line,
          column: columnName(COLUMN_OF[i.path] ?? 'username'),
        })),
      );
      continue;
    }
    const row = parsed.data;
    const seen = firstLineOf.get(row.username);
    if (seen !== undefined) {
      issues.push({
        path: 'username',
        key: 'csv_duplicate_in_file',
        params: { username: row.username, line: seen },
        line,
        column: columnName('username'),
      });
      continue;
    }
    firstLineOf.set(row.username, line);
    out.push({ line, ...row, unitCode: row.unitCode?.toUpperCase() ?? null });
  }
  return { rows: out, issues, columnName };
}
