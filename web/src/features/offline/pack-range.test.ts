import { describe, expect, it } from 'vitest';
import { parseRange } from './pack-range';

describe('a Range header answered from a packed file', () => {
  it('cuts the range pdf.js asks for, clamped to the file', () => {
    expect(parseRange('bytes=0-65535', 100_000)).toEqual({ start: 0, end: 65_535 });
    expect(parseRange('bytes=99000-200000', 100_000)).toEqual({ start: 99_000, end: 99_999 });
    expect(parseRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
  });

  it('refuses a range past the end, and sends the whole file for what it does not handle', () => {
    expect(parseRange('bytes=1000-1001', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=5-4', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
  });
});
