/**
 * Figures that decide: a workload repeated until its figure is stable (or its goal decided),
 * reported as the median over runs with the spread, and a goal judged on the median with its
 * confidence interval — or left undecided when the runs disagree too much for one verdict.
 *
 *   const m = await repeatUntilStable({ name: 'p99 ours/bare', run: async () => oneRound() });
 *   console.log(m.line('×'));                       // 1.08× median (0.97–1.21, 7 runs; …)
 *   console.log(judge(m, { atMost: 1.3 }).line);    // goal ≤ 1.30: met
 */
import { performance } from 'node:perf_hooks';

/** The p-quantile (0…1) of ascending `sorted` (nearest rank); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  return n ? sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]! : NaN;
}

/** Ascending copy of `xs` (numbers, not strings). */
export const sortedOf = (xs: Iterable<number>): Float64Array => Float64Array.from(xs).sort();

/** p50/p99/max of a set of latencies, with how many samples are behind them. */
export interface Latency {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export function latencyOf(xs: Iterable<number>): Latency {
  const s = sortedOf(xs);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), max: percentile(s, 1), samples: s.length };
}

/** One figure measured over several runs. */
export interface Spread {
  name: string;
  values: number[];
  median: number;
  min: number;
  max: number;
  /**
   * (max − min) / median over the runs without the highest and the lowest when there are five or
   * more (one disturbed run does not make the rest unstable); 0 for one run.
   */
  relSpread: number;
  /** Samples behind each run's figure (e.g. deliveries per p99), when given. */
  samplesPerRun?: number;
  /** "1.08 median (0.97–1.21 over 7 runs, ±9%; 2,000 samples each)" */
  line(unit?: string, digits?: number): string;
}

export function spreadOf(name: string, values: number[], samplesPerRun?: number): Spread {
  const s = [...values].sort((a, b) => a - b);
  const median = s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
  const core = s.length >= 5 ? s.slice(1, -1) : s;
  const relSpread = core.length > 1 ? (core.at(-1)! - core[0]!) / Math.abs(median || 1) : 0;
  return {
    name,
    values,
    median,
    min: s[0] ?? NaN,
    max: s.at(-1) ?? NaN,
    relSpread,
    ...(samplesPerRun !== undefined ? { samplesPerRun } : {}),
    line(unit = '', digits = 2) {
      const f = (x: number) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
      const samples =
        samplesPerRun !== undefined ? `; ${samplesPerRun.toLocaleString('en')} samples each` : '';
      return (
        `${f(median)}${unit} median (${f(this.min)}–${f(this.max)}${unit} over ${s.length} run${s.length === 1 ? '' : 's'}, ` +
        `spread ±${((relSpread / 2) * 100).toFixed(0)}%${samples})`
      );
    },
  };
}

/**
 * A distribution-free confidence interval of the median over runs (order statistics of the
 * binomial): the k-th lowest and k-th highest run, with the largest k that keeps the interval's
 * confidence at or above `level` (95%). Fewer than six runs give the full range (94% for five,
 * less below: one more reason for at least five runs).
 */
export function medianInterval(values: number[], level = 0.95): { low: number; high: number; level: number } {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return { low: NaN, high: NaN, level: 0 };
  // P(Binomial(n, ½) ≤ m)
  const cdf = (m: number) => {
    let sum = 0;
    let term = 1 / 2 ** n;
    for (let i = 0; i <= m; i++) {
      sum += term;
      term = (term * (n - i)) / (i + 1);
    }
    return sum;
  };
  let k = 1;
  while (k + 1 <= Math.ceil(n / 2) && 1 - 2 * cdf(k) >= level) k++;
  const miss = cdf(k - 1);
  return { low: s[k - 1]!, high: s[n - k]!, level: Math.max(0, 1 - 2 * miss) };
}

export interface RepeatOptions<T> {
  /** Label of the figure (for the progress line). */
  name: string;
  /** One run of the workload. */
  run: (i: number) => Promise<T>;
  /** The figure of one run (default: the run's result itself, when it is a number). */
  figure?: (result: T) => number;
  /** Samples behind a run's figure (e.g. deliveries), reported next to the spread. */
  samples?: (result: T) => number;
  /** At least this many runs (default BENCH_MIN_RUNS or 5). */
  minRuns?: number;
  /** At most this many (default BENCH_MAX_RUNS or 3 × minRuns). */
  maxRuns?: number;
  /** Without a goal: stop adding runs once the relative spread is at most this (default 0.25, ±12.5%). */
  stableWithin?: number;
  /** Stop adding runs after this long, whatever the spread (default: no limit beyond maxRuns). */
  budgetMs?: number;
  /** Stop adding runs once this goal is decided either way (after minRuns). */
  goal?: Goal;
  /**
   * Further goals judged on the same runs, each on a figure of its own (e.g. a vote's ballot p99
   * and its close → all screens): runs go on until every one is decided too, up to `maxRuns`.
   */
  alsoDecide?: { name: string; figure: (result: T) => number; goal: Goal }[];
  /** Called after each run (progress). */
  onRun?: (i: number, figure: number) => void;
}

