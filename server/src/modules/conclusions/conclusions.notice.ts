import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import {
  decideApproval,
  type ApprovalAction,
  type ApprovalHistoryEntry,
  type ApprovalState,
  type AuditAction,
  type ConclusionNotice,
  type NoticeActionInput,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor, refusal, type MeetingStanding } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import { VersionConflictError, type ConclusionNoticeRecord } from '../../store/port.js';
import { conclusionNoticeFilename } from '../official-documents/conclusion-notice.pdf.js';
import { documentSymbol } from '../official-documents/decree30.js';
import type { SignatureArea } from '../official-documents/decree30.layout.js';
import type { SigningFlow } from '../signatures/signatures.service.js';
import { verifyPdf } from '../signatures/verify.js';
import { broadcastConclusions } from './conclusions.broadcast.js';
import { renderNotice, renderNoticeWithArea } from './conclusions.render.js';
import { approvalRoles, type ConclusionsService } from './conclusions.service.js';
import { NOTICE_DELIVER_JOB, type ConclusionsDeps } from './conclusions.shared.js';

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
  /** Issues in progress per meeting, so two clicks do not put two PDFs in the library. */
  private readonly issuing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly deps: ConclusionsDeps,
    private readonly conclusions: ConclusionsService,
  ) {}

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
      roles: approvalRoles(standing),
      comment: input.comment,
    });
    if (!decision.allow) {
      switch (decision.reason) {
        case 'approval_role':
          // Someone who may not see the meeting's drafts hears only that they may not.
          if (!standing.may('organise') && standing.role !== 'chair') throw errors.forbidden();
          throw errors.forbidden(`approval_role_${decision.needs ?? 'drafter'}` as MessageKey);
        case 'approval_state':
          throw errors.invalidState(`approval_state_${input.action}` as MessageKey);
        case 'approval_comment_required':
          throw errors.invalid(
            [{ path: 'comment', key: 'approval_comment_required' }],
            'approval_comment_required',
          );
        case 'approval_signed_pdf_required':
          throw errors.invalid([], 'approval_signed_pdf_required');
        case 'approval_unsigned':
          throw errors.invalidState('notice_unsigned');
      }
    }
    this.checkMeeting(standing);
    if ((record?.version ?? 0) !== input.version) throw errors.conflict('notice_conflict');
    if (input.action === 'submit') await this.requireConclusions(meetingId);
    if (input.action === 'issue') {
      return { notice: await this.serialised(meetingId, () => this.issue(actor, standing, record, input)) };
    }
    const next = this.moved(
      record,
      meetingId,
      state,
      decision.to,
      input.action,
      actor,
      input.comment ?? null,
    );
    const saved = await this.save(next, input.version, actor, input.action, {
      comment: input.comment ?? null,
    });
    return { notice: await this.conclusions.presentNotice(standing, saved) };
  }

  /** `GET /meetings/:id/conclusions/notice.pdf`: the issued PDF, or the organisers' preview before. */
  async pdf(actor: Actor, meetingId: string): Promise<{ filename: string; bytes: Uint8Array }> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const record = await this.deps.store.conclusions.getNotice(meetingId);
    let out: { filename: string; bytes: Uint8Array };
    if (record?.state === 'issued' && record.documentId) {
      const doc = await this.deps.store.documents.getById(record.documentId);
      if (!doc) throw errors.notFound();
      out = { filename: doc.name, bytes: await readFile(this.deps.blobs.pathOf(doc.sha256)) };
    } else {
      if (!standing.may('organise')) throw errors.forbidden('notice_not_issued');
      const numbered = await this.deps.officialDocuments.numbered(meetingId, 'conclusion_notice');
      const conclusions = await this.deps.store.conclusions.listByMeeting(meetingId);
      const bytes = await renderNotice(this.deps, standing.meeting, numbered, conclusions);
      out = { filename: conclusionNoticeFilename(null, this.symbol()), bytes };
    }
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'export.conclusion_notice_pdf',
      targetType: 'meeting',
      targetId: meetingId,
      data: { state: record?.state ?? 'draft', documentId: record?.documentId ?? null },
      ip: actor.ip ?? null,
    });
    return out;
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
      signers: ['chair'],
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
    // The signer is the meeting's chair, whatever the caller: nobody else signs the notice.
    const participants = await this.deps.store.participants.listByMeeting(meetingId);
    const isChair = participants.some((p) => p.role === 'chair' && p.userId === signerId);
    const state = record?.state ?? 'draft';
    const d = decideApproval({
      state,
      action: 'sign',
      roles: isChair ? ['signer'] : [],
      signedPdf: signedPdf.byteLength > 0,
    });
    if (!d.allow) {
      if (d.reason === 'approval_role') throw errors.forbidden('approval_role_signer');
      if (d.reason === 'approval_signed_pdf_required')
        throw errors.invalid([], 'approval_signed_pdf_required');
      throw errors.invalidState('approval_state_sign');
    }
    if ((record?.version ?? 0) !== expectedVersion) throw errors.conflict('notice_conflict');
    // The PDF is the one the signature step stored for this notice, and its signatures hold.
    const stored = await this.deps.store.signedDocuments.get(meetingId, 'conclusion_notice');
    if (!stored || !stored.pdf.equals(signedPdf) || !bearsIntactSignature(signedPdf)) {
      throw errors.invalid([], 'signature_pdf_not_signed');
    }
    const sha256 = createHash('sha256').update(signedPdf).digest('hex');
    const temp = this.deps.blobs.tempPath();
    await writeFile(temp, signedPdf, { flag: 'wx' });
    await this.deps.blobs.adopt(temp, sha256);
    const actor = { user: signer, ip: undefined } as Pick<Actor, 'user' | 'ip'>;
    const next = {
      ...this.moved(record, meetingId, state, d.to, 'sign', actor, null),
      signed: { at: this.deps.clock.now().toISOString(), by: signerId, sha256 },
    };
    return this.save(next, expectedVersion, actor, 'sign', { sha256 });
  }

  // ---- issuing ------------------------------------------------------------------------------

  private async issue(
    actor: Actor,
    standing: MeetingStanding,
    record: ConclusionNoticeRecord | null,
    input: NoticeActionInput,
  ): Promise<ConclusionNotice> {
    const { store, officialDocuments, intake } = this.deps;
    const meetingId = standing.meeting.id;
    // Re-read under the lock: a click that waited behind an issue finds it done (409).
    const fresh = await store.conclusions.getNotice(meetingId);
    if ((fresh?.version ?? 0) !== input.version) throw errors.conflict('notice_conflict');
    // Only the signed PDF is issued, byte for byte (the state said signed; the bytes must be there).
    const signed = fresh?.signed;
    if (fresh?.state !== 'signed' || !signed) throw errors.invalidState('notice_unsigned');
    const doc = await officialDocuments.issue(meetingId, 'conclusion_notice', actor.user.id);
    const bytes = await readFile(this.deps.blobs.pathOf(signed.sha256));
    const library = await intake.importGenerated({
      meetingId,
      name: conclusionNoticeFilename(doc.number, doc.symbol),
      bytes,
      uploadedBy: actor.user.id,
    });
    const now = this.deps.clock.now().toISOString();
    const next: ConclusionNoticeRecord = {
      ...this.moved(
        record,
        meetingId,
        record?.state ?? 'draft',
        'issued',
        input.action,
        actor,
        input.comment ?? null,
      ),
      documentId: library.id,
      issuedAt: now,
    };
    try {
      const saved = await store.transaction(async () => {
        const s = await this.save(next, input.version, actor, input.action, {
          number: doc.number,
          symbol: doc.symbol,
          documentId: library.id,
          signed: true,
        });
        await this.deps.jobs.enqueueMany(await this.deliveryJobs(meetingId));
        return s;
      });
      await this.deps.bus.emit('conclusion.issued', { meetingId, documentId: library.id, signed: true });
      return await this.conclusions.presentNotice(standing, saved);
    } catch (e) {
      // Someone moved the notice meanwhile: the PDF just added is not the issued one.
      await store.documents.removeChain(library.id).catch(() => undefined);
      throw e;
    }
  }

  private async deliveryJobs(meetingId: string) {
    const participants = await this.deps.store.participants.listByMeeting(meetingId);
    const jobs = [];
    for (const p of participants) {
      const user = p.userId ? await this.deps.store.users.getById(p.userId) : null;
      const channels = [
        ...(p.userId ? ['in_app'] : []),
        ...((user?.email ?? p.guest?.email) ? ['email'] : []),
      ];
      for (const channel of channels) {
        jobs.push({
          kind: NOTICE_DELIVER_JOB,
          key: `conclusion_notice:${meetingId}:${p.id}:${channel}`,
          payload: { meetingId, participantId: p.id, channel },
          maxAttempts: channel === 'in_app' ? 3 : 6,
        });
      }
    }
    return jobs;
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

  private moved(
    record: ConclusionNoticeRecord | null,
    meetingId: string,
    from: ApprovalState,
    to: ApprovalState,
    action: ApprovalAction,
    actor: Pick<Actor, 'user'>,
    comment: string | null,
  ): ConclusionNoticeRecord {
    const now = this.deps.clock.now().toISOString();
    const entry: ApprovalHistoryEntry = {
      action,
      from,
      to,
      by: actor.user.id,
      byName: actor.user.fullName,
      at: now,
      comment,
    };
    return {
      meetingId,
      state: to,
      version: (record?.version ?? 0) + 1,
      signed: record?.signed ?? null,
      documentId: record?.documentId ?? null,
      issuedAt: record?.issuedAt ?? null,
      history: [...(record?.history ?? []), entry],
      updatedAt: now,
    };
  }

  private async save(
    next: ConclusionNoticeRecord,
    expected: number,
    actor: Pick<Actor, 'user' | 'ip'>,
    action: ApprovalAction,
    data: Record<string, unknown>,
  ): Promise<ConclusionNoticeRecord> {
    const { store } = this.deps;
    try {
      const written = await store.transaction(async () => {
        const saved = await store.conclusions.saveNotice(next, expected);
        await this.deps.audit.record({
          actorId: actor.user.id,
          action: AUDIT[action],
          targetType: 'meeting',
          targetId: next.meetingId,
          data: {
            action,
            from: next.history.at(-1)?.from ?? null,
            to: next.state,
            version: next.version,
            ...data,
          },
          ip: actor.ip ?? null,
        });
        return saved;
      });
      await broadcastConclusions(this.deps, { meetingId: next.meetingId, notice: next.state });
      return written;
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('notice_conflict');
      throw e;
    }
  }

  private symbol(): string {
    return documentSymbol('conclusion_notice', this.deps.settings.issuerSymbol);
  }

  private async serialised<T>(meetingId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.issuing.get(meetingId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.issuing.set(meetingId, tail);
    try {
      return await run;
    } finally {
      if (this.issuing.get(meetingId) === tail) this.issuing.delete(meetingId);
    }
  }
}

/**
 * Whether a PDF bears at least one signature, every one intact, the last covering the whole file
 * and nothing added after the signatures (a PDF that is unsigned or was changed is refused).
 */
export function bearsIntactSignature(pdf: Uint8Array): boolean {
  const reports = verifyPdf(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), []);
  const last = reports.at(-1);
  return (
    last !== undefined && last.coversWholeDocument && reports.every((r) => r.intact && !r.changedAfterSigning)
  );
}
