import * as Y from 'yjs';
import {
  availableApprovalActions,
  decideApproval,
  ErrorCode,
  meetingRoom,
  MINUTES_FRAGMENT,
  type ApprovalAction,
  type ApprovalRole,
  type ApprovalState,
  type AuditAction,
  type MinutesApproval,
  type MinutesApprovalInput,
  type SignatureEntry,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor, type MeetingStanding } from '../../access/meeting-access.js';
import { AppError, errors } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { MeetingRecord, OfficialDocumentRecord } from '../../store/port.js';
import type { MinutesApprovalRecord } from '../../store/minutes.port.js';
import type { ConclusionsDeps } from '../conclusions/conclusions.shared.js';
import {
  approvalRolesOf,
  checkSignedRevision,
  moveRefusal,
  type ApprovalWords,
} from '../official-documents/approval-checks.js';
import { ApprovalRecords } from '../official-documents/approval-records.js';
import { documentSymbol } from '../official-documents/decree30.js';
import type { SignatureArea } from '../official-documents/decree30.layout.js';
import { minutesFilename, minutesPdf } from '../official-documents/minutes.pdf.js';
import type { SignerRole } from '../signatures/signatures.checks.js';
import type { SigningFlow } from '../signatures/signatures.types.js';
import { readBlocks } from './minutes.blocks.js';
import { minutesKey, minutesRoom, type MinutesService } from './minutes.service.js';

/** The approval flow of the minutes needs what the conclusion notice's does (store, library, jobs, mail). */
export type MinutesApprovalDeps = ConclusionsDeps;

/** The job that delivers issued minutes to one participant on one channel. */
export const MINUTES_DELIVER_JOB = 'minutes.deliver';

const AUDIT: Record<ApprovalAction, AuditAction> = {
  submit: 'minutes.submitted',
  withdraw: 'minutes.withdrawn',
  return: 'minutes.returned',
  approve: 'minutes.approved',
  sign: 'minutes.signed',
  issue: 'minutes.issued',
  issueUnsigned: 'minutes.issued',
};

/** The minutes' refusals say `minutes_approval_…`, as does a stale version. */
const WORDS: ApprovalWords = { prefix: 'minutes_approval_', conflict: 'minutes_approval_conflict' };

/** Who signs the minutes, in the order the issue expects them. */
const MINUTES_SIGNERS = ['secretary', 'chair'] as const;

/** The signers of the minutes who have not signed yet. */
const missingSigners = (signed: readonly string[]): ('secretary' | 'chair')[] =>
  MINUTES_SIGNERS.filter((r) => !signed.includes(r));

/** Why unsigned minutes are not issued, by the signature still missing. */
const UNSIGNED = {
  both: 'minutes_unsigned_both',
  secretary: 'minutes_unsigned_secretary',
  chair: 'minutes_unsigned_chair',
} as const satisfies Record<string, MessageKey>;

/**
 * Whether the caller may still sign the minutes: a secretary while no secretary has signed, the
 * chair once a secretary has (and neither twice).
 */
export function mayStillSign(standing: MeetingStanding, signatures: readonly SignatureEntry[]): boolean {
  if (signatures.some((s) => s.userId === standing.caller.userId)) return false;
  const secretarySigned = signatures.some((s) => s.role === 'secretary');
  if (standing.role === 'secretary') return !secretarySigned;
  if (standing.role === 'chair') return secretarySigned;
  return false;
}

/** The roles a caller holds in the minutes' approval: the secretary and the chair both sign. */
export const minutesApprovalRoles = (standing: MeetingStanding): ApprovalRole[] =>
  approvalRolesOf(standing, MINUTES_SIGNERS);

/**
 * The minutes as an official document (biên bản họp): the locked text drawn in the Decree 30
 * form, submitted to the chair, returned or approved, signed with PAdES by the secretary and the
 * chair (two incremental signatures through the signature step, `signingFlow`), then issued into
 * the library read-only and delivered to the participants; `minutes.signed` is told on the bus
 * when the signed minutes are issued. Issued means signed: issuing before both have signed (or
 * the retired `issueUnsigned`) is refused with 409, naming the signature still missing, and
 * changes nothing. Every move is made on the version read and audited.
 */
