import type { Running } from '@icabinet/server';

type Store = Running['store'];

/** Repositories the server reads on its own schedule (session sweep, job runner): not counted. */
const BACKGROUND = new Set(['sessions', 'jobs']);

export interface StoreCalls {
  /** Calls since the last reset, `repo.method` → count (background repositories left out). */
  calls(): Map<string, number>;
  total(): number;
  reset(): void;
  restore(): void;
}

/**
 * Counts the calls to every method of every repository of a running server's real store, passing
 * each call through unchanged: what a request or an event costs in store work, observed, not stubbed.
 */
export function countStoreCalls(store: Store): StoreCalls {
  const counts = new Map<string, number>();
  const undo: (() => void)[] = [];
  for (const [name, repo] of Object.entries(store) as [string, unknown][]) {
    if (typeof repo !== 'object' || repo === null || BACKGROUND.has(name)) continue;
    const target = repo as Record<string, unknown>;
    const methods = new Set<string>();
    for (
      let p: object | null = target;
      p && p !== Object.prototype;
      p = Object.getPrototypeOf(p) as object | null
    )
      for (const k of Object.getOwnPropertyNames(p))
        if (k !== 'constructor' && typeof target[k] === 'function') methods.add(k);
    for (const k of methods) {
      const own = Object.prototype.hasOwnProperty.call(target, k);
      const original = target[k] as (...args: unknown[]) => unknown;
      target[k] = function (this: unknown, ...args: unknown[]) {
        counts.set(`${name}.${k}`, (counts.get(`${name}.${k}`) ?? 0) + 1);
        return original.apply(this, args);
      };
      undo.push(() => {
        if (own) target[k] = original;
        else delete target[k];
      });
    }
  }
  return {
    calls: () => new Map(counts),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    restore: () => {
      for (const u of undo) u();
    },
  };
}
