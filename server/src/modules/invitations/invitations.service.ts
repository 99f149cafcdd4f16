import {
  authorize,
  userRoom,
  type Channel,
  type ResendInput,
  type Delivery,
  type Invitation,
  type InvitationCounts,
  type InvitationFigures,
  type InvitationStatus,
  type Meeting,
  type MeetingStatus,
  type Participant,
  type ReplyInput,
} from '@icabinet/shared';
import type { Actor } from '../../http/context.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Logger } from '../../logger.js';
import { errors } from '../../errors.js';
import type { IoServer } from '../../realtime/types.js';
import type { Store } from '../../store/port.js';
import type { InvitationRecord, InvitationsRepo, NotificationsRepo } from '../../store/invitations.port.js';
import type { AuditService } from '../audit/audit.service.js';
import { PermanentJobError, type JobRunner, type NewJob } from '../../jobs/job-runner.js';
import { buildIcs } from './ics.js';
import { LinkTokens, TOKEN_PATTERN } from './links.js';
import { MailDeliveryError, type Mailer } from './mailer.js';
import { formatViDateTime, htmlOf, subjectOf, textOf, type MailContent, type MailKind } from './templates.js';
import { postWebhook, WebhookError } from './webhook.js';

export interface InvitationSettings {
  /** The address people reach the server at (PUBLIC_URL, or where this server listens). */
  publicUrl: () => string;
  organisation: string;
  mailFrom: { name: string; email: string };
  webhook: { url: string; secret: string; timeoutMs: number } | null;
  /** Minutes before the start at which reminders go out, e.g. [1440, 60]. */
  reminderMinutes: number[];
  /** VND saved per invitation delivered digitally instead of by SMS and paper. */
  unitCostVnd: number;
  /** A deputy named by a participant is approved without the secretariat. */
  autoApproveDeputies: boolean;
}

export const DELIVER_JOB = 'invitation.deliver';
export const REMIND_JOB = 'invitation.remind';
export const AGENDA_UPDATE_JOB = 'invitation.agenda_update';

/** Agenda edits within this window go out as one update e-mail. */
const AGENDA_COALESCE_MS = 5 * 60_000;

interface DeliverPayload {
  invitationId: string;
  channel: Channel;
  mail: MailKind;
  sequence: number;
  changes: string[];
  leadMinutes: number | null;
}

/** What a reply page shows: nothing beyond what the invitation itself said. */
export interface PublicInvitation {
  recipientName: string;
  recipientTitle: string | null;
  status: InvitationStatus;
  reason: string | null;
  deputy: Invitation['deputy'];
  deputyFor: string | null;
  meeting: Pick<Meeting, 'title' | 'location' | 'startsAt' | 'endsAt' | 'status' | 'statusReason'>;
  agenda: { title: string }[];
  canReply: boolean;
}

const LIVE_STATUSES = new Set(['published', 'in_progress', 'postponed']);

/**
 * Digital invitations: one per participant when a meeting is published, delivered in-app, by
 * e-mail (with a calendar part) and through the SMS/Zalo webhook; replies by personal link or in
 * the app; deputies; updates, cancellations and reminders. Every delivery is a persisted job, so
 * nothing is lost when a mail server or gateway is down, and nothing is sent twice.
 */
export class InvitationsService {
  constructor(
    private readonly deps: {
      store: Store;
      invitations: InvitationsRepo;
      notifications: NotificationsRepo;
      jobs: JobRunner;
      mailer: Mailer;
      links: LinkTokens;
      audit: AuditService;
      clock: Clock;
      logger: Logger;
      io: () => IoServer;
      settings: InvitationSettings;
      /** Told when a deputy joins the meeting (the live room recomputes its quorum). */
      onParticipantsChanged?: (meetingId: string) => Promise<void>;
    },
  ) {
    deps.jobs.register(
      DELIVER_JOB,
      (p) => this.deliver(p as unknown as DeliverPayload),
      (p, reason) => this.deliveryFailed(p as unknown as DeliverPayload, reason),
    );
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

  linkFor(invitationId: string): string {
    return `${this.deps.settings.publicUrl().replace(/\/$/, '')}/invite/${this.deps.links.tokenFor(invitationId)}`;
  }

  // ---- lifecycle hooks, called by the meetings module -------------------------------------

  /** A meeting was published (or re-published): invite every participant not yet invited. */
  async onPublished(meeting: Meeting): Promise<number> {
    const participants = await this.deps.store.participants.listByMeeting(meeting.id);
    const existing = new Set(
      (await this.deps.invitations.listByMeeting(meeting.id)).map((i) => i.participantId),
    );
    const fresh: InvitationRecord[] = [];
    for (const p of participants) {
      if (existing.has(p.id)) continue;
      fresh.push(await this.newInvitation(meeting, p, null));
    }
    if (fresh.length) await this.deps.invitations.createMany(fresh);
    // New invitations are stored with every channel queued; their jobs go in one write.
    await this.deps.jobs.enqueueMany(fresh.flatMap((inv) => this.deliveryJobs(inv, 'invitation', 0, [])));
    await this.scheduleReminders(meeting);
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
      await this.enqueueAll(updated, 'update', updated.sequence, changes);
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
    await this.onChanged(meeting, ['Chương trình họp đã được cập nhật', ...lines]);
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
      await this.enqueueAll(updated, 'cancellation', updated.sequence, []);
    }
  }

