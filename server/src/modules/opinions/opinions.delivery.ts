import type { OpinionRequestRecord, OpinionRecipientRecord } from '../../store/port.js';
import { PermanentJobError, type NewJob } from '../../jobs/job-runner.js';
import { MailDeliveryError } from '../../notify/mailer.js';
import {
  opinionHtml,
  opinionSubject,
  opinionText,
  type OpinionMailContent,
  type OpinionMailKind,
} from './opinions.mail.js';
import {
  OPINION_DEADLINE_JOB,
  OPINION_DELIVER_JOB,
  OPINION_REMIND_JOB,
  type OpinionsDeps,
} from './opinions.shared.js';

type Channel = 'in_app' | 'email';

interface DeliverPayload {
  recipientId: string;
  channel: Channel;
  kind: 'request' | 'reminder';
  leadMinutes: number | null;
}

interface RemindPayload {
  recipientId: string;
  leadMinutes: number;
}

interface DeadlinePayload {
  requestId: string;
}

const leadWords = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60} giờ` : `${minutes} phút`);

/**
 * Deliveries of a request for written opinions, all persisted jobs in the shared queue (so they
 * survive restarts): one job per member and channel for the request; one reminder job per member
 * and lead time, which at its time sends only to members who have not answered (each reminder
 * channel a job of its own, keyed, so nothing goes out twice); and one job at the deadline that
 * tells the author who is overdue.
 */
export class OpinionsDelivery {
  constructor(private readonly deps: OpinionsDeps) {
    deps.jobs.register(OPINION_DELIVER_JOB, (p) => this.deliver(p as unknown as DeliverPayload));
    deps.jobs.register(OPINION_REMIND_JOB, (p) => this.remind(p as unknown as RemindPayload));
    deps.jobs.register(OPINION_DEADLINE_JOB, (p) => this.deadline(p as unknown as DeadlinePayload));
  }

  linkFor(recipientId: string): string {
    return `${this.deps.settings.publicUrl().replace(/\/$/, '')}/opinion/${this.deps.links.tokenFor(recipientId, 'opinion')}`;
  }

  private channelsOf(r: Pick<OpinionRecipientRecord, 'userId' | 'email'>): Channel[] {
    return [...(r.userId ? (['in_app'] as const) : []), ...(r.email ? (['email'] as const) : [])];
  }

  private deliverJobs(
    r: OpinionRecipientRecord,
    kind: 'request' | 'reminder',
    lead: number | null,
  ): NewJob[] {
    return this.channelsOf(r).map((channel) => {
      const payload: DeliverPayload = { recipientId: r.id, channel, kind, leadMinutes: lead };
      return {
        kind: OPINION_DELIVER_JOB,
        key: `opinion:deliver:${r.id}:${kind}:${lead ?? 0}:${channel}`,
        payload: payload as unknown as Record<string, unknown>,
        maxAttempts: channel === 'in_app' ? 3 : 6,
      };
    });
  }

  /** Everything a sent request schedules: the deliveries now, the reminders before the deadline, the deadline notice. */
  jobsOnSend(request: OpinionRequestRecord, recipients: OpinionRecipientRecord[]): NewJob[] {
    const now = this.deps.clock.now().getTime();
    const deadline = Date.parse(request.deadline);
    const jobs: NewJob[] = recipients.flatMap((r) => this.deliverJobs(r, 'request', null));
    for (const lead of this.deps.settings.reminderMinutes) {
      const at = deadline - lead * 60_000;
      if (at <= now) continue;
      for (const r of recipients) {
        const payload: RemindPayload = { recipientId: r.id, leadMinutes: lead };
        jobs.push({
          kind: OPINION_REMIND_JOB,
          key: `opinion:remind:${r.id}:${lead}`,
          runAt: new Date(at).toISOString(),
          payload: payload as unknown as Record<string, unknown>,
        });
      }
    }
    jobs.push({
      kind: OPINION_DEADLINE_JOB,
      key: `opinion:deadline:${request.id}`,
      runAt: request.deadline,
      payload: { requestId: request.id },
    });
    return jobs;
  }

  private async load(recipientId: string) {
    const recipient = await this.deps.store.opinions.getRecipient(recipientId);
    const request = recipient ? await this.deps.store.opinions.getById(recipient.requestId) : null;
    const meeting = request ? await this.deps.store.meetings.getById(request.meetingId) : null;
    return recipient && request && meeting ? { recipient, request, meeting } : null;
  }

  private content(
    kind: OpinionMailKind,
    request: OpinionRequestRecord,
    meetingTitle: string,
    to: { name: string; title: string | null },
    extra: Partial<OpinionMailContent>,
  ): OpinionMailContent {
    return {
      kind,
      recipient: to,
      title: request.title,
      meetingTitle,
      deadline: request.deadline,
      questions: request.questions.map((q) => q.text),
      note: request.note,
      link: null,
      leadTime: null,
      overdue: [],
      organisation: this.deps.settings.organisation,
      ...extra,
    };
  }

  /** A reminder, at its time: only to a member who has not answered, only while the request is open. */
  private async remind(p: RemindPayload): Promise<void> {
    const found = await this.load(p.recipientId);
    if (!found || found.recipient.answeredAt || found.request.status !== 'sent') return;
    if (Date.parse(found.request.deadline) <= this.deps.clock.now().getTime()) return;
    await this.deps.jobs.enqueueMany(this.deliverJobs(found.recipient, 'reminder', p.leadMinutes));
  }

  private async deliver(p: DeliverPayload): Promise<void> {
    const found = await this.load(p.recipientId);
    if (!found) return;
    const { recipient, request, meeting } = found;
    // A reminder that comes after the answer (a retry, a slow queue) is not sent.
    if (p.kind === 'reminder' && recipient.answeredAt) return;
    const c = this.content(p.kind, request, meeting.title, recipient, {
      link: this.linkFor(recipient.id),
      leadTime: p.leadMinutes === null ? null : leadWords(p.leadMinutes),
    });
    if (p.channel === 'in_app') {
      if (!recipient.userId) return;
      await this.deps.inApp.send(recipient.userId, {
        meetingId: request.meetingId,
        kind: `opinion.${p.kind}`,
        title: opinionSubject(c),
        body: request.questions.map((q, i) => `${i + 1}. ${q.text}`).join(' · '),
        link: `/opinions/${request.id}`,
      });
      return;
    }
    if (!recipient.email) throw new PermanentJobError('no e-mail address');
    try {
      await this.deps.mailer.send({
        to: { name: recipient.name, address: recipient.email },
        subject: opinionSubject(c),
        text: opinionText(c),
        html: opinionHtml(c),
        headers: { 'X-ICabinet-Opinion': recipient.id },
      });
    } catch (err) {
      if (err instanceof MailDeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
  }

  /** At the deadline: the author hears in the app who has not answered (the table shows them too). */
  private async deadline(p: DeadlinePayload): Promise<void> {
    const request = await this.deps.store.opinions.getById(p.requestId);
    if (!request || request.status !== 'sent') return;
    const meeting = await this.deps.store.meetings.getById(request.meetingId);
    const author = await this.deps.store.users.getById(request.createdBy);
    if (!meeting || !author) return;
    const overdue = (await this.deps.store.opinions.recipients(request.id))
      .filter((r) => !r.answeredAt)
      .map((r) => (r.title ? `${r.name} (${r.title})` : r.name));
    const c = this.content(
      'overdue',
      request,
      meeting.title,
      { name: author.fullName, title: author.title },
      { overdue },
    );
    await this.deps.inApp.send(author.id, {
      meetingId: request.meetingId,
      kind: 'opinion.overdue',
      title: opinionSubject(c),
      body: overdue.join(' · ') || 'Mọi thành viên đã gửi ý kiến.',
      link: `/meetings/${request.meetingId}/edit?tab=opinions&opinion=${request.id}`,
    });
  }
}
