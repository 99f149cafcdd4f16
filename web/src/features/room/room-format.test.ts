import { describe, expect, it } from 'vitest';
import { clock, timeOfDay } from './room-format';

describe('room clocks', () => {
  it('shows minutes and seconds, and hours only when needed', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(65_400)).toBe('1:05');
    expect(clock(3_725_000)).toBe('1:02:05');
  });

  it('never shows a negative time', () => {
    expect(clock(-5000)).toBe('0:00');
  });

  it('shows times of day in Hanoi', () => {
    expect(timeOfDay('2025-01-01T01:30:00Z', 'vi')).toBe('08:30');
  });
});
