import {
  decideApproval,
  type ApprovalAction,
  type ApprovalState,
  type AuditAction,
  type ConclusionNotice,
  type NoticeActionInput,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor, refusal, type MeetingStanding } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import {
  checkSignedRevision,
  moveRefusal,
  type ApprovalWords,
} from '../official-documents/approval-checks.js';
import { ApprovalRecords } from '../official-documents/approval-records.js';
import { conclusionNoticeFilename } from '../official-documents/conclusion-notice.pdf.js';
import { documentSymbol } from '../official-documents/decree30.js';
import type { SignatureArea } from '../official-documents/decree30.layout.js';
import type { SigningFlow } from '../signatures/signatures.types.js';
import { broadcastConclusions } from './conclusions.broadcast.js';
import { renderNotice, renderNoticeWithArea } from './conclusions.render.js';
import { NOTICE_SIGNERS, noticeApprovalRoles, type ConclusionsService } from './conclusions.service.js';
import { NOTICE_DELIVER_JOB, type ConclusionsDeps } from './conclusions.shared.js';

/** The notice's refusals say `approval_…`; a stale version is `notice_conflict`. */
const WORDS: ApprovalWords = { prefix: 'approval_', conflict: 'notice_conflict' };

const AUDIT: Record<ApprovalAction, AuditAction> = {
  submit: 'conclusion.notice_submitted',
  withdraw: 'conclusion.notice_withdrawn',
  return: 'conclusion.notice_returned',
  approve: 'conclusion.notice_approved',
  sign: 'conclusion.notice_signed',
  issue: 'conclusion.notice_issued',
  issueUnsigned: 'conclusion.notice_issued',
};

/**
 * The conclusion notice's approval (thông báo kết luận): draft → submitted to the chair →
 * returned with comments or approved → signed → issued, by the rules of
 * shared/src/domain/approval.ts. Every move is made on the version read and audited.
 *
 * Issuing numbers the notice from the register (TB-UBND), puts the PDF into the meeting's
 * library as a read-only document, and queues its delivery to every participant (in the app and
 * by e-mail with the PDF attached). Signing belongs to the signature step (modules/signatures,
 * wired through `signingFlow`): `pdfForSigning` hands it the numbered PDF, the chair signs it with
 * PAdES, and `attachSigned` takes the signed one back in the same unit of work; `issue` then
 * publishes those bytes unchanged and tells `conclusion.issued` on the bus. Issued means signed:
 * issuing an approved notice the chair has not signed (or the retired `issueUnsigned`) is refused
 * with 409 and changes nothing.
 */
export class ConclusionNoticeFlow {
  /** The moves' history, saving, signing and issuing, shared with the minutes' flow. */
  private readonly records: ApprovalRecords;

  constructor(
    private readonly deps: ConclusionsDeps,
    private readonly conclusions: ConclusionsService,
  ) {
    this.records = new ApprovalRecords(deps, {
      type: 'conclusion_notice',
      audit: AUDIT,
      exportAudit: 'export.conclusion_notice_pdf',
      conflict: WORDS.conflict,
      unsigned: 'notice_unsigned',
      deliverJob: NOTICE_DELIVER_JOB,
      get: (meetingId) => deps.store.conclusions.getNotice(meetingId),
      put: (next, expected) => deps.store.conclusions.saveNotice(next, expected),
      changed: (next) => broadcastConclusions(deps, { meetingId: next.meetingId, notice: next.state }),
      filename: conclusionNoticeFilename,
      issued: (meetingId, documentId) =>
        deps.bus.emit('conclusion.issued', { meetingId, documentId, signed: true }),
    });
  }

