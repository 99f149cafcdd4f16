import { formatTime } from '@icabinet/shared';
/** "m:ss" (or "h:mm:ss") for a duration; negative values count as zero. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A time of day in Hanoi, "HH:mm". */
export function timeOfDay(iso: string, lang: string): string {
  return formatTime(iso, lang === 'en' ? 'en' : 'vi');
}