export class MinutesApprovalFlow {
  /** The moves' history, saving, signing and issuing, shared with the conclusion notice's flow. */
  private readonly records: ApprovalRecords;

  constructor(
    private readonly deps: MinutesApprovalDeps,
    private readonly minutes: MinutesService,
  ) {
    this.records = new ApprovalRecords(deps, {
      type: 'minutes',
      audit: AUDIT,
      exportAudit: 'export.minutes_pdf',
      conflict: WORDS.conflict,
      unsigned: UNSIGNED.both,
      deliverJob: MINUTES_DELIVER_JOB,
      get: (meetingId) => deps.store.minutes.getApproval(meetingId),
      put: (next, expected) => deps.store.minutes.saveApproval(next, expected),
      changed: (next) => this.changed(next.meetingId),
      filename: minutesFilename,
      issued: (meetingId, documentId) => deps.bus.emit('minutes.signed', { meetingId, documentId }),
    });
  }

  /** What `GET /meetings/:id/minutes` tells of the approval, for this caller. */
  async present(standing: MeetingStanding, record?: MinutesApprovalRecord | null): Promise<MinutesApproval> {
    const meetingId = standing.meeting.id;
    const r = record === undefined ? await this.deps.store.minutes.getApproval(meetingId) : record;
    const [numbered, signedDoc] = await Promise.all([
      this.deps.store.officialDocuments.get(meetingId, 'minutes'),
      this.deps.store.signedDocuments.get(meetingId, 'minutes'),
    ]);
    const state = r?.state ?? 'draft';
    const signatures = signedDoc?.signatures ?? [];
    const roles = minutesApprovalRoles(standing);
    const signs = mayStillSign(standing, signatures);
    return {
      state,
      version: r?.version ?? 0,
      number: numbered?.number ?? null,
      symbol: numbered?.symbol ?? null,
      signatures,
      signed: r?.signed ?? null,
      documentId: r?.documentId ?? null,
      issuedAt: r?.issuedAt ?? null,
      history: standing.may('organise') ? (r?.history ?? []) : [],
      // `sign` for whose turn it is: a secretary first (only one), then the chair.
      actions: availableApprovalActions(state, roles).filter((a) => a !== 'sign' || signs),
      // Issued means signed: the drafters see "Ban hành" wait for the signatures still missing.
      issueBlocked:
        state === 'approved' && roles.includes('drafter')
          ? { missing: missingSigners(signatures.map((s) => s.role)) }
          : null,
    };
  }

  /** `POST /meetings/:id/minutes/approval`: one move on the version read. */
  async act(
    actor: Actor,
    meetingId: string,
    input: MinutesApprovalInput,
  ): Promise<{ approval: MinutesApproval }> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const record = await this.deps.store.minutes.getApproval(meetingId);
    const state: ApprovalState = record?.state ?? 'draft';
    const decision = decideApproval({
      state,
      action: input.action,
      roles: minutesApprovalRoles(standing),
      comment: input.comment,
    });
    if (!decision.allow) {
      throw await moveRefusal(decision, standing, input.action, WORDS, async () => {
        const signed = await this.deps.store.signedDocuments.get(meetingId, 'minutes');
        const missing = missingSigners(signed?.signatures.map((s) => s.role) ?? []);
        return UNSIGNED[missing.length === 1 ? (missing[0] ?? 'both') : 'both'];
      });
    }
    // Who may not make the move hears that first; then whether the meeting has minutes at all.
    const status = standing.meeting.status;
    if (status === 'draft') throw errors.invalidState('minutes_meeting_draft');
    if (status === 'cancelled') throw errors.invalidState('minutes_meeting_cancelled');
    if ((record?.version ?? 0) !== input.version) throw errors.conflict('minutes_approval_conflict');
    if (input.action === 'submit') {
      const minutes = await this.deps.store.minutes.get(meetingId);
      if (!minutes?.lockedAt || !minutes.lockedVersionId)
        throw errors.invalidState('minutes_submit_unlocked');
    }
    if (input.action === 'issue') {
      const issued = await this.records.issue(actor, meetingId, input);
      return { approval: await this.present(standing, issued) };
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
    return { approval: await this.present(standing, saved) };
  }

