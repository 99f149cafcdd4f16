/**
 * The types the signature step shares with the flows that plug into it (the conclusion notice's
 * and the minutes' approval): the approval gate, a document's signing flow, and what the
 * signatures service is built with.
 */
import type { SignableDocumentType } from '@icabinet/shared';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { OfficialDocumentsConfig, SignaturesConfig } from '../../config/config.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import type { Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OfficialDocumentsService } from '../official-documents/official-documents.service.js';
import type { SignatureArea } from '../official-documents/invitation.pdf.js';
import type { SignerRole } from './signatures.checks.js';

/** Where a digital signature's visible block goes, in PDF points (see official-documents). */
export type { SignatureArea };

/**
 * Whether a document may be signed, from the approval flow (conclusions, minutes): `none` where
 * the document type has no approval state (the invitation). The flow plugs its own in with
 * `setApprovalGate`.
 */
export type ApprovalGate = (
  meetingId: string,
  type: SignableDocumentType,
) => Promise<'approved' | 'not_approved' | 'none'>;

/**
 * A document with its own approval flow (the conclusion notice, the minutes): who signs it, what
 * is signed, and where each signed revision goes. The flow keeps a version that the signer names
 * (a stale one is refused); `attach` runs in the same unit of work as the stored signature, so a
 * refusal there keeps neither.
 */
export interface SigningFlow {
  /** The meeting roles that sign, in this order; the last one completes the document. */
  signers: readonly SignerRole[];
  /** The flow's version now. */
  version(meetingId: string): Promise<number>;
  /** The flow's state now (`issued`: the signed PDF is public to the meeting). */
  state(meetingId: string): Promise<string>;
  /** The approved document to sign, drawn now (numbered from the register). */
  render(
    meetingId: string,
    byUserId: string,
  ): Promise<{ filename: string; bytes: Uint8Array; signatureArea: SignatureArea }>;
  /** Where a signer's visible block goes in the document's signature space (default: one under the other). */
  areaFor?(role: SignerRole, area: SignatureArea): SignatureArea;
  /** Takes a signed revision: `complete` when every signer has signed. */
  attach(a: {
    meetingId: string;
    signerId: string;
    pdf: Buffer;
    version: number;
    complete: boolean;
  }): Promise<unknown>;
}

export interface SignaturesDeps {
  store: Store;
  audit: AuditService;
  clock: Clock;
  access: MeetingAccess;
  logger: Pick<Logger, 'info' | 'warn'>;
  settings: SignaturesConfig;
  issuer: OfficialDocumentsConfig;
  officialDocuments: OfficialDocumentsService;
}
