import { createHash, randomBytes, type X509Certificate } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type {
  ExternalSignSession,
  SignableDocumentType,
  SignatureEntry,
  SignedDocumentSummary,
  VerifyReport,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor, type MeetingAccess } from '../../access/meeting-access.js';
import type { OfficialDocumentsConfig, SignaturesConfig } from '../../config/config.js';
import { errors, AppError } from '../../errors.js';
import { ErrorCode } from '@icabinet/shared';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import type { SignedDocumentRecord, Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OfficialDocumentsService } from '../official-documents/official-documents.service.js';
import { checkCredential, type SignerRole } from './signatures.checks.js';
import { ascii, signPdf } from './sign-pdf.js';
import { addSignaturePlaceholder } from './pdf-increment.js';
import {
  attributesHash,
  CredentialError,
  ExternalSigner,
  loadTrustedRoots,
  p12Credential,
  readCertificates,
} from './signers.js';
import { verifyPdf } from './verify.js';
import { SignPdf } from '@signpdf/signpdf';
import type { Signer } from '@signpdf/utils';
import type { SignatureArea } from './signatures.types.js';

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

interface ExternalSession {
  userId: string;
  meetingId: string;
  type: SignableDocumentType;
  role: SignerRole;
  version: number | null;
  prepared: Buffer;
  signingTime: Date;
  certificates: X509Certificate[];
  base: SignedDocumentRecord | null;
  fileName: string;
  area: SignatureArea;
  timer: NodeJS.Timeout;
}

const credentialKey = {
  p12_wrong_password: 'signature_p12_wrong_password',
  p12_unreadable: 'signature_p12_unreadable',
  p12_no_key: 'signature_p12_no_key',
  certificate_unreadable: 'signature_certificate_unreadable',
} as const;

/** A refusal of a credential: a 400 with the reason in the caller's language. */
const credentialError = (e: unknown): unknown =>
  e instanceof CredentialError ? new AppError(ErrorCode.invalid_input, credentialKey[e.problem]) : e;

/**
 * Digital signatures of a meeting's official documents (PAdES through @signpdf) and
 * verification of any signed PDF. A signed document is stored byte for byte; each further
 * signature is an incremental update of those bytes, so earlier signatures stay valid.
 */
export class SignaturesService {
  private approval: ApprovalGate = () => Promise.resolve('none');
  private readonly flows = new Map<SignableDocumentType, SigningFlow>();
  private readonly sessions = new Map<string, ExternalSession>();

  constructor(private readonly deps: SignaturesDeps) {}

  /** The approval flow's check (conclusions, minutes) replaces the default "no approval state". */
  setApprovalGate(gate: ApprovalGate): void {
    this.approval = gate;
  }

  /** A document type with an approval flow: its signers, its source and where signed revisions go. */
  setFlow(type: SignableDocumentType, flow: SigningFlow): void {
    this.flows.set(type, flow);
  }

