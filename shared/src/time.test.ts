import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatLongDateTime, formatTime } from './time.js';

// 01:00 UTC is 08:00 in Hà Nội; 16:59 UTC on 31 December is already 1 January there.
describe('dates in Asia/Ho_Chi_Minh', () => {
  it('writes a meeting time as people in Hà Nội read it, in both languages', () => {
    expect(formatDateTime('2024-11-28T01:00:00Z', 'vi')).toBe('08:00 28/11/2024');
    expect(formatDateTime('2024-11-28T01:00:00Z', 'en')).toBe('28/11/2024, 08:00');
    expect(formatTime('2024-11-28T01:00:00Z', 'vi')).toBe('08:00');
  });

  it('moves to the next day at midnight Hà Nội time, not UTC', () => {
    expect(formatDate('2024-12-31T16:59:00Z', 'vi')).toBe('31/12/2024');
    expect(formatDate('2024-12-31T17:00:00Z', 'vi')).toBe('01/01/2025');
  });

  it('writes the weekday the way invitations do', () => {
    expect(formatLongDateTime('2024-11-28T01:00:00Z', 'vi')).toBe('08:00, Thứ Năm, 28/11/2024');
    expect(formatLongDateTime('2024-11-28T01:00:00Z', 'en')).toBe('08:00, Thursday, 28/11/2024');
  });

  it('gives back what it cannot read as a date', () => {
    expect(formatDateTime('not a date', 'vi')).toBe('not a date');
  });
});
