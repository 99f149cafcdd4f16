import { BOM, toCsv } from '@icabinet/shared';
import type { Language } from './i18n';

// One CSV writer for server and web, with the formula-injection guard.
export { BOM, csvField, toCsv } from '@icabinet/shared';

/** Import columns in the order the template uses; the server accepts these names or the Vietnamese ones. */
export const IMPORT_COLUMNS = [
  'username',
  'fullName',
  'title',
  'unit',
  'email',
  'phone',
  'role',
  'password',
] as const;

/** Vietnamese header aliases the server accepts, column for column. */
export const IMPORT_COLUMNS_VI = [
  'tên đăng nhập',
  'họ và tên',
  'chức vụ',
  'đơn vị',
  'email',
  'điện thoại',
  'vai trò',
  'mật khẩu',
] as const;

/** Row fields the server names in import issues that have another column name in the file. */
const ISSUE_PATH_COLUMN: Readonly<Record<string, (typeof IMPORT_COLUMNS)[number]>> = {
  unitCode: 'unit',
  systemRole: 'role',
};

/**
 * The column of the import file an issue is about, as the header reads in the interface
 * language ("email", "đơn vị"), or null for an issue about the whole row or file.
 */
export function importIssueColumn(path: string, lang: Language): string | null {
  const field = path.split('.')[0] ?? '';
  const column = ISSUE_PATH_COLUMN[field] ?? field;
  const i = (IMPORT_COLUMNS as readonly string[]).indexOf(column);
  if (i < 0) return field === '' ? null : field;
  return (lang === 'vi' ? IMPORT_COLUMNS_VI : IMPORT_COLUMNS)[i] ?? null;
}

/**
 * The downloadable import template: a header row in the interface language and two example
 * rows (one with a password left empty so the server generates it).
 */
export function buildImportTemplate(lang: Language, unitCode = 'VP'): string {
  const header = lang === 'vi' ? IMPORT_COLUMNS_VI : IMPORT_COLUMNS;
  return toCsv([
    [...header],
    [
      'nguyenvanan',
      'Nguyễn Văn An',
      'Chuyên viên',
      unitCode,
      'nguyenvanan@example.gov.vn',
      '0912 345 678',
      'member',
      '',
    ],
    ['tranthibinh', 'Trần Thị Bình', 'Chánh Văn phòng', unitCode, '', '', 'secretary', ''],
  ]);
}

/** The generated passwords after an import, as a CSV the administrator can hand out. */
export function buildPasswordsCsv(
  header: readonly [string, string, string],
  users: readonly { username: string; fullName: string; temporaryPassword?: string }[],
): string {
  return toCsv([[...header], ...users.map((u) => [u.username, u.fullName, u.temporaryPassword ?? ''])]);
}

/** Drops a leading BOM so the first header name reads cleanly on the server. */
export function stripBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Offers text as a file download (CSV templates, password lists). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke on the next tick: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
