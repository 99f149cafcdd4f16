import { readFile } from 'node:fs/promises';
import type { OfficialDocumentType } from '../../store/official-documents.port.js';
import { html } from '../../lib/html.js';
import { PermanentJobError } from '../../jobs/job-runner.js';
import { MailDeliveryError } from '../../notify/mailer.js';
import type { ConclusionsDeps } from '../conclusions/conclusions.shared.js';

interface DeliverPayload {
  meetingId: string;
  participantId: string;
  channel: 'in_app' | 'email';
}

/** Which issued document a delivery sends, and how its notice and e-mail name it. */
export interface IssuedDocumentSpec {
  /** The persisted job (one keyed job per person and channel). */
  job: string;
  type: OfficialDocumentType;
  /** The document's approval record: delivered only once `issued`, with its library PDF. */
  approval: (meetingId: string) => Promise<{ state: string; documentId: string | null } | null>;
  /** The subject's start, e.g. "Biên bản cuộc họp" (followed by "số 12/BB-UBND: <title>"). */
  title: string;
  /** In a sentence, e.g. "biên bản cuộc họp". */
  phrase: string;
  /** The in-app notice's kind. */
  kind: string;
  /** The e-mail header that ties the message to the meeting and participant. */
  header: string;
}

/**
 * Sends an issued official document of a meeting (the conclusion notice, the minutes) to one
 * participant on one channel, as a persisted job of the invitations' queue (retried with backoff,
 * never twice): a notice in the app that opens the PDF in the library, and an e-mail with the PDF
 * attached.
 */
export class IssuedDocumentDelivery {
  constructor(
    private readonly deps: ConclusionsDeps,
    private readonly spec: IssuedDocumentSpec,
  ) {
    deps.jobs.register(spec.job, (p) => this.deliver(p as unknown as DeliverPayload));
  }

  private async deliver(p: DeliverPayload): Promise<void> {
    const { store } = this.deps;
    const { spec } = this;
    const [meeting, participant, issued, numbered] = await Promise.all([
      store.meetings.getById(p.meetingId),
      store.participants.getById(p.participantId),
      spec.approval(p.meetingId),
      store.officialDocuments.get(p.meetingId, spec.type),
    ]);
    if (!meeting || !participant || issued?.state !== 'issued' || !issued.documentId || !numbered) return;
    const doc = await store.documents.getById(issued.documentId);
    if (!doc) return;
    const user = participant.userId ? await store.users.getById(participant.userId) : null;
    const subject = `${spec.title} số ${numbered.number}/${numbered.symbol}: ${meeting.title}`;
    const link = `/documents/${doc.id}`;
    if (p.channel === 'in_app') {
      if (!user) return;
      await this.deps.inApp.send(user.id, {
        meetingId: meeting.id,
        kind: spec.kind,
        title: subject,
        body: `${this.deps.settings.organisation} đã ban hành ${spec.phrase}; văn bản có trong tài liệu cuộc họp.`,
        link,
      });
      return;
    }
    const address = user?.email ?? participant.guest?.email;
    const name = user?.fullName ?? participant.guest?.fullName ?? '';
    if (!address) throw new PermanentJobError('no e-mail address');
    const url = `${this.deps.settings.publicUrl().replace(/\/$/, '')}${link}`;
    const lead = `${this.deps.settings.organisation} trân trọng gửi ông/bà ${spec.phrase} "${meeting.title}" (số ${numbered.number}/${numbered.symbol}), đính kèm thư này (PDF).`;
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
        headers: { [spec.header]: `${meeting.id}:${participant.id}` },
      });
    } catch (err) {
      if (err instanceof MailDeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
  }
}