  /** `POST /meetings/:id/conclusions/notice`: one move on the version read. */
  async act(
    actor: Actor,
    meetingId: string,
    input: NoticeActionInput,
  ): Promise<{ notice: ConclusionNotice }> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const record = await this.deps.store.conclusions.getNotice(meetingId);
    const state: ApprovalState = record?.state ?? 'draft';
    const decision = decideApproval({
      state,
      action: input.action,
      roles: noticeApprovalRoles(standing),
      comment: input.comment,
    });
    if (!decision.allow) {
      throw await moveRefusal(decision, standing, input.action, WORDS, () =>
        Promise.resolve('notice_unsigned'),
      );
    }
    this.checkMeeting(standing);
    if ((record?.version ?? 0) !== input.version) throw errors.conflict('notice_conflict');
    if (input.action === 'submit') await this.requireConclusions(meetingId);
    if (input.action === 'issue') {
      const issued = await this.records.issue(actor, meetingId, input);
      return { notice: await this.conclusions.presentNotice(standing, issued) };
    }
    const next = this.records.moved(
      record,
      meetingId,
      state,
      decision.to,
      input.action,
      actor,
      input.comment ?? null,
    );
    const saved = await this.records.save(next, input.version, actor, input.action, {
      comment: input.comment ?? null,
    });
    return { notice: await this.conclusions.presentNotice(standing, saved) };
  }

  /** `GET /meetings/:id/conclusions/notice.pdf`: the issued PDF, or the organisers' preview before. */
  async pdf(actor: Actor, meetingId: string): Promise<{ filename: string; bytes: Uint8Array }> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    return this.records.pdf(actor, meetingId, async () => {
      if (!standing.may('organise')) throw errors.forbidden('notice_not_issued');
      const numbered = await this.deps.officialDocuments.numbered(meetingId, 'conclusion_notice');
      const conclusions = await this.deps.store.conclusions.listByMeeting(meetingId);
      const bytes = await renderNotice(this.deps, standing.meeting, numbered, conclusions);
      return { filename: conclusionNoticeFilename(null, this.symbol()), bytes };
    });
  }

  /**
   * For the signature step: the approved notice numbered from the register and drawn as the PDF
   * to sign (the number is given once and kept; the signed PDF must be this document).
   */
  async pdfForSigning(
    meetingId: string,
    byUserId: string,
  ): Promise<{ filename: string; bytes: Uint8Array; signatureArea: SignatureArea }> {
    const meeting = await this.deps.store.meetings.getById(meetingId);
    const record = await this.deps.store.conclusions.getNotice(meetingId);
    if (!meeting) throw errors.notFound();
    if (record?.state !== 'approved') throw errors.invalidState('approval_state_sign');
    const doc = await this.deps.officialDocuments.issue(meetingId, 'conclusion_notice', byUserId);
    const conclusions = await this.deps.store.conclusions.listByMeeting(meetingId);
    const drawn = await renderNoticeWithArea(this.deps, meeting, doc, conclusions);
    return { filename: conclusionNoticeFilename(doc.number, doc.symbol), ...drawn };
  }

  /**
   * The notice as the signature step sees it: approved notices may be signed (by the meeting's
   * chair, on the version read), and a signed revision moves the notice to `signed`.
   */
  signingFlow(): SigningFlow & { state(meetingId: string): Promise<ApprovalState> } {
    return {
      signers: [...NOTICE_SIGNERS],
      state: async (meetingId) => (await this.deps.store.conclusions.getNotice(meetingId))?.state ?? 'draft',
      version: async (meetingId) => (await this.deps.store.conclusions.getNotice(meetingId))?.version ?? 0,
      render: (meetingId, byUserId) => this.pdfForSigning(meetingId, byUserId),
      attach: ({ meetingId, signerId, pdf, version }) => this.attachSigned(meetingId, signerId, pdf, version),
    };
  }

  /**
   * For the signature step: stores the signed PDF (never rewritten afterwards) and moves the
   * approved notice to `signed`. `signerId` is the user whose certificate signed it.
   */
  async attachSigned(meetingId: string, signerId: string, signedPdf: Uint8Array, expectedVersion: number) {
    const record = await this.deps.store.conclusions.getNotice(meetingId);
    const signer = await this.deps.store.users.getById(signerId);
    if (!signer) throw errors.notFound();
    await checkSignedRevision(this.deps.store, {
      meetingId,
      type: 'conclusion_notice',
      record,
      signerId,
      signers: NOTICE_SIGNERS,
      signedPdf,
      expectedVersion,
      words: WORDS,
    });
    return this.records.markSigned(record, meetingId, signer, signedPdf, expectedVersion);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private checkMeeting(standing: MeetingStanding): void {
    const status = standing.meeting.status;
    if (status === 'draft') throw errors.invalidState('notice_meeting_draft');
    if (status === 'cancelled') {
      const d = standing.decide('edit');
      if (!d.allow) throw refusal(d);
    }
  }

  private async requireConclusions(meetingId: string): Promise<void> {
    const all = await this.deps.store.conclusions.listByMeeting(meetingId);
    if (!all.some((c) => c.points.length > 0)) throw errors.invalidState('notice_empty');
  }

  private symbol(): string {
    return documentSymbol('conclusion_notice', this.deps.settings.issuerSymbol);
  }
}
