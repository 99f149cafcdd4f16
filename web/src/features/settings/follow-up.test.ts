import { describe, expect, it } from 'vitest';
import { parseDays } from './FollowUpSection';

describe('the days before a deadline as an administrator types them', () => {
  it('reads numbers separated by commas, semicolons or spaces', () => {
    expect(parseDays('3, 1')).toEqual([3, 1]);
    expect(parseDays('7;3 1')).toEqual([7, 3, 1]);
    expect(parseDays('  ')).toEqual([]);
  });

  it('refuses anything that is not a whole number of days', () => {
    expect(parseDays('3, một')).toBeNull();
    expect(parseDays('1.5')).toBeNull();
    expect(parseDays('-2')).toBeNull();
  });
});
