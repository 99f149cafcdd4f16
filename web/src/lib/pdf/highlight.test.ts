import { describe, expect, it } from 'vitest';
import { hasHit, queryWords } from './highlight';

describe('search hits on the page', () => {
  it('finds a word typed without accents in Vietnamese text, and the other way round', () => {
    expect(hasHit('Báo cáo chuyển đổi số năm 2024', queryWords('chuyen doi'))).toBe(true);
    expect(hasHit('Chuyen doi so', queryWords('chuyển đổi'))).toBe(true);
    expect(hasHit('Đô thị thông minh', queryWords('do thi'))).toBe(true);
  });
  it('ignores single letters and an empty query, and misses words that are not there', () => {
    expect(queryWords('a b')).toEqual([]);
    expect(hasHit('anything', queryWords(''))).toBe(false);
    expect(hasHit('Ngân sách', queryWords('chuyển'))).toBe(false);
  });
});