  /** `GET /meetings/:id/minutes/minutes.pdf`: the issued PDF, or the organisers' preview before. */
  async pdf(actor: Actor, meetingId: string): Promise<{ filename: string; bytes: Uint8Array }> {
    // Who may read the minutes may read their PDF (the same refusals as the minutes' page).
    await this.minutes.state(
      { userId: actor.user.id, systemRole: actor.user.systemRole, fullName: actor.user.fullName },
      meetingId,
    );
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    return this.records.pdf(actor, meetingId, async () => {
      if (!standing.may('organise') && standing.role !== 'chair' && standing.role !== 'secretary')
        throw errors.forbidden('minutes_not_issued');
      const numbered = await this.deps.officialDocuments.numbered(meetingId, 'minutes');
      const drawn = await this.render(standing.meeting, numbered);
      return {
        filename: minutesFilename(numbered?.number ?? null, numbered?.symbol ?? this.symbol()),
        bytes: drawn.bytes,
      };
    });
  }

  /** The minutes as the signature step sees them: approved minutes, signed by the secretary and the chair. */
  signingFlow(): SigningFlow & { state(meetingId: string): Promise<ApprovalState> } {
    return {
      signers: [...MINUTES_SIGNERS],
      state: async (meetingId) => (await this.deps.store.minutes.getApproval(meetingId))?.state ?? 'draft',
      version: async (meetingId) => (await this.deps.store.minutes.getApproval(meetingId))?.version ?? 0,
      render: (meetingId, byUserId) => this.pdfForSigning(meetingId, byUserId),
      // The signature space is the row of both blocks: the secretary's half left, the chair's right.
      areaFor: (role: SignerRole, area: SignatureArea) =>
        role === 'secretary'
          ? { ...area, width: area.width / 2 }
          : { ...area, x: area.x + area.width / 2, width: area.width / 2 },
      attach: (a) => this.attachSigned(a.meetingId, a.signerId, a.pdf, a.version, a.complete),
    };
  }

  /**
   * The approved minutes numbered from the register (BB) and drawn from the locked text, to sign:
   * the first signature's PDF, drawn for the secretary who signs it (the chair signs after a
   * secretary, on these bytes; the chair first is refused with 409 before anything is drawn).
   */
  async pdfForSigning(
    meetingId: string,
    byUserId: string,
  ): Promise<{ filename: string; bytes: Uint8Array; signatureArea: SignatureArea }> {
    const meeting = await this.deps.store.meetings.getById(meetingId);
    const record = await this.deps.store.minutes.getApproval(meetingId);
    if (!meeting) throw errors.notFound();
    if (record?.state !== 'approved') throw errors.invalidState('minutes_approval_state_sign');
    const participants = await this.deps.store.participants.listByMeeting(meetingId);
    if (!participants.some((p) => p.userId === byUserId && p.role === 'secretary')) {
      throw errors.invalidState('minutes_sign_secretary_first');
    }
    const doc = await this.deps.officialDocuments.issue(meetingId, 'minutes', byUserId);
    const { bytes, signatureAreas } = await this.render(meeting, doc, byUserId);
    const { secretary, chair } = signatureAreas;
    return {
      filename: minutesFilename(doc.number, doc.symbol),
      bytes,
      signatureArea: {
        page: chair.page,
        x: secretary.x,
        y: Math.min(secretary.y, chair.y),
        width: chair.x + chair.width - secretary.x,
        height: Math.max(secretary.height, chair.height),
      },
    };
  }

