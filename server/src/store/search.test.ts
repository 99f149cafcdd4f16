import { describe, expect, it } from 'vitest';
import {
  foldForSearch,
  ftsMatchExpression,
  searchTokens,
  snippetOf,
  userSearchText,
  viCollator,
} from './search.js';

describe('search folding', () => {
  it('drops Vietnamese tone and vowel marks and maps đ to d', () => {
    expect(foldForSearch('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(foldForSearch('Phạm Thị Ánh Tuyết')).toBe('pham thi anh tuyet');
    expect(foldForSearch('ƯƠNG ĐƯỜNG')).toBe('uong duong');
  });

  it('folds composed and decomposed input alike', () => {
    expect(foldForSearch('Nguye\u0302\u0303n')).toBe(foldForSearch('Nguyễn'));
  });

  it('splits a search into folded words, ignoring extra spaces', () => {
    expect(searchTokens('  Nguyễn   AN ')).toEqual(['nguyen', 'an']);
    expect(searchTokens('')).toEqual([]);
    expect(searchTokens(undefined)).toEqual([]);
  });

  it('keeps username, name and e-mail apart so a word cannot span two fields', () => {
    const text = userSearchText({ username: 'an', fullName: 'Bình', email: null });
    expect(text).not.toContain('an binh');
    expect(text).toContain('an');
    expect(text).toContain('binh');
  });

  it('orders names the Vietnamese way', () => {
    expect(['Đào', 'Dương', 'Ân', 'An', 'Bùi'].sort(viCollator.compare)).toEqual([
      'An',
      'Ân',
      'Bùi',
      'Dương',
      'Đào',
    ]);
  });
});

describe('full-text helpers', () => {
  it('quotes every word for FTS5, the last one as a prefix, and drops words without letters', () => {
    expect(ftsMatchExpression(searchTokens('chuyển đổi số'))).toBe('"chuyen" "doi" "so"*');
    expect(ftsMatchExpression(['a"b', 'or', '(c*'])).toBe('"a""b" "or" "(c*"*');
    expect(ftsMatchExpression(['--', '"'])).toBeNull();
    expect(ftsMatchExpression([])).toBeNull();
  });

  it('cuts a snippet around the first folded match and keeps the original diacritics', () => {
    const text = `${'Mở đầu báo cáo. '.repeat(30)}Thành phố đẩy mạnh chuyển đổi số trong năm 2024. ${'Kết luận. '.repeat(30)}`;
    const snippet = snippetOf(text, searchTokens('chuyen doi so'), 80);
    expect(snippet).toContain('chuyển đổi số');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(82);
  });

  it('returns short text whole, with white space tidied', () => {
    expect(snippetOf('  Họp   thường kỳ \n tháng 11 ', ['hop'])).toBe('Họp thường kỳ tháng 11');
  });
});
