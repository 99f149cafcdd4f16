/**
 * A speaking timer: planned time, time spoken so far and whether it is running. Times are
 * milliseconds since the epoch so the rules stay pure; the server passes its clock in.
 * Paused time (a paused meeting) is not counted.
 */
export interface SpeakingTimer {
  plannedSeconds: number;
  /** Time counted before `runningSince` (earlier running spans). */
  elapsedMs: number;
  /** When the current running span began (ms since epoch); null while paused. */
  runningSince: number | null;
}

/** A new timer, running from `nowMs`. */
export const startTimer = (plannedSeconds: number, nowMs: number): SpeakingTimer => ({
  plannedSeconds,
  elapsedMs: 0,
  runningSince: nowMs,
});

/** Time spoken up to `nowMs`; never negative, even if the clock stepped back. */
export const timerElapsedMs = (t: SpeakingTimer, nowMs: number): number =>
  t.elapsedMs + (t.runningSince === null ? 0 : Math.max(0, nowMs - t.runningSince));

/** Planned time left (0 once it is over). */
export const timerRemainingMs = (t: SpeakingTimer, nowMs: number): number =>
  Math.max(0, t.plannedSeconds * 1000 - timerElapsedMs(t, nowMs));

/** Time spoken beyond the planned time (0 while within it). */
export const timerOverrunMs = (t: SpeakingTimer, nowMs: number): number =>
  Math.max(0, timerElapsedMs(t, nowMs) - t.plannedSeconds * 1000);

/** Stops counting; a paused timer is returned unchanged. */
export const pauseTimer = (t: SpeakingTimer, nowMs: number): SpeakingTimer =>
  t.runningSince === null ? t : { ...t, elapsedMs: timerElapsedMs(t, nowMs), runningSince: null };

/** Counts again from `nowMs`; a running timer is returned unchanged. */
export const resumeTimer = (t: SpeakingTimer, nowMs: number): SpeakingTimer =>
  t.runningSince !== null ? t : { ...t, runningSince: nowMs };

/** Gives the speaker more (or, with a negative number, less) planned time; never below zero. */
export const extendTimer = (t: SpeakingTimer, seconds: number): SpeakingTimer => ({
  ...t,
  plannedSeconds: Math.max(0, t.plannedSeconds + seconds),
});

/** How an agenda item is doing against its plan: minutes used and minutes over (0 when within). */
export function itemTiming(
  plannedMinutes: number,
  actualStartMs: number | null,
  actualEndMs: number | null,
  nowMs: number,
): { usedMs: number; overrunMs: number } {
  if (actualStartMs === null) return { usedMs: 0, overrunMs: 0 };
  const usedMs = Math.max(0, (actualEndMs ?? nowMs) - actualStartMs);
  return { usedMs, overrunMs: Math.max(0, usedMs - plannedMinutes * 60_000) };
}