  private async newInvitation(
    meeting: Meeting,
    p: Participant,
    deputyFor: InvitationRecord | null,
  ): Promise<InvitationRecord> {
    const user = p.userId ? await this.deps.store.users.getById(p.userId) : null;
    const id = newId();
    const now = this.now();
    const channels = this.channelsOf({
      userId: p.userId,
      email: user?.email ?? p.guest?.email ?? null,
      phone: user?.phone ?? p.guest?.phone ?? null,
    });
    return {
      id,
      meetingId: meeting.id,
      participantId: p.id,
      deputyForInvitationId: deputyFor?.id ?? null,
      recipientName: user?.fullName ?? p.guest?.fullName ?? '—',
      recipientTitle: user?.title ?? p.guest?.title ?? null,
      email: user?.email ?? p.guest?.email ?? null,
      phone: user?.phone ?? p.guest?.phone ?? null,
      userId: p.userId,
      status: 'pending',
      reason: null,
      deputy: null,
      deliveries: channels.map((channel) => ({
        channel,
        status: 'queued',
        attempts: 0,
        lastError: null,
        updatedAt: now,
      })),
      sequence: 0,
      tokenHash: LinkTokens.hash(this.deps.links.tokenFor(id)),
      openedAt: null,
      repliedAt: null,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
  }

  private channelsOf(r: { userId: string | null; email: string | null; phone: string | null }): Channel[] {
    const out: Channel[] = [];
    if (r.userId) out.push('in_app');
    if (r.email) out.push('email');
    if (r.phone && this.deps.settings.webhook) out.push('webhook');
    return out;
  }

  /** The delivery jobs of one invitation, one per channel the person has. */
  private deliveryJobs(
    inv: InvitationRecord,
    mail: MailKind,
    sequence: number,
    changes: string[],
    leadMinutes: number | null = null,
    keySuffix = '',
    only: (channel: Channel) => boolean = () => true,
  ): NewJob[] {
    return this.channelsOf(inv)
      .filter(only)
      .map((channel) => {
        const payload: DeliverPayload = {
          invitationId: inv.id,
          channel,
          mail,
          sequence,
          changes,
          leadMinutes,
        };
        return {
          kind: DELIVER_JOB,
          key: `deliver:${inv.id}:${channel}:${mail}:${sequence}${keySuffix}`,
          payload: payload as unknown as Record<string, unknown>,
          maxAttempts: channel === 'in_app' ? 3 : 6,
        };
      });
  }

  /** Marks every channel queued again (the secretariat sees it) and queues the deliveries. */
  private async enqueueAll(
    inv: InvitationRecord,
    mail: MailKind,
    sequence: number,
    changes: string[],
    leadMinutes: number | null = null,
    keySuffix = '',
    only: (channel: Channel) => boolean = () => true,
  ) {
    for (const channel of this.channelsOf(inv).filter(only)) {
      await this.deps.invitations.setDelivery(inv.id, {
        channel,
        status: 'queued',
        attempts: 0,
        lastError: null,
        updatedAt: this.now(),
      });
    }
    await this.deps.jobs.enqueueMany(
      this.deliveryJobs(inv, mail, sequence, changes, leadMinutes, keySuffix, only),
    );
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
      await this.enqueueAll(inv, 'reminder', inv.sequence, [], p.minutes, `:${p.minutes}:${p.startsAt}`);
    }
  }

