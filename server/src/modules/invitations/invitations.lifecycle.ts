import { type Meeting } from '@icabinet/shared';
import { t } from '../../i18n/messages.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import type { InvitationDelivery } from './invitations.delivery.js';
import {
  AGENDA_COALESCE_MS,
  AGENDA_UPDATE_JOB,
  LIVE_STATUSES,
  REMIND_JOB,
  type InvitationsDeps,
} from './invitations.shared.js';

/**
 * Invitations follow the meeting's life (told by the event bus): one per participant when a
 * meeting is published, updates when its time, place or agenda change (agenda edits coalesced),
 * cancellations, and reminders before the start.
 */
export class InvitationsLifecycle {
  constructor(
    private readonly deps: InvitationsDeps,
    private readonly delivery: InvitationDelivery,
  ) {
    deps.jobs.register(AGENDA_UPDATE_JOB, (p) =>
      this.agendaUpdate(p as { meetingId: string; since: string }),
    );
    deps.jobs.register(REMIND_JOB, (p) =>
      this.remind(p as { meetingId: string; minutes: number; startsAt: string }),
    );
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** A meeting was published (or re-published): invite every participant not yet invited. */
  async onPublished(meeting: Meeting): Promise<number> {
    const participants = await this.deps.store.participants.listByMeeting(meeting.id);
    const existing = new Set(
      (await this.deps.invitations.listByMeeting(meeting.id)).map((i) => i.participantId),
    );
    const fresh: InvitationRecord[] = [];
    for (const p of participants) {
      if (existing.has(p.id)) continue;
      fresh.push(await this.delivery.newInvitation(meeting, p, null));
    }
    // The invitations, their delivery jobs and the reminders together, or none of them.
    await this.deps.store.transaction(async () => {
      if (fresh.length) await this.deps.invitations.createMany(fresh);
      // New invitations are stored with every channel queued; their jobs go in one write.
      const jobs = await Promise.all(
        fresh.map((inv) => this.delivery.deliveryJobs(inv, 'invitation', 0, [])),
      );
      await this.deps.jobs.enqueueMany(jobs.flat());
      await this.scheduleReminders(meeting);
    });
    return fresh.length;
  }

  /** Time, place or agenda changed after publication: everyone still invited gets an update. */
  async onChanged(meeting: Meeting, changes: string[]): Promise<void> {
    if (!LIVE_STATUSES.has(meeting.status) || changes.length === 0) return;
    for (const inv of await this.deps.invitations.listByMeeting(meeting.id)) {
      if (inv.status === 'declined' || inv.status === 'deputy_approved') continue;
      const updated = await this.deps.invitations.update(
        inv.id,
        { sequence: inv.sequence + 1 },
        null,
        this.now(),
      );
      await this.delivery.enqueueAll(updated, 'update', updated.sequence, changes);
    }
    await this.deps.jobs.cancelByKeyPrefix(`remind:${meeting.id}:`);
    await this.scheduleReminders(meeting);
  }

  /**
   * The agenda of a published meeting changed. A secretary reorders or edits several items in a
   * row, so the edits of the next few minutes go out together as one update.
   */
  async onAgendaChanged(meeting: Meeting, _summary: string[]): Promise<void> {
    if (!LIVE_STATUSES.has(meeting.status)) return;
    const now = this.deps.clock.now().getTime();
    const bucket = Math.floor(now / AGENDA_COALESCE_MS) * AGENDA_COALESCE_MS;
    await this.deps.jobs.enqueue({
      kind: AGENDA_UPDATE_JOB,
      key: `agenda-update:${meeting.id}:${bucket}`,
      runAt: new Date(bucket + AGENDA_COALESCE_MS).toISOString(),
      payload: { meetingId: meeting.id, since: new Date(bucket).toISOString() },
      maxAttempts: 3,
    });
  }

  private async agendaUpdate(p: { meetingId: string; since: string }): Promise<void> {
    const meeting = await this.deps.store.meetings.getById(p.meetingId);
    if (!meeting || !LIVE_STATUSES.has(meeting.status)) return;
    const revisions = (await this.deps.store.agenda.revisions(meeting.id))
      .filter((r) => r.at >= p.since)
      .reverse();
    const lines = [...new Set(revisions.flatMap((r) => r.summary))].slice(0, 20);
    // In Vietnamese like the rest of the update mail; the revision lines were written so too.
    await this.onChanged(meeting, [t('vi', 'meeting_change_agenda'), ...lines]);
  }

  /** The meeting was cancelled: a cancellation to everyone invited, reminders withdrawn. */
  async onCancelled(meeting: Meeting): Promise<void> {
    await this.deps.jobs.cancelByKeyPrefix(`remind:${meeting.id}:`);
    for (const inv of await this.deps.invitations.listByMeeting(meeting.id)) {
      const updated = await this.deps.invitations.update(
        inv.id,
        { sequence: inv.sequence + 1 },
        null,
        this.now(),
      );
      await this.delivery.enqueueAll(updated, 'cancellation', updated.sequence, []);
    }
  }

  private async scheduleReminders(meeting: Meeting): Promise<void> {
    const start = Date.parse(meeting.startsAt);
    for (const minutes of this.deps.settings.reminderMinutes) {
      const runAt = start - minutes * 60_000;
      if (runAt <= this.deps.clock.now().getTime()) continue;
      await this.deps.jobs.enqueue({
        kind: REMIND_JOB,
        key: `remind:${meeting.id}:${minutes}:${meeting.startsAt}`,
        runAt: new Date(runAt).toISOString(),
        payload: { meetingId: meeting.id, minutes, startsAt: meeting.startsAt },
        maxAttempts: 3,
      });
    }
  }

  private async remind(p: { meetingId: string; minutes: number; startsAt: string }): Promise<void> {
    const meeting = await this.deps.store.meetings.getById(p.meetingId);
    // Rescheduled or cancelled since: a newer reminder (or none) applies.
    if (!meeting || meeting.startsAt !== p.startsAt || !LIVE_STATUSES.has(meeting.status)) return;
    for (const inv of await this.deps.invitations.listByMeeting(meeting.id)) {
      if (inv.status === 'declined' || inv.status === 'deputy_approved') continue;
      await this.delivery.enqueueAll(
        inv,
        'reminder',
        inv.sequence,
        [],
        p.minutes,
        `:${p.minutes}:${p.startsAt}`,
      );
    }
  }
}
