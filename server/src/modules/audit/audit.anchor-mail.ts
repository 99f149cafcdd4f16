import { formatDate, formatDateTime } from '@icabinet/shared';
import type { JobRunner } from '../../jobs/job-runner.js';
import { PermanentJobError } from '../../jobs/job-runner.js';
import type { Mailer } from '../../notify/mailer.js';
import { MailDeliveryError } from '../../notify/mailer.js';
import type { Store } from '../../store/port.js';
import { t } from '../../i18n/messages.js';
import { escapeHtml } from '../../lib/html.js';
import type { AuditAnchor, AuditService } from './audit.service.js';

export const ANCHOR_MAIL_JOB = 'audit.anchor_mail';

/** One job per day and address: the unique job key makes a second anchor on the same day a no-op. */
export const anchorMailKey = (anchor: AuditAnchor, to: string): string =>
  `audit-anchor:${anchor.at.slice(0, 10)}:${to}`;

/**
 * E-mails each daily audit anchor to AUDIT_ANCHOR_EMAIL through the invitations' mail channel, as
 * a persisted job (retried while the mail server is down, never sent twice: the job key is unique
 * per day, and a sent anchor is recorded in the audit log, which a re-run after a crash checks).
 */
export function anchorMailer(deps: {
  jobs: JobRunner;
  mailer: Mailer;
  audit: AuditService;
  store: Store;
  to: string;
}): (anchor: AuditAnchor) => Promise<void> {
  deps.jobs.register(ANCHOR_MAIL_JOB, async (payload) => {
    const anchor = payload.anchor as AuditAnchor;
    const key = String(payload.key);
    const sent = await deps.store.audit.listRecent(1, 0, { action: 'audit.anchor_mailed', targetId: key });
    if (sent.total > 0) return;
    const params = {
      date: formatDate(anchor.at, 'vi'),
      at: formatDateTime(anchor.at, 'vi'),
      seq: anchor.seq,
      hash: anchor.hash,
    };
    const text = t('vi', 'audit_anchor_body', params);
    try {
      await deps.mailer.send({
        to: { name: deps.to, address: deps.to },
        subject: t('vi', 'audit_anchor_subject', params),
        text,
        html: `<pre style="font-family:monospace">${escapeHtml(text)}</pre>`,
      });
    } catch (err) {
      if (err instanceof MailDeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
    await deps.audit.record({
      actorId: null,
      action: 'audit.anchor_mailed',
      targetType: 'audit',
      targetId: key,
      data: { to: deps.to, seq: anchor.seq, hash: anchor.hash },
    });
  });
  return async (anchor) => {
    const key = anchorMailKey(anchor, deps.to);
    await deps.jobs.enqueue({ kind: ANCHOR_MAIL_JOB, key, payload: { anchor, key }, maxAttempts: 20 });
  };
}
