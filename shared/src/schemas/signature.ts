import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

/**
 * Digital signatures (PAdES) on official documents, and the verification of any signed PDF.
 * A report lists each signature in the order it was made.
 */

/** What the verifier found wrong with one signature (each has a sentence in the web catalogue). */
export const SignatureProblem = z.enum([
  'byte_range_invalid',
  'cms_unreadable',
  'digest_mismatch',
  'signature_invalid',
  'signer_certificate_missing',
  'certificate_expired_at_signing',
  'certificate_not_yet_valid_at_signing',
  'changed_after_signing',
  'untrusted_chain',
  'unsupported_algorithm',
]);
export type SignatureProblem = z.infer<typeof SignatureProblem>;

export const CertificateInfo = z.object({
  subject: z.string(),
  commonName: z.string().nullable(),
  issuer: z.string(),
  serialNumber: z.string(),
  validFrom: IsoDateTime,
  validTo: IsoDateTime,
});
export type CertificateInfo = z.infer<typeof CertificateInfo>;

export const SignatureReport = z.object({
  /** 1 for the first signature made. */
  index: z.number().int(),
  signer: CertificateInfo.nullable(),
  /** From the signed attributes (the signer's clock), when present. */
  signingTime: IsoDateTime.nullable(),
  /** The signed bytes are as signed (digest and signature check out). */
  intact: z.boolean(),
  /** The signature covers the file to its last byte. */
  coversWholeDocument: z.boolean(),
  /** Bytes were added after this signature that no later valid signature covers, or the signed bytes changed. */
  changedAfterSigning: z.boolean(),
  /** Added after this signature, but signed by a later signer (incremental signatures). */
  laterSignaturesOnly: z.boolean(),
  certificateValidAtSigning: z.boolean(),
  /** The chain leads to a root in TRUSTED_ROOTS_DIR. */
  trusted: z.boolean(),
  /** Subjects from the signer up, as far as the chain could be built. */
  chain: z.array(z.string()),
  problems: z.array(SignatureProblem),
  /** Intact, unchanged, trusted and valid at signing: what a person calls "valid". */
  valid: z.boolean(),
});
export type SignatureReport = z.infer<typeof SignatureReport>;

export const VerifyReport = z.object({
  fileName: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  signatures: z.array(SignatureReport),
  /** Trusted roots configured on the server (0: no chain can be trusted). */
  trustedRoots: z.number().int(),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

/**
 * The official documents that can be signed: the invitation (no approval), the conclusion notice
 * (signed by the chair once approved), the minutes (signed by the secretary and the chair once approved).
 */
export const SignableDocumentType = z.enum(['invitation', 'conclusion_notice', 'minutes']);
export type SignableDocumentType = z.infer<typeof SignableDocumentType>;

/** One signature made in I-Cabinet, as the document's record keeps it. */
export const SignatureEntry = z.object({
  userId: Id,
  fullName: z.string(),
  /** The signer's role in the meeting when signing. */
  role: z.enum(['chair', 'secretary']),
  signedAt: IsoDateTime,
  certificateSubject: z.string(),
  certificateIssuer: z.string(),
  certificateSerial: z.string(),
});
export type SignatureEntry = z.infer<typeof SignatureEntry>;

export const SignedDocumentSummary = z.object({
  meetingId: Id,
  type: SignableDocumentType,
  fileName: z.string(),
  revision: z.number().int(),
  signatures: z.array(SignatureEntry),
  updatedAt: IsoDateTime,
});
export type SignedDocumentSummary = z.infer<typeof SignedDocumentSummary>;

/** Start an external signature: the signer's certificate (and its chain), PEM or base64 DER. */
export const ExternalSignStartInput = z.object({
  certificates: z.array(z.string().min(100).max(20_000)).min(1).max(5),
  /** For a document with an approval flow (the conclusion notice): the flow's version signed. */
  version: z.number().int().min(0).optional(),
});
export type ExternalSignStartInput = z.infer<typeof ExternalSignStartInput>;

/** What the external signer signs: the DER of the signed attributes, and its SHA-256. */
export const ExternalSignSession = z.object({
  sessionId: z.string(),
  /** Base64 DER of the CMS signed attributes (a SET): sign these bytes with SHA-256 + RSA PKCS#1 v1.5. */
  signedAttributes: z.string(),
  /** Base64 SHA-256 of `signedAttributes`, for signers that take a hash. */
  hash: z.string(),
  digestAlgorithm: z.literal('sha256'),
  expiresAt: IsoDateTime,
});
export type ExternalSignSession = z.infer<typeof ExternalSignSession>;

export const ExternalSignCompleteInput = z.object({
  sessionId: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'invalid'),
  /** Base64 signature value over `signedAttributes`. */
  signature: z.string().regex(/^[A-Za-z0-9+/=\s]{16,4000}$/, 'invalid'),
});
export type ExternalSignCompleteInput = z.infer<typeof ExternalSignCompleteInput>;
