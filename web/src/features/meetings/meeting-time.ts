/**
 * Date-time entry in Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year (no daylight saving), so a
 * fixed offset is exact, and the device's own time zone never leaks into what is stored.
 */
import { TIME_ZONE_OFFSET_MS } from '@icabinet/shared';
const OFFSET_MS = TIME_ZONE_OFFSET_MS;

/** ISO instant → Hanoi wall-clock time as "2026-11-24T08:00" (what the date-time fields hold). */
export function toLocalInput(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  return new Date(t + OFFSET_MS).toISOString().slice(0, 16);
}

/** Hanoi wall-clock "2026-11-24T08:00" → ISO instant, or null when incomplete. */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const t = Date.parse(`${value}:00+07:00`);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Minutes between two ISO instants (0 when the end is not after the start). */
export function minutesBetween(startIso: string, endIso: string): number {
  return Math.max(0, Math.round((Date.parse(endIso) - Date.parse(startIso)) / 60_000));
}

/** Monday 00:00 Hanoi time of the week holding `iso`, as an ISO instant. */
export function weekStart(iso: string): string {
  const local = new Date(Date.parse(iso) + OFFSET_MS);
  const day = (local.getUTCDay() + 6) % 7; // Monday = 0
  const monday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - day);
  return new Date(monday - OFFSET_MS).toISOString();
}

/** The Hanoi calendar date ("2026-11-24") of an instant, for grouping by day. */
export function localDay(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

/** Adds whole days to an ISO instant. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * 86_400_000).toISOString();
}

/** Hours and minutes of an instant in Hanoi ("08:30"). */
export function localTime(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(11, 16);
}

/** "2026-11-27" → "27/11/2026", the way dates are written in Vietnam (and in en-GB). */
export function formatDayInput(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** "27/11/2026" (also 27-11-2026, 27.11.2026, 1/2/2026) → "2026-11-27"; null when not a real date. */
export function parseDayInput(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** "8:00", "08:00", "8h", "8h30", "14 30" → "08:00" / "14:30" (24-hour clock); null otherwise. */
export function parseTimeInput(text: string): string | null {
  const m = /^\s*(\d{1,2})(?:\s*[:hg. ]\s*(\d{2})?)?\s*$/i.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * Whether a meeting belongs under "Sắp diễn ra" or "Đã qua", as the server's scopes decide:
 * what happened in the room first (a meeting in progress is current even past its scheduled end;
 * an ended or closed one is past even before it), then the scheduled end.
 */
export function meetingTimeline(m: { status: string; endsAt: string }, nowMs: number): 'upcoming' | 'past' {
  if (m.status === 'in_progress') return 'upcoming';
  if (m.status === 'ended' || m.status === 'closed') return 'past';
  return Date.parse(m.endsAt) > nowMs ? 'upcoming' : 'past';
}
