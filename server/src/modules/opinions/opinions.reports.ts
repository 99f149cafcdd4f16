import type { Actor } from '../../actor.js';
import type { Lang } from '../../i18n/messages.js';
import { t } from '../../i18n/messages.js';
import { opinionsCsv, opinionsPdf } from './opinions.export.js';
import type { OpinionsService } from './opinions.service.js';
import type { OpinionsDeps } from './opinions.shared.js';

/** The exports of the consolidated table, each access-checked and audited. */
export class OpinionsReports {
  constructor(
    private readonly deps: Pick<OpinionsDeps, 'store' | 'audit' | 'clock' | 'settings'>,
    private readonly service: OpinionsService,
  ) {}

  private async audited(
    actor: Actor,
    requestId: string,
    action: 'export.opinions_csv' | 'export.opinions_pdf',
  ) {
    const detail = await this.service.get(actor, requestId);
    await this.deps.audit.record({
      actorId: actor.user.id,
      action,
      targetType: 'opinion_request',
      targetId: requestId,
      data: { meetingId: detail.request.meetingId },
      ip: actor.ip ?? null,
    });
    return detail;
  }

  /** UTF-8 with BOM, headers and answers in the caller's language. */
  async csv(actor: Actor, requestId: string, lang: Lang): Promise<{ filename: string; body: string }> {
    const detail = await this.audited(actor, requestId, 'export.opinions_csv');
    const date = this.deps.clock.now().toISOString().slice(0, 10);
    return { filename: t(lang, 'opinion_csv_filename', { date }), body: opinionsCsv(detail, lang) };
  }

  async pdf(actor: Actor, requestId: string): Promise<{ filename: string; bytes: Uint8Array }> {
    const detail = await this.audited(actor, requestId, 'export.opinions_pdf');
    const meeting = await this.deps.store.meetings.getById(detail.request.meetingId);
    const bytes = await opinionsPdf(detail, {
      meetingTitle: meeting?.title ?? '',
      organisation: this.deps.settings.organisation,
      now: this.deps.clock.now(),
    });
    const date = this.deps.clock.now().toISOString().slice(0, 10);
    return { filename: `Ban tong hop, tiep thu, giai trinh y kien ${date}.pdf`, bytes };
  }
}
