import type { Core, ServerModule } from '../module.js';
import type { OfficialDocumentsService } from '../official-documents/official-documents.service.js';
import { signaturesRouter } from './signatures.router.js';
import { SignaturesService } from './signatures.service.js';

/** Builds the signatures service over the official documents it signs. */
export function createSignatures(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access'>,
  officialDocuments: OfficialDocumentsService,
): SignaturesService {
  return new SignaturesService({
    store: core.store,
    audit: core.audit,
    clock: core.clock,
    access: core.access,
    logger: core.logger.child({ component: 'signatures' }),
    settings: core.config.signatures,
    issuer: core.config.officialDocuments,
    officialDocuments,
  });
}

/** Digital signatures (PAdES) of official documents, and verification of any signed PDF. */
export const signaturesModule: ServerModule = {
  name: 'signatures',
  router: (ctx) =>
    signaturesRouter({
      auth: ctx.auth,
      signatures: ctx.services.signatures,
      maxUploadBytes: ctx.config.documents.maxUploadBytes,
    }),
  close: (ctx) => ctx.services.signatures.close(),
};
