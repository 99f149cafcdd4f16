/**
 * The checks the conclusion notice's and the minutes' approval flows share (the rules of each
 * move are shared/src/domain/approval.ts): who holds which role in a document's approval, the
 * refusal of a move the rules do not allow in the flow's own words, and the checks on a signed
 * revision the signature step hands back. What differs between the documents (who signs, why an
 * approved document is not issued yet) is passed in.
 */
import {
  decideApproval,
  type ApprovalAction,
  type ApprovalDecision,
  type ApprovalRole,
} from '@icabinet/shared';
import type { MeetingStanding } from '../../access/meeting-access.js';
import { errors, type AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { SignedDocumentRecord, Store } from '../../store/port.js';
import type { SignerRole } from '../signatures/signatures.checks.js';
import { verifyPdf } from '../signatures/verify.js';
import type { ApprovalRecord } from './approval-records.js';

/**
 * A flow's words: the prefix of its refusals' message keys (`approval_role_approver`,
 * `minutes_approval_role_approver`, …) and its 409 of a stale version.
 */
export interface ApprovalWords {
  prefix: 'approval_' | 'minutes_approval_';
  conflict: MessageKey;
}

/**
 * The roles a caller holds in a document's approval: the organisers draft, submit and issue; the
 * chair approves; the meeting roles among `signers` sign (PAdES, through the signature step).
 */
export function approvalRolesOf(standing: MeetingStanding, signers: readonly SignerRole[]): ApprovalRole[] {
  const roles: ApprovalRole[] = [];
  if (standing.may('organise')) roles.push('drafter');
  if (standing.role === 'chair') roles.push('approver');
  if ((standing.role === 'chair' || standing.role === 'secretary') && signers.includes(standing.role))
    roles.push('signer');
  return roles;
}

/**
 * The refusal of a move `decideApproval` did not allow, in the flow's words; `unsigned` names why
 * an approved document is not issued yet (the signature still missing).
 */
export async function moveRefusal(
  d: Extract<ApprovalDecision, { allow: false }>,
  standing: MeetingStanding,
  action: ApprovalAction,
  words: ApprovalWords,
  unsigned: () => Promise<MessageKey>,
): Promise<AppError> {
  switch (d.reason) {
    case 'approval_role':
      // Someone who may not see the meeting's drafts hears only that they may not.
      if (!standing.may('organise') && standing.role !== 'chair') return errors.forbidden();
      return errors.forbidden(`${words.prefix}role_${d.needs ?? 'drafter'}` as MessageKey);
    case 'approval_state':
      return errors.invalidState(`${words.prefix}state_${action}` as MessageKey);
    case 'approval_comment_required':
      return errors.invalid(
        [{ path: 'comment', key: 'approval_comment_required' }],
        'approval_comment_required',
      );
    case 'approval_signed_pdf_required':
      return errors.invalid([], 'approval_signed_pdf_required');
    case 'approval_unsigned':
      return errors.invalidState(await unsigned());
  }
}

/**
 * Checks a signed revision the signature step hands back (in its unit of work): the signer holds
 * one of the meeting roles that sign, the document is approved, the version is the one read, and
 * the PDF is the one the signature step stored for it, every signature intact. Answers the stored
 * signed document.
 */
export async function checkSignedRevision(
  store: Pick<Store, 'participants' | 'signedDocuments'>,
  c: {
    meetingId: string;
    type: 'conclusion_notice' | 'minutes';
    record: ApprovalRecord | null;
    signerId: string;
    signers: readonly SignerRole[];
    signedPdf: Uint8Array;
    expectedVersion: number;
    words: ApprovalWords;
  },
): Promise<SignedDocumentRecord> {
  // The signer is who the meeting names, whatever the caller: nobody else signs the document.
  const participants = await store.participants.listByMeeting(c.meetingId);
  const signs = participants.some(
    (p) => p.userId === c.signerId && (c.signers as readonly string[]).includes(p.role),
  );
  const d = decideApproval({
    state: c.record?.state ?? 'draft',
    action: 'sign',
    roles: signs ? ['signer'] : [],
    signedPdf: c.signedPdf.byteLength > 0,
  });
  if (!d.allow) {
    if (d.reason === 'approval_role') throw errors.forbidden(`${c.words.prefix}role_signer` as MessageKey);
    if (d.reason === 'approval_signed_pdf_required') throw errors.invalid([], 'approval_signed_pdf_required');
    throw errors.invalidState(`${c.words.prefix}state_sign` as MessageKey);
  }
  if ((c.record?.version ?? 0) !== c.expectedVersion) throw errors.conflict(c.words.conflict);
  const stored = await store.signedDocuments.get(c.meetingId, c.type);
  if (!stored || !stored.pdf.equals(c.signedPdf) || !bearsIntactSignature(c.signedPdf)) {
    throw errors.invalid([], 'signature_pdf_not_signed');
  }
  return stored;
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