  // ---- delivery -----------------------------------------------------------------------------

  private async setDelivery(
    inv: InvitationRecord,
    channel: Channel,
    patch: Partial<Delivery>,
    attempts?: number,
  ) {
    const current = inv.deliveries.find((d) => d.channel === channel);
    await this.deps.invitations.setDelivery(inv.id, {
      channel,
      status: patch.status ?? current?.status ?? 'queued',
      attempts: attempts ?? current?.attempts ?? 0,
      lastError: patch.lastError !== undefined ? patch.lastError : (current?.lastError ?? null),
      updatedAt: this.now(),
    });
    this.notifySecretariat(inv.meetingId);
  }

  private notifySecretariat(meetingId: string) {
    this.deps.io().to(`meeting:${meetingId}:invitations`).emit('invitations:changed', { meetingId });
  }

  private async contentFor(
    inv: InvitationRecord,
    p: DeliverPayload,
  ): Promise<{ meeting: Meeting; content: MailContent }> {
    const meeting = await this.deps.store.meetings.getById(inv.meetingId);
    if (!meeting) throw new PermanentJobError('the meeting no longer exists');
    const agenda = (await this.deps.store.agenda.list(meeting.id)).filter((a) => a.parentId === null);
    const chair = meeting.chairId ? await this.deps.store.users.getById(meeting.chairId) : null;
    const principal = inv.deputyForInvitationId
      ? await this.deps.invitations.getById(inv.deputyForInvitationId)
      : null;
    const content: MailContent = {
      kind: p.mail,
      recipient: { fullName: inv.recipientName, title: inv.recipientTitle },
      meeting: {
        title: meeting.title,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        location: meeting.location,
        chairName: chair?.fullName ?? null,
        reason: meeting.statusReason,
      },
      agenda: agenda.map((a) => ({ title: a.title, presenter: a.presenterName })),
      replyUrl: this.linkFor(inv.id),
      changes: p.changes,
      deputyFor: principal?.recipientName ?? null,
      leadTime:
        p.leadMinutes === null
          ? null
          : p.leadMinutes % 60 === 0
            ? `${p.leadMinutes / 60} giờ`
            : `${p.leadMinutes} phút`,
      organisation: this.deps.settings.organisation,
    };
    return { meeting, content };
  }

  private async deliver(p: DeliverPayload): Promise<void> {
    const inv = await this.deps.invitations.getById(p.invitationId);
    if (!inv) return;
    const attempts = (inv.deliveries.find((d) => d.channel === p.channel)?.attempts ?? 0) + 1;
    const { meeting, content } = await this.contentFor(inv, p);
    try {
      if (p.channel === 'in_app') await this.deliverInApp(inv, meeting, content);
      else if (p.channel === 'email') await this.deliverEmail(inv, meeting, content, p);
      else await this.deliverWebhook(inv, meeting, content, p);
      await this.setDelivery(
        inv,
        p.channel,
        { status: p.channel === 'in_app' ? 'delivered' : 'sent', lastError: null },
        attempts,
      );
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await this.setDelivery(inv, p.channel, { lastError: reason }, attempts);
      if ((err instanceof MailDeliveryError || err instanceof WebhookError) && err.permanent)
        throw new PermanentJobError(reason);
      throw err;
    }
  }

  private async deliveryFailed(p: DeliverPayload, reason: string): Promise<void> {
    const inv = await this.deps.invitations.getById(p.invitationId);
    if (inv) await this.setDelivery(inv, p.channel, { status: 'failed', lastError: reason });
  }

