import { TIME_ZONE_OFFSET_MS } from '@icabinet/shared';

/** A period of whole days of the city's calendar, both ends included: `2026-11-01`…`2026-11-30`. */
export interface Period {
  from: string;
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in the city (UTC+7), as `YYYY-MM-DD`. */
export function cityToday(now: Date = new Date()): string {
  return new Date(now.getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
}

const iso = (y: number, m: number, d: number): string =>
  new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

export type Preset = 'recent' | 'month' | 'lastMonth' | 'quarter' | 'year';

/**
 * The named periods of the picker, relative to `today`. `recent` (the dashboard's default): the
 * last six months and the next two, so both the on-time history and the coming deadlines show.
 */
export function presetPeriod(kind: Preset, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const month = m - 1;
  switch (kind) {
    case 'recent':
      return { from: iso(y, month - 5, 1), to: iso(y, month + 3, 0) };
    case 'month':
      return { from: iso(y, month, 1), to: iso(y, month + 1, 0) };
    case 'lastMonth':
      return { from: iso(y, month - 1, 1), to: iso(y, month, 0) };
    case 'quarter': {
      const first = Math.floor(month / 3) * 3;
      return { from: iso(y, first, 1), to: iso(y, first + 3, 0) };
    }
    case 'year':
      return { from: iso(y, 0, 1), to: iso(y, 11, 31) };
  }
}

/** The period in the address (`?from=…&to=…`), or this month when it has none or a wrong one. */
export function periodFromParams(params: URLSearchParams, today: string): Period {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  if (DAY.test(from) && DAY.test(to) && from <= to) return { from, to };
  return presetPeriod('month', today);
}
