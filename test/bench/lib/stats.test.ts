import { describe, expect, it } from 'vitest';
import { judge, latencyOf, medianInterval, repeatUntilStable, spreadOf } from './stats.js';

describe('benchmark verdicts', () => {
  it('takes the interval of the median from the order statistics', () => {
    const five = medianInterval([5, 1, 4, 2, 3]);
    expect(five).toMatchObject({ low: 1, high: 5 });
    expect(five.level).toBeCloseTo(0.9375);
    const fifteen = medianInterval(Array.from({ length: 15 }, (_, i) => 15 - i));
    expect(fifteen).toMatchObject({ low: 4, high: 12 });
    expect(fifteen.level).toBeGreaterThanOrEqual(0.95);
  });

  it('says met or NOT met only when every plausible median is on one side of the goal', () => {
    expect(judge(spreadOf('r', [1.1, 1.2, 1.15, 1.25, 1.05]), { atMost: 1.3 }).verdict).toBe('met');
    expect(judge(spreadOf('r', [1.4, 1.5, 1.35, 1.6, 1.45]), { atMost: 1.3 }).verdict).toBe('NOT met');
    const wide = judge(spreadOf('r', [0.9, 1.1, 1.6, 1.2, 1.0]), { atMost: 1.3 });
    expect(wide.verdict).toBe('undecided');
    expect(wide.line).toContain('spread too wide');
    expect(judge(spreadOf('rate', [900, 1000, 950, 980, 1020]), { atLeast: 800 }).verdict).toBe('met');
  });

  it('repeats until the goal is decided, and no further than allowed', async () => {
    let runs = 0;
    const decided = await repeatUntilStable({
      name: 'x',
      minRuns: 5,
      maxRuns: 15,
      goal: { atMost: 2 },
      run: () => Promise.resolve(2.5 + (++runs % 3) / 10),
    });
    // Every run misses the goal: decided (NOT met) as soon as the minimum of runs is in.
    expect(decided.values).toHaveLength(5);
    expect(judge(decided, { atMost: 2 }).verdict).toBe('NOT met');
    const never = await repeatUntilStable({
      name: 'y',
      minRuns: 3,
      maxRuns: 6,
      goal: { atMost: 1 },
      run: (i) => Promise.resolve(i % 2 ? 0.5 : 1.5),
    });
    expect(never.values).toHaveLength(6);
    expect(judge(never, { atMost: 1 }).verdict).toBe('undecided');
  });

  it('goes on until every goal of the runs is decided, not only the first', async () => {
    // The first goal is decided after five runs; the second figure straddles its limit until the
    // runs from the eighth on pull its median's interval under it.
    const second = [900, 1100, 950, 1050, 980, 700, 720, 710, 690, 705, 715, 700];
    type Run = { ratio: number; close: number };
    const both = await repeatUntilStable<Run>({
      name: 'p99 ratio',
      minRuns: 5,
      maxRuns: 15,
      goal: { atMost: 1.5 },
      alsoDecide: [{ name: 'close', figure: (r) => r.close, goal: { atMost: 1000 } }],
      run: (i) => Promise.resolve({ ratio: 1.1, close: second[i]! }),
      figure: (r) => r.ratio,
    });
    const closeRuns = spreadOf(
      'close',
      both.results.map((r) => r.close),
    );
    expect(judge(both, { atMost: 1.5 }).verdict).toBe('met');
    expect(judge(closeRuns, { atMost: 1000 }).verdict).toBe('met');
    expect(both.values.length).toBeGreaterThan(5);
    // Without the second goal the same runs stop at five.
    const one = await repeatUntilStable<Run>({
      name: 'p99 ratio',
      minRuns: 5,
      maxRuns: 15,
      goal: { atMost: 1.5 },
      run: (i) => Promise.resolve({ ratio: 1.1, close: second[i]! }),
      figure: (r) => r.ratio,
    });
    expect(one.values).toHaveLength(5);
  });

  it('reports p50, p99 and how many samples are behind them', () => {
    const l = latencyOf(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(l).toEqual({ p50: 100, p99: 198, max: 200, samples: 200 });
  });
});