/** The figure's runs and their spread, plus every run's full result. */
export interface Repeated<T> extends Spread {
  results: T[];
  stable: boolean;
  stableWithin: number;
}

const envInt = (name: string): number | undefined => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined;
};

/**
 * Runs `run` at least `minRuns` times, then more (up to `maxRuns`, within `budgetMs`) until the
 * spread of its figure is within `stableWithin`.
 */
export async function repeatUntilStable<T>(o: RepeatOptions<T>): Promise<Repeated<T>> {
  const minRuns = o.minRuns ?? envInt('BENCH_MIN_RUNS') ?? 5;
  const maxRuns = Math.max(minRuns, o.maxRuns ?? envInt('BENCH_MAX_RUNS') ?? minRuns * 3);
  const stableWithin = o.stableWithin ?? 0.25;
  const figure = o.figure ?? ((r: T) => r as unknown as number);
  const t0 = performance.now();
  const results: T[] = [];
  const values: number[] = [];
  for (let i = 0; i < maxRuns; i++) {
    const r = await o.run(i);
    results.push(r);
    values.push(figure(r));
    o.onRun?.(i, values.at(-1)!);
    if (i + 1 < minRuns) continue;
    const sofar = spreadOf(o.name, values);
    const others = (o.alsoDecide ?? []).every(
      (g) => judge(spreadOf(g.name, results.map(g.figure)), g.goal).verdict !== 'undecided',
    );
    if (others && (o.goal ? judge(sofar, o.goal).verdict !== 'undecided' : sofar.relSpread <= stableWithin))
      break;
    if (o.budgetMs !== undefined && performance.now() - t0 > o.budgetMs) break;
  }
  const samples = o.samples ? Math.min(...results.map(o.samples)) : undefined;
  const s = spreadOf(o.name, values, samples);
  return Object.assign(s, { results, stable: s.relSpread <= stableWithin, stableWithin });
}

export type Verdict = 'met' | 'NOT met' | 'undecided';

export interface Goal {
  /** The figure must be at most this (latency, ratios) … */
  atMost?: number;
  /** … or at least this (throughput). */
  atLeast?: number;
  /** How the goal reads, e.g. "p99 ≤ 1.30× bare" (default from the limit). */
  label?: string;
}

/**
 * The goal judged on the median over runs: `met` when the whole 95% interval of the median
 * (`medianInterval`) meets it, `NOT met` when none of it does, and `undecided` when the interval
 * straddles the limit — the runs are spread too wide for one verdict (more runs or a quieter
 * machine); the line says so.
 */
export function judge(s: Spread, goal: Goal): { verdict: Verdict; line: string } {
  const ok = (x: number) =>
    (goal.atMost === undefined || x <= goal.atMost) && (goal.atLeast === undefined || x >= goal.atLeast);
  const limit = goal.atMost !== undefined ? `≤ ${goal.atMost}` : `≥ ${goal.atLeast}`;
  const label = goal.label ?? `${s.name} ${limit}`;
  const ci = medianInterval(s.values);
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2));
  let verdict: Verdict;
  if (!Number.isFinite(ci.low) || !Number.isFinite(ci.high)) verdict = 'undecided';
  else if (ok(ci.low) && ok(ci.high)) verdict = 'met';
  else if (!ok(ci.low) && !ok(ci.high)) verdict = 'NOT met';
  else verdict = 'undecided';
  const interval = `median ${f(s.median)}, ${(ci.level * 100).toFixed(0)}% interval of the median ${f(ci.low)}–${f(ci.high)} over ${s.values.length} runs`;
  const why =
    verdict === 'undecided'
      ? ' — the interval straddles the limit: the runs are spread too wide to decide; run again on a quieter machine'
      : '';
  return { verdict, line: `goal ${label}: ${verdict} (${interval})${why}` };
}

/**
 * The one call for a benchmark with a goal: repeats `run` until its figure is stable, prints the
 * median with its spread and the verdict, and returns them.
 *
 *   const r = await measureGoal({
 *     name: 'ballot close → result p99, ms',
 *     run: async () => latencyOf(await oneBallot()).p99,
 *     goal: { atMost: 250 },
 *     unit: ' ms',
 *   });
 */
export async function measureGoal<T>(
  o: RepeatOptions<T> & { goal: Goal; unit?: string; digits?: number },
): Promise<Repeated<T> & { verdict: Verdict }> {
  const r = await repeatUntilStable(o);
  const { verdict, line } = judge(r, o.goal);
  console.log(`${o.name}: ${r.line(o.unit ?? '', o.digits ?? 2)}`);
  console.log(`  ${line}`);
  return Object.assign(r, { verdict });
}
