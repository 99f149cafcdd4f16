import { describe, expect, it } from 'vitest';
import { formatVnd } from './SavingsCard';

describe('amounts in đồng', () => {
  it('groups thousands with dots in Vietnamese, with the đồng sign', () => {
    expect(formatVnd(1_500_000, 'vi').replace(/\s/g, ' ')).toBe('1.500.000 ₫');
  });
});
