import { describe, expect, it } from 'vitest';
import { searchPages } from './documents.text-search.js';

const pages = [
  'Báo cáo tình hình thực hiện Kế hoạch số 310/KH-UBND.',
  'Thành phố đẩy mạnh chuyển đổi số trong các cơ quan nhà nước. Chuyển đổi số là nhiệm vụ trọng tâm.',
  'Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử.',
];

describe('searchPages', () => {
  it('finds words typed without diacritics and quotes the original text', () => {
    const hits = searchPages(pages, 'chuyen doi so');
    expect(hits.map((h) => [h.page, h.count])).toEqual([[2, 2]]);
    expect(hits[0]?.snippet).toMatch(
      /^Thành phố đẩy mạnh chuyển đổi số trong các cơ quan nhà nước\. Chuyển đổi số/,
    );
  });

  it('needs every word on the page, in any order, and handles đ', () => {
    expect(searchPages(pages, 'dan cu de an').map((h) => h.page)).toEqual([3]);
    expect(searchPages(pages, 'dan cu chuyen').map((h) => h.page)).toEqual([]);
    expect(searchPages(pages, 'Định danh').map((h) => h.page)).toEqual([3]);
  });

  it('cuts long pages to an excerpt around the match', () => {
    const long = `${'Mở đầu. '.repeat(40)}Nội dung chính về ngân sách.${' Kết thúc.'.repeat(40)}`;
    const [hit] = searchPages([long], 'ngan sach');
    expect(hit?.snippet.startsWith('…')).toBe(true);
    expect(hit?.snippet.endsWith('…')).toBe(true);
    expect(hit?.snippet).toContain('Nội dung chính về ngân sách.');
    expect(hit!.snippet.length).toBeLessThan(160);
    // Whole words at both ends.
    expect(hit?.snippet).toMatch(/^…(Mở|đầu\.) /);
    expect(hit?.snippet).toMatch(/ (Kết|thúc\.)…$/);
  });

  it('finds nothing for an empty query', () => {
    expect(searchPages(pages, '   ')).toEqual([]);
  });
});
