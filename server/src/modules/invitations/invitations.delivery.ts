import { type Channel, type Delivery, type Meeting, type Participant } from '@icabinet/shared';
import { newId } from '../../lib/ids.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import { PermanentJobError, type NewJob } from '../../jobs/job-runner.js';
import { buildIcs } from './ics.js';
import { LinkTokens } from './links.js';
import { MailDeliveryError } from '../../notify/mailer.js';
import { formatViDateTime, htmlOf, subjectOf, textOf, type MailContent, type MailKind } from './templates.js';
import { WebhookError } from '../../notify/webhook.js';
import { DELIVER_JOB, present, type DeliverPayload, type InvitationsDeps } from './invitations.shared.js';

/**
 * Delivery of invitations: one persisted job per channel (in-app, e-mail with a calendar part,
 * SMS/Zalo webhook), so nothing is lost when a mail server or gateway is down and nothing is
 * sent twice; each outcome is recorded on the invitation and shown to the secretariat live.
 */
export class InvitationDelivery {
  /** Drawn invitation PDFs by meeting version, shared by the mails of one sending. */
  private readonly pdfs = new Map<
    string,
    { until: number; pdf: Promise<{ filename: string; bytes: Uint8Array } | null> }
  >();

  constructor(private readonly deps: InvitationsDeps) {
    deps.jobs.register(
      DELIVER_JOB,
      (p) => this.deliver(p as unknown as DeliverPayload),
      (p, reason) => this.deliveryFailed(p as unknown as DeliverPayload, reason),
    );
  }

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  linkFor(invitationId: string): string {
    return `${this.deps.settings.publicUrl().replace(/\/$/, '')}/invite/${this.deps.links.tokenFor(invitationId)}`;
  }

  async newInvitation(
    meeting: Meeting,
    p: Participant,
    deputyFor: InvitationRecord | null,
  ): Promise<InvitationRecord> {
    const user = p.userId ? await this.deps.store.users.getById(p.userId) : null;
    const id = newId();
    const now = this.now();
    const channels = await this.channelsOf({
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

  async channelsOf(r: {
    userId: string | null;
    email: string | null;
    phone: string | null;
  }): Promise<Channel[]> {
    const out: Channel[] = [];
    if (r.userId) out.push('in_app');
    if (r.email) out.push('email');
    if (r.phone && (await this.deps.settings.webhook())) out.push('webhook');
    return out;
  }

  /** The delivery jobs of one invitation, one per channel the person has. */
  async deliveryJobs(
    inv: InvitationRecord,
    mail: MailKind,
    sequence: number,
    changes: string[],
    leadMinutes: number | null = null,
    keySuffix = '',
    only: (channel: Channel) => boolean = () => true,
  ): Promise<NewJob[]> {
    return (await this.channelsOf(inv)).filter(only).map((channel) => {
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
  async enqueueAll(
    inv: InvitationRecord,
    mail: MailKind,
    sequence: number,
    changes: string[],
    leadMinutes: number | null = null,
    keySuffix = '',
    only: (channel: Channel) => boolean = () => true,
  ) {
    for (const channel of (await this.channelsOf(inv)).filter(only)) {
      await this.deps.invitations.setDelivery(inv.id, {
        channel,
        status: 'queued',
        attempts: 0,
        lastError: null,
        updatedAt: this.now(),
      });
    }
    await this.deps.jobs.enqueueMany(
      await this.deliveryJobs(inv, mail, sequence, changes, leadMinutes, keySuffix, only),
    );
  }

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
    await this.notifySecretariat(inv.meetingId, inv.id);
  }

  /**
   * Tells the secretariat's tracking room (editors only, see `invitations:watch`) what changed:
   * the invitation's record when one changed, so each screen patches its list instead of
   * refetching it; only the meeting id when several did (they refetch).
   */
  async notifySecretariat(meetingId: string, invitationId: string | null): Promise<void> {
    const inv = invitationId ? await this.deps.invitations.getById(invitationId) : null;
    this.deps.io
      .to(`meeting:${meetingId}:invitations`)
      .emit('invitations:changed', inv ? { meetingId, invitation: present(inv) } : { meetingId });
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
    await this.deps.inApp.send(inv.userId, {
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
    const pdf = method === 'REQUEST' ? await this.officialInvitation(meeting) : null;
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
      ...(pdf
        ? {
            attachments: [
              {
                filename: pdf.filename,
                content: Buffer.from(pdf.bytes).toString('base64'),
                contentType: 'application/pdf',
                encoding: 'base64' as const,
              },
            ],
          }
        : {}),
      headers: { 'X-ICabinet-Invitation': inv.id },
    });
  }

  /**
   * The numbered giấy mời beside the .ics, drawn once per meeting version for all its recipients
   * (kept a minute). A failure to draw it is logged and the mail goes without it.
   */
  private async officialInvitation(
    meeting: Meeting,
  ): Promise<{ filename: string; bytes: Uint8Array } | null> {
    const draw = this.deps.invitationPdf;
    if (!draw) return null;
    const key = `${meeting.id}:${meeting.version}:${meeting.agendaVersion}`;
    const now = this.deps.clock.now().getTime();
    for (const [k, v] of this.pdfs) if (v.until < now) this.pdfs.delete(k);
    let entry = this.pdfs.get(key);
    if (!entry) {
      entry = { until: now + 60_000, pdf: draw(meeting) };
      this.pdfs.set(key, entry);
    }
    try {
      const pdf = await entry.pdf;
      // Not issued yet: ask again next time.
      if (!pdf) this.pdfs.delete(key);
      return pdf;
    } catch (err) {
      this.pdfs.delete(key);
      this.deps.logger.warn({ err, meetingId: meeting.id }, 'invitation PDF not attached');
      return null;
    }
  }

  private async deliverWebhook(
    inv: InvitationRecord,
    meeting: Meeting,
    c: MailContent,
    p: DeliverPayload,
  ): Promise<void> {
    const hook = await this.deps.settings.webhook();
    if (!hook || !inv.phone) throw new PermanentJobError('no webhook or phone number');
    const text =
      `${subjectOf(c)}. ${c.meeting.location ?? ''}`.trim() +
      (p.mail === 'cancellation' ? '' : ` Trả lời: ${c.replyUrl}`);
    await this.deps.postGateway(hook, {
      type: `invitation.${p.mail}`,
      invitationId: inv.id,
      meetingId: meeting.id,
      sequence: p.sequence,
      to: { name: inv.recipientName, phone: inv.phone },
      text,
      replyUrl: p.mail === 'cancellation' ? null : c.replyUrl,
      startsAt: meeting.startsAt,
    });
  }
}
