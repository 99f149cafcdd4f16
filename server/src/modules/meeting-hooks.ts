import { formatDateTime, type Meeting } from '@icabinet/shared';
import type { ModuleContext } from './module.js';

/**
 * What other modules hear about a meeting's life, after the change is stored: invitations go out
 * on publication, updates on a change of time, place or agenda, cancellations on cancel. A
 * listener's failure is logged and never undoes the change that was already made.
 */
export interface MeetingListener {
  published?(meeting: Meeting): Promise<unknown>;
  /** `changes` in words, e.g. "Thời gian: 08:00 → 09:00". */
  changed?(meeting: Meeting, changes: string[]): Promise<unknown>;
  /** The agenda of a published meeting changed (the listener may coalesce several edits). */
  agendaChanged?(meeting: Meeting, summary: string[]): Promise<unknown>;
  cancelled?(meeting: Meeting): Promise<unknown>;
  /** Participants were added, changed or removed (a deputy approved, a role or vote changed). */
  participantsChanged?(meetingId: string): Promise<unknown>;
}

const KEY = 'meetingListeners';

export function addMeetingListener(ctx: ModuleContext, listener: MeetingListener): void {
  const list = (ctx.services.get(KEY) as MeetingListener[] | undefined) ?? [];
  list.push(listener);
  ctx.services.set(KEY, list);
}

/** Tells every listener; awaits them so callers (and tests) see a settled state. */
export async function emitMeetingEvent<E extends keyof MeetingListener>(
  ctx: ModuleContext,
  event: E,
  ...args: Parameters<NonNullable<MeetingListener[E]>>
): Promise<void> {
  for (const l of (ctx.services.get(KEY) as MeetingListener[] | undefined) ?? []) {
    const fn = l[event] as ((...a: unknown[]) => Promise<unknown>) | undefined;
    if (!fn) continue;
    try {
      await fn.apply(l, args);
    } catch (err) {
      ctx.logger.error({ err, event }, 'meeting listener failed');
    }
  }
}

/** The changes people are told about, in Vietnamese: time, place, title. */
export function describeMeetingChanges(before: Meeting, after: Meeting): string[] {
  const out: string[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) {
    const span = (m: Meeting) => `${formatDateTime(m.startsAt, 'vi')} – ${formatDateTime(m.endsAt, 'vi')}`;
    out.push(`Thời gian: ${span(before)} → ${span(after)}`);
  }
  if ((before.location ?? '') !== (after.location ?? '')) {
    out.push(`Địa điểm: ${before.location ?? '—'} → ${after.location ?? '—'}`);
  }
  if (before.title !== after.title) out.push(`Tên cuộc họp: ${after.title}`);
  return out;
}
