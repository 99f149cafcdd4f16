import { describe, expect, it } from 'vitest';
import { cityToday, periodFromParams, presetPeriod } from './period';

describe('report periods', () => {
  it('counts days in the city: 18:00 UTC is already the next day in Hà Nội', () => {
    expect(cityToday(new Date('2026-11-30T18:00:00Z'))).toBe('2026-12-01');
    expect(cityToday(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
  });

  it('names the month, last month (across a new year), the quarter and the year', () => {
    expect(presetPeriod('month', '2026-02-14')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('quarter', '2026-11-05')).toEqual({ from: '2026-10-01', to: '2026-12-31' });
    expect(presetPeriod('year', '2026-11-05')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    // The dashboard's: six months back, two ahead, across the new year.
    expect(presetPeriod('recent', '2026-11-05')).toEqual({ from: '2026-06-01', to: '2027-01-31' });
  });

  it('keeps the period of the address, and falls back to this month for a wrong one', () => {
    const p = (q: string) => periodFromParams(new URLSearchParams(q), '2026-11-05');
    expect(p('from=2026-10-01&to=2026-10-15')).toEqual({ from: '2026-10-01', to: '2026-10-15' });
    expect(p('from=2026-10-15&to=2026-10-01')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(p('from=hôm-qua')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});
