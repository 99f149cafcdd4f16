import { describe, expect, it } from 'vitest';
import { EventLimits, WindowCounter, limiterFactory } from './rate-limit.js';

describe('WindowCounter', () => {
  it('allows the window’s points per key, then refuses until the window ends', () => {
    let now = 1_000;
    const counter = new WindowCounter(3, 2, () => now);
    expect([1, 2, 3, 4].map(() => counter.take('an'))).toEqual([true, true, true, false]);
    // Another user has a budget of their own.
    expect(counter.take('binh')).toBe(true);
    now += 1_999;
    expect(counter.take('an')).toBe(false);
    now += 1;
    expect([1, 2, 3, 4].map(() => counter.take('an'))).toEqual([true, true, true, false]);
  });

  it('forgets the keys of people who left once their window ends', () => {
    let now = 0;
    const counter = new WindowCounter(5, 1, () => now);
    for (let i = 0; i < 100; i++) counter.take(`user-${i}`);
    expect(counter.size).toBe(100);
    now = 1_000;
    counter.take('still-here');
    expect(counter.size).toBe(1);
  });
});

describe('EventLimits in one process', () => {
  it('answers at once, without a promise, and counts the burst', () => {
    const limits = new EventLimits(limiterFactory(null), 10, 20);
    const answers = Array.from({ length: 21 }, () => limits.take('an'));
    expect(answers.every((a) => typeof a === 'boolean')).toBe(true);
    expect(answers.filter((a) => a === true)).toHaveLength(20);
    expect(answers.at(-1)).toBe(false);
  });
});