  /**
   * Takes a signed revision of the minutes from the signature step (in its unit of work). The
   * PDF must be the one it stored, with every signature intact; once both have signed
   * (`complete`) the minutes move to `signed`.
   */
  async attachSigned(
    meetingId: string,
    signerId: string,
    signedPdf: Uint8Array,
    expectedVersion: number,
    complete: boolean,
  ): Promise<MinutesApprovalRecord | null> {
    const record = await this.deps.store.minutes.getApproval(meetingId);
    const signer = await this.deps.store.users.getById(signerId);
    if (!signer) throw errors.notFound();
    const stored = await checkSignedRevision(this.deps.store, {
      meetingId,
      type: 'minutes',
      record,
      signerId,
      signers: MINUTES_SIGNERS,
      signedPdf,
      expectedVersion,
      words: WORDS,
    });
    // One secretary signs, the one named under "THƯ KÝ" (who signed first): another is refused,
    // and the unit of work keeps nothing of the signature.
    const first = stored.signatures[0];
    const last = stored.signatures[stored.signatures.length - 1];
    if (first?.role !== 'secretary') throw errors.invalidState('minutes_sign_secretary_first');
    if (last && last !== first && last.role === 'secretary') {
      throw new AppError(ErrorCode.forbidden, 'minutes_sign_other_secretary', { name: first.fullName });
    }
    if (!complete) {
      // The chair's screen offers "Ký số" now that the secretary has signed.
      await this.changed(meetingId);
      return record;
    }
    return this.records.markSigned(record, meetingId, signer, signedPdf, expectedVersion, {
      signers: stored.signatures.map((s) => s.role),
    });
  }

  // ---- drawing and issuing --------------------------------------------------------------------

  /**
   * The PDF of the locked text (or of the text as it is, for a preview of unlocked minutes).
   * Under "THƯ KÝ" it names the secretary who signs: `signerId` when the PDF is drawn for the
   * secretary's signature (the first one; no other secretary may sign after), else (a preview)
   * the secretary who locked the minutes, else the first secretary.
   */
  private async render(meeting: MeetingRecord, doc: OfficialDocumentRecord | null, signerId?: string) {
    const { store, settings } = this.deps;
    const record = await store.minutes.get(meeting.id);
    const ydoc = new Y.Doc();
    try {
      const locked = record?.lockedVersionId
        ? await store.minutes.getVersion(meeting.id, record.lockedVersionId)
        : null;
      if (locked) Y.applyUpdate(ydoc, locked.state);
      else {
        const state = await this.minutes.docs.read(minutesKey(meeting.id), (live) =>
          Y.encodeStateAsUpdate(live),
        );
        Y.applyUpdate(ydoc, state);
      }
      const blocks = readBlocks(ydoc.getXmlFragment(MINUTES_FRAGMENT));
      const participants = await store.participants.listByMeeting(meeting.id);
      const nameOf = async (role: 'chair' | 'secretary') => {
        const preferred = role === 'secretary' ? [signerId, record?.lockedBy] : [];
        const p =
          preferred
            .map((id) => participants.find((x) => x.role === role && id && x.userId === id))
            .find(Boolean) ?? participants.find((x) => x.role === role);
        if (!p) return null;
        const user = p.userId ? await store.users.getById(p.userId) : null;
        return user?.fullName ?? p.guest?.fullName ?? null;
      };
      return await minutesPdf({
        issuer: settings.issuer,
        place: settings.place,
        number: doc?.number ?? null,
        symbol: doc?.symbol ?? this.symbol(),
        issuedAt: doc?.issuedAt ?? this.deps.clock.now().toISOString(),
        meetingTitle: meeting.title,
        blocks,
        secretary: (await nameOf('secretary')) ?? record?.lockedByName ?? null,
        chair: await nameOf('chair'),
      });
    } finally {
      ydoc.destroy();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The minutes' screens reload their state (the buttons follow the approval). */
  private async changed(meetingId: string): Promise<void> {
    const minutes = await this.deps.store.minutes.get(meetingId);
    this.deps.io.to([meetingRoom(meetingId), minutesRoom(meetingId)]).emit('minutes:changed', {
      meetingId,
      locked: !!minutes?.lockedAt,
      othersMayEdit: minutes?.othersMayEdit ?? false,
    });
  }

  private symbol(): string {
    return documentSymbol('minutes', this.deps.settings.issuerSymbol);
  }
}
