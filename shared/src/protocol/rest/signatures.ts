import { z } from 'zod';
import { Id } from '../../schemas/common.js';
import {
  ExternalSignCompleteInput,
  ExternalSignStartInput,
  SignableDocumentType,
  type ExternalSignSession,
  type SignedDocumentSummary,
  type VerifyReport,
} from '../../schemas/signature.js';
import { endpoint } from '../rest.js';

const DocParams = z.object({ id: Id, type: SignableDocumentType });

/** Digital signatures (PAdES) of official documents, and verification of any signed PDF. */
export const signaturesContract = {
  verify: endpoint<VerifyReport>()({
    method: 'POST',
    path: '/signatures/verify',
    summary:
      'Checks every signature of an uploaded PDF (multipart, field `file`): signer, issuer, validity, signing time, changes after signing, chain to the trusted roots.',
    request: 'multipart',
    errors: ['payload_too_large', 'unsupported_media_type'],
  }),
  status: endpoint<{ document: SignedDocumentSummary | null }>()({
    method: 'GET',
    path: '/meetings/:id/official-documents/:type/signatures',
    summary: 'Who has signed the official document so far (null: not signed yet).',
    params: DocParams,
    errors: ['forbidden', 'not_found'],
  }),
  signedPdf: endpoint<void>()({
    method: 'GET',
    path: '/meetings/:id/official-documents/:type/signed.pdf',
    summary: 'The signed PDF, byte for byte as signed.',
    params: DocParams,
    response: 'file',
    errors: ['forbidden', 'not_found'],
  }),
  signP12: endpoint<{ document: SignedDocumentSummary }>()({
    method: 'POST',
    path: '/meetings/:id/official-documents/:type/sign',
    summary:
      'Signs the document with a PKCS#12 file (multipart: `p12` file and `password`); the password and key are used for this signature only and never stored. A second signer adds an incremental signature.',
    params: DocParams,
    request: 'multipart',
    errors: [
      'forbidden',
      'not_found',
      'invalid_state',
      'conflict',
      'payload_too_large',
      'unsupported_media_type',
    ],
  }),
  externalStart: endpoint<ExternalSignSession>()({
    method: 'POST',
    path: '/meetings/:id/official-documents/:type/sign/external',
    summary:
      'Starts a signature by an external signer (USB token, remote signing service): answers the signed attributes to sign and their hash.',
    params: DocParams,
    body: ExternalSignStartInput,
    errors: ['forbidden', 'not_found', 'invalid_state', 'conflict'],
  }),
  externalComplete: endpoint<{ document: SignedDocumentSummary }>()({
    method: 'POST',
    path: '/meetings/:id/official-documents/:type/sign/external/complete',
    summary: 'Completes an external signature with the signature value, before the session times out.',
    params: DocParams,
    body: ExternalSignCompleteInput,
    errors: ['forbidden', 'not_found', 'invalid_state', 'conflict'],
  }),
} as const;
