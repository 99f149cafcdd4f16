import { Router, type Request } from 'express';
import { documentsContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf, sendStoredPdf } from './documents.file.js';
import type { DocumentsIntake, UploadSource } from './documents.intake.js';
import type { DocumentsLibrary } from './documents.library.js';
import { packFor } from './documents.pack.js';
import { receiveUpload } from './documents.upload.js';

/** /api/meetings/:id/documents and /api/documents/*: the document library. */
export function documentsRouter(deps: {
  auth: AuthService;
  library: DocumentsLibrary;
  intake: DocumentsIntake;
  packDeps: Parameters<typeof packFor>[0];
}): Router {
  const { library: documents, intake } = deps;
  /** The request's multipart body, streamed to temporary files once the service allows it. */
  const bodyOf =
    (req: Request): UploadSource =>
    (blobs, limits) =>
      receiveUpload(req, blobs, limits);
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.upload, auth, async ({ req, params }) => ({
    items: await intake.upload(actorOf(req), params.id, bodyOf(req)),
  }));
  route(router, api.list, auth, async ({ req, params, query }) => ({
    items: await documents.list(actorOf(req), params.id, query.all),
  }));
  route(router, api.pack, auth, ({ req, params }) =>
    packFor(deps.packDeps, documents, actorOf(req), params.id),
  );
  route(router, api.get, auth, async ({ req, params }) => ({
    document: await documents.get(actorOf(req), params.id),
  }));
  route(router, api.update, auth, async ({ req, params, body }) => ({
    document: await documents.update(actorOf(req), params.id, body),
  }));
  route(router, api.remove, auth, ({ req, params }) => documents.remove(actorOf(req), params.id));
  route(router, api.searchText, auth, ({ req, params, query }) =>
    documents.searchText(actorOf(req), params.id, query.q, { offset: query.offset, limit: query.limit }),
  );
  route(router, api.versions, auth, async ({ req, params }) => ({
    items: await documents.versions(actorOf(req), params.id),
  }));
  route(router, api.addVersion, auth, async ({ req, params }) => ({
    document: await intake.addVersion(actorOf(req), params.id, bodyOf(req)),
  }));
  route(router, api.file, auth, async ({ req, res, params, query }) => {
    const file = await documents.fileFor(actorOf(req), params.id, query.download);
    if (file.kind === 'generated') sendGeneratedPdf(req, res, file.bytes, file.name);
    else await sendStoredPdf(req, res, { ...file, kind: file.disposition });
  });

  return router;
}
