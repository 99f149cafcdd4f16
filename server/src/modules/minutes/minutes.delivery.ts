import { readFile } from 'node:fs/promises';
import { html } from '../../lib/html.js';
import { PermanentJobError } from '../../jobs/job-runner.js';
import { MailDeliveryError } from '../../notify/mailer.js';
import { MINUTES_DELIVER_JOB, type MinutesApprovalDeps } from './minutes.approval.js';

interface DeliverPayload {
  meetingId: string;
  participantId: string;
  channel: 'in_app' | 'email';
}

/**
 * Sends issued minutes to one participant on one channel, as a persisted job of the invitations'
 * queue (retried with backoff, never twice: one keyed job per person and channel): a notice in
 * the app that opens the PDF in the library, and an e-mail with the PDF attached.
 */
export class MinutesDelivery {
  constructor(private readonly deps: MinutesApprovalDeps) {
    deps.jobs.register(MINUTES_DELIVER_JOB, (p) => this.deliver(p as unknown as DeliverPayload));
  }

  private async deliver(p: DeliverPayload): Promise<void> {
    const { store } = this.deps;
    const [meeting, participant, approval, numbered] = await Promise.all([
      store.meetings.getById(p.meetingId),
      store.participants.getById(p.participantId),
      store.minutes.getApproval(p.meetingId),
      store.officialDocuments.get(p.meetingId, 'minutes'),
    ]);
    if (!meeting || !participant || approval?.state !== 'issued' || !approval.documentId || !numbered) return;
    const doc = await store.documents.getById(approval.documentId);
    if (!doc) return;
    const user = participant.userId ? await store.users.getById(participant.userId) : null;
    const subject = `Biên bản cuộc họp số ${numbered.number}/${numbered.symbol}: ${meeting.title}`;
    const link = `/documents/${doc.id}`;
    if (p.channel === 'in_app') {
      if (!user) return;
      await this.deps.inApp.send(user.id, {
        meetingId: meeting.id,
        kind: 'minutes.issued',
        title: subject,
        body: `${this.deps.settings.organisation} đã ban hành biên bản cuộc họp; văn bản có trong tài liệu cuộc họp.`,
        link,
      });
      return;
    }
    const address = user?.email ?? participant.guest?.email;
    const name = user?.fullName ?? participant.guest?.fullName ?? '';
    if (!address) throw new PermanentJobError('no e-mail address');
    const url = `${this.deps.settings.publicUrl().replace(/\/$/, '')}${link}`;
    const lead = `${this.deps.settings.organisation} trân trọng gửi ông/bà biên bản cuộc họp "${meeting.title}" (số ${numbered.number}/${numbered.symbol}), đính kèm thư này (PDF).`;
    try {
      await this.deps.mailer.send({
        to: { name, address },
        subject,
        text: [
          `Kính gửi: ${name}`,
          '',
          lead,
          '',
          `Xem trên I-Cabinet: ${url}`,
          '',
          this.deps.settings.organisation,
        ].join('\n'),
        html: html`<!doctype html>
          <html lang="vi">
            <body style="font-family:Arial,sans-serif;color:#1f2937;line-height:1.5">
              <p>Kính gửi: <strong>${name}</strong></p>
              <p>${lead}</p>
              <p><a href="${url}">Xem trên I-Cabinet</a></p>
              <p style="color:#6b7280">${this.deps.settings.organisation}</p>
            </body>
          </html>`.toString(),
        attachments: [
          {
            filename: doc.name,
            content: (await readFile(this.deps.blobs.pathOf(doc.sha256))).toString('base64'),
            encoding: 'base64',
            contentType: 'application/pdf',
          },
        ],
        headers: { 'X-ICabinet-Minutes': `${meeting.id}:${participant.id}` },
      });
    } catch (err) {
      if (err instanceof MailDeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
  }
}
