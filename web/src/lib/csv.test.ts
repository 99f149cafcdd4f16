import { describe, expect, it } from 'vitest';
import {
  BOM,
  buildImportTemplate,
  buildPasswordsCsv,
  csvField,
  IMPORT_COLUMNS,
  importIssueColumn,
  stripBom,
  toCsv,
} from './csv';

describe('CSV building', () => {
  it('quotes fields with separators, quotes and line breaks only', () => {
    expect(csvField('Nguyễn Văn An')).toBe('Nguyễn Văn An');
    expect(csvField('Sở Nội vụ, TP')).toBe('"Sở Nội vụ, TP"');
    expect(csvField('say "xin chào"')).toBe('"say ""xin chào"""');
    expect(csvField('a;b', ';')).toBe('"a;b"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('starts with a BOM so Excel keeps Vietnamese diacritics, and ends lines with CRLF', () => {
    const text = toCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe(`${BOM}a,b\r\nc,d\r\n`);
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});

describe('import template', () => {
  it('has a Vietnamese header row in Vietnamese and example rows with accents', () => {
    const text = buildImportTemplate('vi');
    const [header, first] = stripBom(text).split('\r\n');
    expect(text.startsWith(BOM)).toBe(true);
    expect(header).toBe('tên đăng nhập,họ và tên,chức vụ,đơn vị,email,điện thoại,vai trò,mật khẩu');
    expect(first).toContain('Nguyễn Văn An');
    expect(first?.split(',')).toHaveLength(8);
  });

  it('uses the server column names in English', () => {
    const [header] = stripBom(buildImportTemplate('en')).split('\r\n');
    expect(header).toBe(IMPORT_COLUMNS.join(','));
  });
});

describe('passwords file', () => {
  it('lists username, name and password, leaving passwords set by the file empty', () => {
    const text = buildPasswordsCsv(
      ['Tên đăng nhập', 'Họ và tên', 'Mật khẩu tạm thời'],
      [
        { username: 'nguyenvanan', fullName: 'Nguyễn Văn An', temporaryPassword: 'abc,def"g' },
        { username: 'tranthibinh', fullName: 'Trần Thị Bình' },
      ],
    );
    expect(stripBom(text).split('\r\n')).toEqual([
      'Tên đăng nhập,Họ và tên,Mật khẩu tạm thời',
      'nguyenvanan,Nguyễn Văn An,"abc,def""g"',
      'tranthibinh,Trần Thị Bình,',
      '',
    ]);
  });
});

describe('import issues', () => {
  it('names the column of the file each issue is about, in the interface language', () => {
    expect(importIssueColumn('email', 'vi')).toBe('email');
    expect(importIssueColumn('unitCode', 'vi')).toBe('đơn vị');
    expect(importIssueColumn('systemRole', 'vi')).toBe('vai trò');
    expect(importIssueColumn('fullName', 'vi')).toBe('họ và tên');
    expect(importIssueColumn('systemRole', 'en')).toBe('role');
  });

  it('keeps an unknown column as the file wrote it, and names none for a whole-row issue', () => {
    expect(importIssueColumn('ghichu', 'vi')).toBe('ghichu');
    expect(importIssueColumn('', 'vi')).toBeNull();
  });
});
