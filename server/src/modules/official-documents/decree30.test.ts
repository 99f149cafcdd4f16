import { describe, expect, it } from 'vitest';
import {
  dateLine,
  documentSymbol,
  numberLine,
  registerYear,
  vietnameseDate,
  vietnameseTime,
} from './decree30.js';

describe('Decree 30 text rules', () => {
  it('writes days below 10 and the months January and February with a leading zero', () => {
    expect(vietnameseDate('2026-12-04T03:00:00Z')).toBe('ngày 04 tháng 12 năm 2026');
    expect(vietnameseDate('2026-01-15T03:00:00Z')).toBe('ngày 15 tháng 01 năm 2026');
    expect(vietnameseDate('2026-02-09T03:00:00Z')).toBe('ngày 09 tháng 02 năm 2026');
    expect(vietnameseDate('2026-03-10T03:00:00Z')).toBe('ngày 10 tháng 3 năm 2026');
    expect(vietnameseDate('2026-11-30T03:00:00Z')).toBe('ngày 30 tháng 11 năm 2026');
  });

  it('reads the date and year in Vietnam time (UTC+7), not UTC', () => {
    // 31 Dec 2026 18:30 UTC is already 1 January 2027 in Hà Nội: a new register year.
    expect(dateLine('Hà Nội', '2026-12-31T18:30:00Z')).toBe('Hà Nội, ngày 01 tháng 01 năm 2027');
    expect(registerYear('2026-12-31T18:30:00Z')).toBe(2027);
    expect(registerYear('2026-12-31T16:59:00Z')).toBe(2026);
    expect(vietnameseTime('2026-12-04T01:00:00Z')).toBe('08 giờ 00 phút');
    expect(vietnameseTime('2026-12-04T07:05:00Z')).toBe('14 giờ 05 phút');
  });

  it('writes the number and symbol without padding', () => {
    expect(numberLine(1, documentSymbol('invitation', 'UBND'))).toBe('Số: 1/GM-UBND');
    expect(numberLine(15, documentSymbol('invitation', 'VP-UBND'))).toBe('Số: 15/GM-VP-UBND');
    expect(numberLine(102, documentSymbol('conclusion_notice', 'UBND'))).toBe('Số: 102/TB-UBND');
    // A draft not numbered yet leaves the space for the number.
    expect(numberLine(null, documentSymbol('conclusion_notice', 'UBND'))).toBe('Số: ......../TB-UBND');
  });
});
