import { describe, expect, it } from 'vitest';
import { foldForSearch, searchTokens, userSearchText, viCollator } from './search.js';

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