  private async deliverInApp(inv: InvitationRecord, meeting: Meeting, c: MailContent): Promise<void> {
    if (!inv.userId) return;
    const notification = {
      id: newId(),
      userId: inv.userId,
      meetingId: meeting.id,
      kind: `invitation.${c.kind}`,
      title: subjectOf(c),
      body: [
        formatViDateTime(meeting.startsAt),
        meeting.location ?? '',
        ...c.changes,
        c.kind === 'cancellation' && meeting.statusReason ? `Lý do: ${meeting.statusReason}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      link: `/invitations/${inv.id}`,
      createdAt: this.now(),
      readAt: null,
    };
    await this.deps.notifications.add(notification);
    this.deps.io().to(userRoom(inv.userId)).emit('notification:new', {
      id: notification.id,
      meetingId: notification.meetingId,
      kind: notification.kind,
      title: notification.title,
      body: notification.body,
      link: notification.link,
      createdAt: notification.createdAt,
      readAt: null,
    });
  }

  private async deliverEmail(
    inv: InvitationRecord,
    meeting: Meeting,
    c: MailContent,
    p: DeliverPayload,
  ): Promise<void> {
    if (!inv.email) throw new PermanentJobError('no e-mail address');
    const method = p.mail === 'cancellation' ? 'CANCEL' : 'REQUEST';
    const { settings } = this.deps;
    await this.deps.mailer.send({
      to: { name: inv.recipientName, address: inv.email },
      subject: subjectOf(c),
      text: textOf(c),
      html: htmlOf(c),
      icalEvent: {
        method,
        filename: method === 'CANCEL' ? 'huy-cuoc-hop.ics' : 'giay-moi.ics',
        content: buildIcs({
          method,
          uid: `meeting-${meeting.id}@icabinet`,
          sequence: p.sequence,
          title: meeting.title,
          description: c.agenda.map((a, i) => `${i + 1}. ${a.title}`).join('\n'),
          location: meeting.location,
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          stamp: this.now(),
          organizer: settings.mailFrom,
          attendee: { name: inv.recipientName, email: inv.email },
          url: method === 'CANCEL' ? null : c.replyUrl,
        }),
      },
      headers: { 'X-ICabinet-Invitation': inv.id },
    });
  }

  private async deliverWebhook(
    inv: InvitationRecord,
    meeting: Meeting,
    c: MailContent,
    p: DeliverPayload,
  ): Promise<void> {
    const hook = this.deps.settings.webhook;
    if (!hook || !inv.phone) throw new PermanentJobError('no webhook or phone number');
    const text =
      `${subjectOf(c)}. ${c.meeting.location ?? ''}`.trim() +
      (p.mail === 'cancellation' ? '' : ` Trả lời: ${c.replyUrl}`);
    await postWebhook(
      hook.url,
      hook.secret,
      {
        type: `invitation.${p.mail}`,
        invitationId: inv.id,
        meetingId: meeting.id,
        sequence: p.sequence,
        to: { name: inv.recipientName, phone: inv.phone },
        text,
        replyUrl: p.mail === 'cancellation' ? null : c.replyUrl,
        startsAt: meeting.startsAt,
      },
      { timeoutMs: hook.timeoutMs, now: () => this.deps.clock.now() },
    );
  }

  // ---- replies --------------------------------------------------------------------------------

  private async byToken(token: string): Promise<{ inv: InvitationRecord; meeting: Meeting }> {
    if (!TOKEN_PATTERN.test(token)) throw errors.notFound('invitation_link_invalid');
    const inv = await this.deps.invitations.getByTokenHash(LinkTokens.hash(token));
    if (!inv) throw errors.notFound('invitation_link_invalid');
    const meeting = await this.deps.store.meetings.getById(inv.meetingId);
    if (!meeting) throw errors.notFound('invitation_link_invalid');
    return { inv, meeting };
  }

  private linkOpen(meeting: Meeting): boolean {
    return LIVE_STATUSES.has(meeting.status) && Date.parse(meeting.endsAt) > this.deps.clock.now().getTime();
  }

  /** The reply page's view; the first view counts as "link opened". */
  async viewByToken(token: string): Promise<PublicInvitation> {
    const { inv, meeting } = await this.byToken(token);
    if (!inv.openedAt && this.linkOpen(meeting)) {
      await this.deps.invitations.update(inv.id, { openedAt: this.now() }, null, this.now());
      this.notifySecretariat(meeting.id);
    }
    return this.publicView(inv, meeting);
  }

  private async publicView(inv: InvitationRecord, meeting: Meeting): Promise<PublicInvitation> {
    const agenda = (await this.deps.store.agenda.list(meeting.id)).filter((a) => a.parentId === null);
    const principal = inv.deputyForInvitationId
      ? await this.deps.invitations.getById(inv.deputyForInvitationId)
      : null;
    return {
      recipientName: inv.recipientName,
      recipientTitle: inv.recipientTitle,
      status: inv.status,
      reason: inv.reason,
      deputy: inv.deputy,
      deputyFor: principal?.recipientName ?? null,
      meeting: {
        title: meeting.title,
        location: meeting.location,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        status: meeting.status,
        statusReason: meeting.statusReason,
      },
      agenda: agenda.map((a) => ({ title: a.title })),
      canReply: this.linkOpen(meeting) && !inv.deputyForInvitationId,
    };
  }

  async replyByToken(token: string, input: ReplyInput, ip: string): Promise<PublicInvitation> {
    const { inv, meeting } = await this.byToken(token);
    if (!this.linkOpen(meeting)) throw errors.invalidState('invitation_link_expired');
    const updated = await this.applyReply(inv, meeting, input, null, ip, 'link');
    return this.publicView(updated, meeting);
  }

  /** A signed-in member replies from the app to their own invitation. */
  async replyAsUser(actor: Actor, invitationId: string, input: ReplyInput, ip: string): Promise<Invitation> {
    const inv = await this.deps.invitations.getById(invitationId);
    if (!inv || inv.userId !== actor.user.id) throw errors.notFound('invitation_not_found');
    const meeting = await this.deps.store.meetings.getById(inv.meetingId);
    if (!meeting) throw errors.notFound('invitation_not_found');
    if (!this.linkOpen(meeting)) throw errors.invalidState('invitation_link_expired');
    return present(await this.applyReply(inv, meeting, input, actor.user.id, ip, 'app'));
  }

  private async applyReply(
    inv: InvitationRecord,
    meeting: Meeting,
    input: ReplyInput,
    actorId: string | null,
    ip: string,
    via: 'link' | 'app',
  ): Promise<InvitationRecord> {
    if (inv.deputyForInvitationId && input.answer === 'deputy')
      throw errors.invalidState('invitation_deputy_of_deputy');
    const now = this.now();
    const status: InvitationStatus =
      input.answer === 'attend'
        ? 'attending'
        : input.answer === 'decline'
          ? 'declined'
          : this.deps.settings.autoApproveDeputies
            ? 'deputy_approved'
            : 'deputy_pending';
    const updated = await this.deps.invitations.update(
      inv.id,
      {
        status,
        reason: input.answer === 'attend' ? null : (input.reason ?? null),
        deputy: input.answer === 'deputy' ? input.deputy : null,
        repliedAt: now,
        openedAt: inv.openedAt ?? now,
      },
      null,
      now,
    );
    await this.deps.audit.record({
      actorId,
      action: 'invitation.replied',
      targetType: 'invitation',
      targetId: inv.id,
      data: {
        meetingId: meeting.id,
        answer: input.answer,
        via,
        ...(input.answer !== 'attend' && input.reason ? { reason: input.reason } : {}),
        ...(input.answer === 'deputy' ? { deputy: input.deputy.fullName } : {}),
      },
      ip,
    });
    if (status === 'deputy_approved') await this.inviteDeputy(updated, meeting);
    this.notifySecretariat(meeting.id);
    return updated;
  }

  /** The secretariat approves or rejects a named deputy; an approved deputy gets an invitation of their own. */
  async decideDeputy(
    actor: Actor,
    meetingId: string,
    invitationId: string,
    approve: boolean,
    ip: string,
  ): Promise<Invitation> {
    const meeting = await this.requireEditor(actor, meetingId);
    const inv = await this.deps.invitations.getById(invitationId);
    if (!inv || inv.meetingId !== meetingId) throw errors.notFound('invitation_not_found');
    if (inv.status !== 'deputy_pending') throw errors.invalidState('invitation_deputy_not_pending');
    const updated = await this.deps.invitations.update(
      inv.id,
      { status: approve ? 'deputy_approved' : 'deputy_rejected' },
      inv.version,
      this.now(),
    );
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: approve ? 'invitation.deputy_approved' : 'invitation.deputy_rejected',
      targetType: 'invitation',
      targetId: inv.id,
      data: { meetingId, deputy: inv.deputy?.fullName ?? null },
      ip,
    });
    if (approve) await this.inviteDeputy(updated, meeting);
    this.notifySecretariat(meetingId);
    return present(updated);
  }

  private async inviteDeputy(principal: InvitationRecord, meeting: Meeting): Promise<void> {
    const deputy = principal.deputy;
    if (!deputy) return;
    const principalParticipant = await this.deps.store.participants.getById(principal.participantId);
    const participant: Participant = {
      id: newId(),
      meetingId: meeting.id,
      userId: null,
      guest: {
        fullName: deputy.fullName,
        title: deputy.title,
        organisation: null,
        email: deputy.email,
        phone: deputy.phone,
      },
      role: principalParticipant?.role === 'chair' ? 'delegate' : (principalParticipant?.role ?? 'delegate'),
      votingRight: principalParticipant?.votingRight ?? false,
      seat: principalParticipant?.seat ?? null,
      deputyForId: principal.participantId,
      createdAt: this.now(),
    };
    await this.deps.store.participants.add(participant);
    await this.deps.onParticipantsChanged?.(meeting.id);
    const inv = await this.newInvitation(meeting, participant, principal);
    inv.status = 'attending';
    await this.deps.invitations.createMany([inv]);
    await this.enqueueAll(inv, 'invitation', 0, []);
  }

  // ---- the secretariat's view -------------------------------------------------------------------

  private async requireEditor(actor: Actor, meetingId: string): Promise<Meeting> {
    const meeting = await this.deps.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    const participant = await this.deps.store.participants.getByMeetingAndUser(meetingId, actor.user.id);
    const subject = { systemRole: actor.user.systemRole, meetingRole: participant?.role ?? null };
    if (!authorize(subject, 'meeting:edit', { confidentiality: meeting.confidentiality }))
      throw errors.forbidden();
    return meeting;
  }

  async listForMeeting(
    actor: Actor,
    meetingId: string,
  ): Promise<{ items: Invitation[]; counts: InvitationCounts }> {
    await this.requireEditor(actor, meetingId);
    // Reconciled with the room's attendance: someone who checked in came, whatever they replied.
    const attendance = (await this.deps.store.room.get(meetingId))?.state.attendance ?? {};
    const items = (await this.deps.invitations.listByMeeting(meetingId))
      .map((i) => ({ ...present(i), arrivedAt: attendance[i.participantId]?.arrivedAt ?? null }))
      .sort((a, b) => NAME_ORDER.compare(a.recipientName, b.recipientName));
    return { items, counts: countsOf(items) };
  }

  /**
   * Sends the invitation again (a new delivery, same link) on every channel, or with
   * `only: 'failed'` on the channels whose delivery failed; 409 when none did.
   */
  async resend(
    actor: Actor,
    meetingId: string,
    invitationId: string,
    input: ResendInput = {},
  ): Promise<Invitation> {
    const meeting = await this.requireEditor(actor, meetingId);
    const inv = await this.deps.invitations.getById(invitationId);
    if (!inv || inv.meetingId !== meetingId) throw errors.notFound('invitation_not_found');
    // An invitation to a meeting that is over (or called off) has nothing left to invite to.
    if (RESEND_CLOSED.includes(meeting.status))
      throw errors.invalidState('invitation_meeting_over', { status: meeting.status });
    const failed = new Set(inv.deliveries.filter((d) => d.status === 'failed').map((d) => d.channel));
    if (input.only === 'failed' && failed.size === 0) throw errors.invalidState('invitation_nothing_failed');
    const only = input.only === 'failed' ? (c: Channel) => failed.has(c) : undefined;
    await this.enqueueAll(inv, 'invitation', inv.sequence, [], null, `:resend:${this.now()}`, only);
    return present((await this.deps.invitations.getById(invitationId)) ?? inv);
  }

  async csv(actor: Actor, meetingId: string): Promise<{ filename: string; body: string }> {
    const meeting = await this.requireEditor(actor, meetingId);
    const items = await this.deps.invitations.listByMeeting(meetingId);
    const attendance = (await this.deps.store.room.get(meetingId))?.state.attendance ?? {};
    const header = [
      'Họ và tên',
      'Chức vụ',
      'Thư điện tử',
      'Điện thoại',
      'Trả lời',
      'Lý do',
      'Người dự thay',
      'Trong ứng dụng',
      'Thư điện tử (gửi)',
      'SMS/Zalo',
      'Đã mở đường dẫn',
      'Thời điểm trả lời',
      'Có mặt (điểm danh)',
    ];
    const cell = (v: string | null | undefined) => {
      const s = v ?? '';
      // Quote everything; neutralise spreadsheet formulas (CSV injection).
      const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return `"${safe.replace(/"/g, '""')}"`;
    };
    const delivery = (i: InvitationRecord, c: Channel) => {
      const d = i.deliveries.find((x) => x.channel === c);
      return d
        ? `${DELIVERY_VI[d.status]}${d.lastError && d.status === 'failed' ? ` (${d.lastError})` : ''}`
        : '—';
    };
    const rows = items.map((i) =>
      [
        i.recipientName,
        i.recipientTitle,
        i.email,
        i.phone,
        STATUS_VI[i.status],
        i.reason,
        i.deputy ? [i.deputy.fullName, i.deputy.title].filter(Boolean).join(', ') : null,
        delivery(i, 'in_app'),
        delivery(i, 'email'),
        delivery(i, 'webhook'),
        i.openedAt ? formatViDateTime(i.openedAt) : 'Chưa',
        i.repliedAt ? formatViDateTime(i.repliedAt) : null,
        attendance[i.participantId]?.arrivedAt
          ? formatViDateTime(attendance[i.participantId]!.arrivedAt!)
          : 'Chưa',
      ]
        .map(cell)
        .join(','),
    );
    const slug = meeting.startsAt.slice(0, 10);
    // UTF-8 with BOM and CRLF: Excel then shows Vietnamese names correctly.
    return {
      filename: `giay-moi-${slug}.csv`,
      body: '\uFEFF' + [header.map(cell).join(','), ...rows].join('\r\n') + '\r\n',
    };
  }

  async figures(actor: Actor, from: string | null, to: string | null): Promise<InvitationFigures> {
    if (!authorize({ systemRole: actor.user.systemRole }, 'meeting:create')) throw errors.forbidden();
    const { invitations, meetings } = await this.deps.invitations.countDelivered(
      ['email', 'webhook', 'in_app'],
      from,
      to,
    );
    const unitCostVnd = this.deps.settings.unitCostVnd;
    return {
      from,
      to,
      meetings,
      invitations,
      deliveredDigitally: invitations,
      unitCostVnd,
      savedVnd: invitations * unitCostVnd,
    };
  }

  // ---- the member's inbox -------------------------------------------------------------------------

  async mine(actor: Actor): Promise<Invitation[]> {
    return (await this.deps.invitations.listByUser(actor.user.id)).map(present);
  }

  async notifications(actor: Actor, limit = 50) {
    return this.deps.notifications.listByUser(actor.user.id, limit);
  }

  async markRead(actor: Actor, ids: string[] | 'all'): Promise<number> {
    return this.deps.notifications.markRead(actor.user.id, ids, this.now());
  }
}

