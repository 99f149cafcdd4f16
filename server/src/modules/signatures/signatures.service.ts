import { createHash, randomBytes, type X509Certificate } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type {
  ExternalSignSession,
  SignableDocumentType,
  SignedDocumentSummary,
  VerifyReport,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor } from '../../access/meeting-access.js';
import { errors, AppError } from '../../errors.js';
import { ErrorCode } from '@icabinet/shared';
import type { SignedDocumentRecord } from '../../store/port.js';
import { checkCredential, type SignerRole } from './signatures.checks.js';
import { SignedRevisions, summary } from './signatures.revision.js';
import type { ApprovalGate, SignatureArea, SigningFlow, SignaturesDeps } from './signatures.types.js';
import { signPdf } from './sign-pdf.js';
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
  /** The bytes to sign, the next signature's block, and the storing of each signed revision. */
  private readonly revisions: SignedRevisions;

  constructor(private readonly deps: SignaturesDeps) {
    this.revisions = new SignedRevisions(deps, this.flows);
  }

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
    const source = await this.revisions.source(actor, meetingId, type, base);
    const signingTime = this.deps.clock.now();
    const signed = await signPdf(
      source.pdf,
      credential.signer,
      this.revisions.placeholder(actor, role, source, signingTime, type),
    );
    return this.revisions.store(actor, role, 'p12', {
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
    const source = await this.revisions.source(actor, meetingId, type, base);
    const signingTime = new Date(Math.floor(this.deps.clock.now().getTime() / 1000) * 1000);
    const prepared = await addSignaturePlaceholder(
      source.pdf,
      this.revisions.placeholder(actor, role, source, signingTime, type),
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
    return this.revisions.store(actor, s.role, 'external', {
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
}
