/**
 * One signed revision of a document: the bytes to sign (the stored signed PDF, or the official
 * document drawn now), the field and visible block of the next signature, and the storing of the
 * signed bytes once the verifier has checked them, audited and handed to the document's approval
 * flow in one unit of work.
 */
import type { X509Certificate } from 'node:crypto';
import {
  ErrorCode,
  type SignableDocumentType,
  type SignatureEntry,
  type SignedDocumentSummary,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { AppError, errors } from '../../errors.js';
import type { SignedDocumentRecord } from '../../store/port.js';
import type { SignerRole } from './signatures.checks.js';
import type { SignatureArea, SigningFlow, SignaturesDeps } from './signatures.types.js';
import { ascii } from './sign-pdf.js';
import { verifyPdf } from './verify.js';

/** The bytes a signature goes on, with the file's name and the document's signature space. */
export interface SigningSource {
  pdf: Buffer;
  fileName: string;
  area: SignatureArea;
}

export const summary = (r: SignedDocumentRecord): SignedDocumentSummary => ({
  meetingId: r.meetingId,
  type: r.type,
  fileName: r.fileName,
  revision: r.revision,
  signatures: r.signatures,
  updatedAt: r.updatedAt,
});

export class SignedRevisions {
  constructor(
    private readonly deps: SignaturesDeps,
    /** The document types with an approval flow (set by the flows, read at each signature). */
    private readonly flows: ReadonlyMap<SignableDocumentType, SigningFlow>,
  ) {}

  /** The bytes to sign: the stored signed PDF, or the official document rendered now. */
  async source(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
    base: SignedDocumentRecord | null,
  ): Promise<SigningSource> {
    if (base) return { pdf: base.pdf, fileName: base.fileName, area: base.area };
    const flow = this.flows.get(type);
    if (flow) {
      const doc = await flow.render(meetingId, actor.user.id);
      return { pdf: Buffer.from(doc.bytes), fileName: doc.filename, area: doc.signatureArea };
    }
    if (type !== 'invitation') throw errors.notFound('signature_document_not_found');
    const meeting = await this.deps.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound();
    const doc = await this.deps.officialDocuments.invitationForSigning(meeting);
    return { pdf: Buffer.from(doc.bytes), fileName: doc.filename, area: doc.signatureArea };
  }

  /** The field and visible block of the next signature: the first in the signature space, later ones below it. */
  placeholder(
    actor: Actor,
    role: SignerRole,
    source: { pdf: Buffer; area: SignatureArea },
    signingTime: Date,
    type: SignableDocumentType,
  ) {
    const index = (source.pdf.toString('latin1').match(/\/ByteRange\s*\[/g) ?? []).length;
    const flow = this.flows.get(type);
    const placed = flow?.areaFor?.(role, source.area);
    const area = placed ?? source.area;
    const y = placed || index === 0 ? area.y : Math.max(14, area.y - 22 - index * (area.height + 4));
    const issuerName = this.deps.issuer.issuer.join(' ');
    const signerName = this.deps.issuer.signer.name;
    const isAuthority =
      role === 'chair' ||
      (signerName !== '' && signerName.normalize('NFC') === actor.user.fullName.normalize('NFC'));
    return {
      area: { ...area, y },
      fieldName: `ChuKy${index + 1}`,
      signingTime,
      name: ascii(actor.user.fullName),
      reason: ascii(`Ky so van ban (${role === 'chair' ? 'chu tri' : 'thu ky'})`),
      location: ascii(this.deps.issuer.place),
      appearance: {
        signerName: actor.user.fullName,
        position: actor.user.title,
        organisation: issuerName,
        signingTime,
        seal: isAuthority
          ? { pngPath: this.deps.settings.sealImage, symbol: this.deps.issuer.issuerSymbol }
          : null,
      },
    };
  }

  /** Checks the new signature with the verifier, stores the revision and audits it. */
  async store(
    actor: Actor,
    role: SignerRole,
    method: 'p12' | 'external',
    r: {
      meetingId: string;
      type: SignableDocumentType;
      /** The approval flow's version the signer named (documents with a flow). */
      version: number | null;
      base: SignedDocumentRecord | null;
      source: { fileName: string; area: SignatureArea };
      signed: Buffer;
      certificate: X509Certificate;
      signingTime: Date;
    },
  ): Promise<SignedDocumentSummary> {
    const reports = verifyPdf(r.signed, []);
    const last = reports[reports.length - 1];
    if (
      !last?.intact ||
      !last.coversWholeDocument ||
      reports.slice(0, -1).some((x) => x.changedAfterSigning)
    ) {
      throw new AppError(ErrorCode.invalid_input, 'signature_value_invalid');
    }
    const { meetingId } = r;
    const entry: SignatureEntry = {
      userId: actor.user.id,
      fullName: actor.user.fullName,
      role,
      signedAt: r.signingTime.toISOString(),
      certificateSubject: last.signer?.subject ?? '',
      certificateIssuer: last.signer?.issuer ?? '',
      certificateSerial: last.signer?.serialNumber ?? '',
    };
    const record: SignedDocumentRecord = {
      meetingId,
      type: r.type,
      fileName: r.source.fileName,
      pdf: r.signed,
      revision: (r.base?.revision ?? 0) + 1,
      signatures: [...(r.base?.signatures ?? []), entry],
      area: r.base?.area ?? r.source.area,
      updatedAt: this.deps.clock.now().toISOString(),
    };
    const flow = this.flows.get(r.type);
    const { store } = this.deps;
    // The signed revision, its audit entry and the approval flow's move: all kept, or none.
    await store.transaction(async () => {
      if (!(await store.signedDocuments.save(record))) throw errors.conflict('signature_conflict');
      await this.deps.audit.record({
        actorId: actor.user.id,
        action: 'official_document.signed',
        targetType: 'meeting',
        targetId: meetingId,
        data: {
          type: record.type,
          revision: record.revision,
          role,
          method,
          certificateSerial: entry.certificateSerial,
          certificateIssuer: entry.certificateIssuer,
        },
        ip: actor.ip ?? null,
      });
      if (flow) {
        if (r.version === null) throw errors.invalid([], 'signature_version_required');
        const signedRoles = new Set(record.signatures.map((s) => s.role));
        await flow.attach({
          meetingId,
          signerId: actor.user.id,
          pdf: r.signed,
          version: r.version,
          complete: flow.signers.every((x) => signedRoles.has(x)),
        });
      }
    });
    return summary(record);
  }
}
