import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  extendTimer,
  itemTiming,
  pauseTimer,
  resumeTimer,
  startTimer,
  timerElapsedMs,
  timerOverrunMs,
  timerRemainingMs,
} from './timers.js';

const T0 = Date.parse('2024-12-05T01:00:00.000Z');

describe('speaking timer', () => {
  it('shows 30 s left after 2.5 min of a 3-min slot and 30 s over after 3.5 min', () => {
    const t = startTimer(180, T0);
    expect(timerRemainingMs(t, T0 + 150_000)).toBe(30_000);
    expect(timerOverrunMs(t, T0 + 210_000)).toBe(30_000);
    expect(timerRemainingMs(t, T0 + 210_000)).toBe(0);
  });

  it('splits elapsed time into remaining and overrun without gaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3600 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (planned, dt) => {
          const t = startTimer(planned, T0);
          const elapsed = timerElapsedMs(t, T0 + dt);
          expect(elapsed).toBe(dt);
          expect(timerRemainingMs(t, T0 + dt) + elapsed - timerOverrunMs(t, T0 + dt)).toBe(planned * 1000);
          expect(timerOverrunMs(t, T0 + dt) === 0 || timerRemainingMs(t, T0 + dt) === 0).toBe(true);
        },
      ),
    );
  });

  it('counts only running time across any sequence of pauses and resumes, and never goes backwards', () => {
    const steps = fc.array(fc.record({ dt: fc.integer({ min: 0, max: 600_000 }), toggle: fc.boolean() }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 3600 }), steps, (planned, ops) => {
        let t = startTimer(planned, T0);
        let now = T0;
        let running = true;
        let expected = 0;
        let last = 0;
        for (const { dt, toggle } of ops) {
          if (running) expected += dt;
          now += dt;
          if (toggle) {
            t = running ? pauseTimer(t, now) : resumeTimer(t, now);
            running = !running;
          }
          const e = timerElapsedMs(t, now);
          expect(e).toBe(expected);
          expect(e).toBeGreaterThanOrEqual(last);
          last = e;
        }
      }),
    );
  });

  it('treats a second pause or resume as a no-op, and a clock step back as no time', () => {
    const t = startTimer(60, T0);
    const p = pauseTimer(t, T0 + 5000);
    expect(pauseTimer(p, T0 + 9000)).toBe(p);
    const r = resumeTimer(p, T0 + 9000);
    expect(resumeTimer(r, T0 + 12_000)).toBe(r);
    expect(timerElapsedMs(r, T0 + 1000)).toBe(5000);
  });

  it('extends the planned time, never below zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3600 }), fc.integer({ min: -7200, max: 7200 }), (planned, s) => {
        expect(extendTimer(startTimer(planned, T0), s).plannedSeconds).toBe(Math.max(0, planned + s));
      }),
    );
  });
});

describe('agenda item timing', () => {
  it('reports overrun only past the planned minutes', () => {
    expect(itemTiming(20, T0, null, T0 + 25 * 60_000)).toEqual({
      usedMs: 25 * 60_000,
      overrunMs: 5 * 60_000,
    });
    expect(itemTiming(20, T0, T0 + 10 * 60_000, T0 + 60 * 60_000)).toEqual({
      usedMs: 10 * 60_000,
      overrunMs: 0,
    });
    expect(itemTiming(20, null, null, T0)).toEqual({ usedMs: 0, overrunMs: 0 });
  });
});