/** People are listed in Vietnamese alphabetical order (Đ after D, not after Z). */
const NAME_ORDER = new Intl.Collator('vi');

const STATUS_VI: Record<InvitationStatus, string> = {
  pending: 'Chưa trả lời',
  attending: 'Tham dự',
  declined: 'Vắng',
  deputy_pending: 'Cử người dự thay (chờ duyệt)',
  deputy_approved: 'Cử người dự thay (đã duyệt)',
  deputy_rejected: 'Người dự thay không được duyệt',
};

const DELIVERY_VI: Record<Delivery['status'], string> = {
  queued: 'Đang chờ gửi',
  sent: 'Đã gửi',
  delivered: 'Đã nhận',
  failed: 'Gửi lỗi',
};

/** The wire shape: never the token hash. */
export function present(i: InvitationRecord): Invitation {
  const { tokenHash: _hidden, ...rest } = i;
  return rest;
}

/** Meeting statuses in which invitations are no longer sent again. */
const RESEND_CLOSED: readonly MeetingStatus[] = ['ended', 'closed', 'cancelled'];

export function countsOf(items: Invitation[]): InvitationCounts {
  const byStatus = {
    pending: 0,
    attending: 0,
    declined: 0,
    deputy_pending: 0,
    deputy_approved: 0,
    deputy_rejected: 0,
  };
  const zero = () => ({ queued: 0, sent: 0, delivered: 0, failed: 0 });
  const byDelivery = { in_app: zero(), email: zero(), webhook: zero() };
  let opened = 0;
  let checkedIn = 0;
  for (const i of items) {
    if (i.arrivedAt) checkedIn++;
    byStatus[i.arrivedAt ? 'attending' : i.status]++;
    if (i.openedAt) opened++;
    for (const d of i.deliveries) byDelivery[d.channel][d.status]++;
  }
  return { total: items.length, byStatus, byDelivery, opened, checkedIn };
}
