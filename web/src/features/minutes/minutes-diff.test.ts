import { describe, expect, it } from 'vitest';
import { colourOf, diffCounts, diffTexts } from './minutes-diff';

describe('comparing two versions of the minutes', () => {
  it('marks the words the newer version added and the ones it removed', () => {
    const parts = diffTexts(
      'Chủ tọa kết luận: thống nhất thông qua.\nGiao Sở Tài chính',
      'Chủ tọa kết luận: thống nhất thông qua báo cáo.\nGiao Sở Kế hoạch',
    );
    const inserted = parts.filter((p) => p.kind === 'ins').map((p) => p.text.trim());
    const deleted = parts.filter((p) => p.kind === 'del').map((p) => p.text.trim());
    expect(inserted).toEqual(['báo cáo', 'Kế', 'hoạch']);
    expect(deleted).toEqual(['Tài', 'chính']);
    expect(diffCounts(parts).ins).toBeGreaterThanOrEqual(3);
    // Joining kept and inserted runs gives the newer text back; kept and deleted, the older one.
    expect(
      parts
        .filter((p) => p.kind !== 'del')
        .map((p) => p.text)
        .join(''),
    ).toBe('Chủ tọa kết luận: thống nhất thông qua báo cáo.\nGiao Sở Kế hoạch');
    expect(
      parts
        .filter((p) => p.kind !== 'ins')
        .map((p) => p.text)
        .join(''),
    ).toBe('Chủ tọa kết luận: thống nhất thông qua.\nGiao Sở Tài chính');
  });

  it('gives each person the same colour every time', () => {
    expect(colourOf('u-1')).toBe(colourOf('u-1'));
    expect(colourOf('u-1')).toMatch(/^#[0-9a-f]{6}$/);
  });
});