  /** Checks every signature of an uploaded PDF. */
  async verify(fileName: string, pdf: Buffer): Promise<VerifyReport> {
    if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw errors.invalid([], 'signature_verify_not_pdf', { name: fileName });
    }
    const roots = await loadTrustedRoots(this.deps.settings.trustedRootsDir);
    const signatures = verifyPdf(pdf, roots);
    if (signatures.length === 0) {
      const readable = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true })
        .then((d) => d.getPageCount() > 0)
        .catch(() => false);
      throw errors.invalid([], readable ? 'signature_verify_unsigned' : 'signature_verify_damaged', {
        name: fileName,
      });
    }
    return {
      fileName,
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      signatures,
      trustedRoots: roots.length,
    };
  }

  /** Who has signed so far; null before the first signature. */
  async status(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
  ): Promise<SignedDocumentSummary | null> {
    await this.mayRead(actor, meetingId, type);
    const record = await this.deps.store.signedDocuments.get(meetingId, type);
    return record ? summary(record) : null;
  }

  /** The signed PDF as stored. */
  async signedPdf(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
  ): Promise<SignedDocumentRecord> {
    await this.mayRead(actor, meetingId, type);
    const record = await this.deps.store.signedDocuments.get(meetingId, type);
    if (!record) throw errors.notFound('signature_document_not_found');
    return record;
  }

  /**
   * Who may see a document's signatures: every participant for the invitation; for a document
   * with an approval flow, its organisers and signers until it is issued (drafts are theirs).
   */
  private async mayRead(actor: Actor, meetingId: string, type: SignableDocumentType): Promise<void> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const flow = this.flows.get(type);
    if (!flow || standing.may('organise')) return;
    const role = standing.role;
    if ((role === 'chair' || role === 'secretary') && flow.signers.includes(role)) return;
    if ((await flow.state(meetingId)) !== 'issued') throw errors.forbidden('signature_not_issued');
  }

  /** Refuses (before a request body is read) a caller who may not sign the document now. */
  async requireSigner(actor: Actor, meetingId: string, type: SignableDocumentType): Promise<void> {
    await this.mayStart(actor, meetingId, type, undefined);
  }

  /** Signs with a PKCS#12 file; its password is used for this signature and kept nowhere. */
  async signWithP12(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
    p12: Buffer,
    password: string,
    version?: number,
  ): Promise<SignedDocumentSummary> {
    const { role } = await this.mayStart(actor, meetingId, type, version ?? null);
    let credential;
    try {
      credential = p12Credential(p12, password);
    } catch (e) {
      throw credentialError(e);
    }
    await this.checkCertificate(actor, credential.certificate, credential.chain);
    const base = await this.deps.store.signedDocuments.get(meetingId, type);
    const source = await this.source(actor, meetingId, type, base);
    const signingTime = this.deps.clock.now();
    const signed = await signPdf(
      source.pdf,
      credential.signer,
      this.placeholder(actor, role, source, signingTime, type),
    );
    return this.store(actor, role, 'p12', {
      meetingId,
      type,
      version: version ?? null,
      base,
      source,
      signed,
      certificate: credential.certificate,
      signingTime,
    });
  }

  /** External signer, step 1: the signed attributes to sign (and their hash), valid for a while. */
  async startExternal(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
    certificates: string[],
    version?: number,
  ): Promise<ExternalSignSession> {
    const { role } = await this.mayStart(actor, meetingId, type, version ?? null);
    let certs: X509Certificate[];
    try {
      certs = readCertificates(certificates);
    } catch (e) {
      throw credentialError(e);
    }
    const [leaf, ...chain] = certs;
    if (!leaf) throw new AppError(ErrorCode.invalid_input, 'signature_certificate_unreadable');
    await this.checkCertificate(actor, leaf, chain);
    const base = await this.deps.store.signedDocuments.get(meetingId, type);
    const source = await this.source(actor, meetingId, type, base);
    const signingTime = new Date(Math.floor(this.deps.clock.now().getTime() / 1000) * 1000);
    const prepared = await addSignaturePlaceholder(
      source.pdf,
      this.placeholder(actor, role, source, signingTime, type),
    );
    const probe = new ExternalSigner(certs, null);
    await new SignPdf().sign(prepared, probe, signingTime);
    if (!probe.signedAttributes) throw errors.internal();
    const sessionId = randomBytes(24).toString('base64url');
    const timeout = this.deps.settings.externalTimeoutMs;
    const timer = setTimeout(() => this.sessions.delete(sessionId), timeout);
    timer.unref();
    this.sessions.set(sessionId, {
      userId: actor.user.id,
      meetingId,
      type,
      role,
      version: version ?? null,
      prepared,
      signingTime,
      certificates: certs,
      base,
      fileName: source.fileName,
      area: source.area,
      timer,
    });
    return {
      sessionId,
      signedAttributes: probe.signedAttributes.toString('base64'),
      hash: attributesHash(probe.signedAttributes).toString('base64'),
      digestAlgorithm: 'sha256',
      expiresAt: new Date(this.deps.clock.now().getTime() + timeout).toISOString(),
    };
  }

  /** External signer, step 2: the signature value; checked against the certificate before storing. */
  async completeExternal(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
    sessionId: string,
    signatureB64: string,
  ): Promise<SignedDocumentSummary> {
    await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const s = this.sessions.get(sessionId);
    if (!s || s.userId !== actor.user.id || s.meetingId !== meetingId || s.type !== type) {
      throw errors.invalidState('signature_session_expired');
    }
    this.sessions.delete(sessionId);
    clearTimeout(s.timer);
    const signer: Signer = new ExternalSigner(
      s.certificates,
      Buffer.from(signatureB64.replace(/\s/g, ''), 'base64'),
    );
    const signed = await new SignPdf().sign(s.prepared, signer, s.signingTime);
    const [leaf] = s.certificates;
    if (!leaf) throw errors.internal();
    const source = { pdf: s.prepared, fileName: s.fileName, area: s.area };
    return this.store(actor, s.role, 'external', {
      meetingId,
      type,
      version: s.version,
      base: s.base,
      source,
      signed,
      certificate: leaf,
      signingTime: s.signingTime,
    });
  }

  /** Stops the external sessions' timers (server shutdown). */
  close(): void {
    for (const s of this.sessions.values()) clearTimeout(s.timer);
    this.sessions.clear();
  }

  /**
   * Who may sign, and whether the document may be signed now. For a document with an approval
   * flow, `version` is the flow's version the signer saw: `undefined` skips that check (the
   * early refusal before a request body is read), null means it was not sent.
   */
  private async mayStart(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
    version: number | null | undefined,
  ): Promise<{ role: SignerRole }> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const role = standing.role;
    const flow = this.flows.get(type);
    if (role !== 'chair' && role !== 'secretary') {
      throw errors.forbidden(flow?.signers.length === 1 ? 'signature_chair_only' : 'signature_not_signer');
    }
    if (flow && !flow.signers.includes(role)) {
      throw errors.forbidden(flow.signers.length === 1 ? 'signature_chair_only' : 'signature_not_signer');
    }
    if ((await this.approval(meetingId, type)) === 'not_approved') {
      throw errors.invalidState('signature_not_approved');
    }
    const existing = await this.deps.store.signedDocuments.get(meetingId, type);
    if (existing?.signatures.some((s) => s.userId === actor.user.id)) {
      throw errors.conflict('signature_already_signed');
    }
    if (flow && version !== undefined) {
      if (version === null) throw errors.invalid([], 'signature_version_required');
      if ((await flow.version(meetingId)) !== version) throw errors.conflict('signature_version_conflict');
    }
    return { role };
  }

  private async checkCertificate(
    actor: Actor,
    leaf: X509Certificate,
    chain: X509Certificate[],
  ): Promise<void> {
    const roots = this.deps.settings.trustedRootsDir
      ? await loadTrustedRoots(this.deps.settings.trustedRootsDir)
      : null;
    checkCredential({ user: actor.user, leaf, chain, roots, now: this.deps.clock.now() });
  }

  /** The bytes to sign: the stored signed PDF, or the official document rendered now. */
  private async source(
    actor: Actor,
    meetingId: string,
    type: SignableDocumentType,
    base: SignedDocumentRecord | null,
  ): Promise<{ pdf: Buffer; fileName: string; area: SignatureArea }> {
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
  private placeholder(
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
  private async store(
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

const summary = (r: SignedDocumentRecord): SignedDocumentSummary => ({
  meetingId: r.meetingId,
  type: r.type,
  fileName: r.fileName,
  revision: r.revision,
  signatures: r.signatures,
  updatedAt: r.updatedAt,
});
