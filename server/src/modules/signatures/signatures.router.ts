import { Router } from 'express';
import { signaturesContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import { errors } from '../../errors.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import { readSmallForm } from './multipart.js';
import type { SignaturesService } from './signatures.service.js';

/** A .p12 is a few kilobytes; 256 KB leaves room for long chains. */
const MAX_P12_BYTES = 256 * 1024;

/** /api/signatures/verify and /api/meetings/:id/official-documents/:type/…: signing and checking. */
export function signaturesRouter(deps: {
  auth: AuthService;
  signatures: SignaturesService;
  maxUploadBytes: number;
}): Router {
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.verify, auth, async ({ req }) => {
    actorOf(req);
    const form = await readSmallForm(req, { files: { file: deps.maxUploadBytes }, fields: [] });
    const file = form.files.get('file');
    if (!file || file.bytes.length === 0) throw errors.invalid([], 'signature_verify_missing');
    return deps.signatures.verify(file.name, file.bytes);
  });

  route(router, api.status, auth, async ({ req, params }) => ({
    document: await deps.signatures.status(actorOf(req), params.id, params.type),
  }));

  route(router, api.signedPdf, auth, async ({ req, res, params }) => {
    const record = await deps.signatures.signedPdf(actorOf(req), params.id, params.type);
    sendGeneratedPdf(req, res, record.pdf, record.fileName.replace(/\.pdf$/i, ' (da ky so).pdf'));
  });

  route(router, api.signP12, auth, async ({ req, params }) => {
    const actor = actorOf(req);
    // Who may sign is decided before the .p12 is read.
    await deps.signatures.requireSigner(actor, params.id, params.type);
    const form = await readSmallForm(req, {
      files: { p12: MAX_P12_BYTES },
      fields: ['password', 'version'],
    });
    const p12 = form.files.get('p12');
    const password = form.fields.get('password');
    if (!p12 || p12.bytes.length === 0 || password === undefined)
      throw errors.invalid([], 'signature_p12_missing');
    // A document with an approval flow names the version signed (a number, as the form sends it).
    const versionField = form.fields.get('version');
    let version: number | undefined;
    if (versionField !== undefined) {
      if (!/^\d{1,9}$/.test(versionField)) throw errors.invalid([], 'signature_version_required');
      version = Number(versionField);
    }
    return {
      document: await deps.signatures.signWithP12(
        actor,
        params.id,
        params.type,
        p12.bytes,
        password,
        version,
      ),
    };
  });

  route(router, api.externalStart, auth, async ({ req, params, body }) =>
    deps.signatures.startExternal(actorOf(req), params.id, params.type, body.certificates, body.version),
  );

  route(router, api.externalComplete, auth, async ({ req, params, body }) => ({
    document: await deps.signatures.completeExternal(
      actorOf(req),
      params.id,
      params.type,
      body.sessionId,
      body.signature,
    ),
  }));
  return router;
}
