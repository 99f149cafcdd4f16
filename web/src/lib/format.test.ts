import { describe, expect, it } from 'vitest';
import { compareVietnameseNames, compareVi, formatDate, formatDateTime, sortByFullName } from './format';

describe('dates in Asia/Ho_Chi_Minh', () => {
  it('shows a UTC instant in Hanoi time whatever the device zone', () => {
    // 01:00 UTC is 08:00 in Vietnam (UTC+7).
    expect(formatDateTime('2024-11-28T01:00:00.000Z', 'vi')).toContain('08:00');
    expect(formatDateTime('2024-11-28T01:00:00.000Z', 'vi')).toContain('28/11/2024');
    expect(formatDateTime('2024-11-28T01:00:00.000Z', 'en')).toContain('08:00');
  });

  it('moves the date when the Vietnamese day has already started', () => {
    expect(formatDate('2024-11-27T18:30:00.000Z', 'vi')).toBe('28/11/2024');
  });

  it('leaves an unreadable value as it is', () => {
    expect(formatDateTime('not a date', 'vi')).toBe('not a date');
  });
});

describe('Vietnamese name order', () => {
  it('sorts letters with diacritics after their base letter', () => {
    expect(['Đức', 'Dũng', 'An', 'Ân', 'Bình'].sort(compareVi)).toEqual(['An', 'Ân', 'Bình', 'Dũng', 'Đức']);
  });

  it('sorts officials by given name first, as Vietnamese lists do', () => {
    const sorted = sortByFullName([
      { fullName: 'Nguyễn Văn Bình' },
      { fullName: 'Trần Thị An' },
      { fullName: 'Lê Đức Anh' },
      { fullName: 'Nguyễn Thị An' },
    ]).map((p) => p.fullName);
    expect(sorted).toEqual(['Nguyễn Thị An', 'Trần Thị An', 'Lê Đức Anh', 'Nguyễn Văn Bình']);
    expect(compareVietnameseNames('Phạm Minh Chính', 'Phạm Minh Chính')).toBe(0);
  });
});
