import { Router } from 'express';
import { documentsContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { DocumentsService } from './documents.service.js';

/** /api/meetings/:id/documents and /api/documents/*: the document library. */
export function documentsRouter(deps: { auth: AuthService; documents: DocumentsService }): Router {
  const { documents } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  // Uploads stream the multipart body themselves (the contract describes it; nothing parses it first).
  route(router, api.upload, auth, async ({ req, params }) => ({
    items: await documents.upload(actorOf(req), params.id, req),
  }));
  route(router, api.list, auth, async ({ req, params, query }) => ({
    items: await documents.list(actorOf(req), params.id, query.all),
  }));
  route(router, api.get, auth, async ({ req, params }) => ({
    document: await documents.get(actorOf(req), params.id),
  }));
  route(router, api.update, auth, async ({ req, params, body }) => ({
    document: await documents.update(actorOf(req), params.id, body),
  }));
  route(router, api.remove, auth, ({ req, params }) => documents.remove(actorOf(req), params.id));
  route(router, api.searchText, auth, async ({ req, params, query }) => ({
    items: await documents.searchText(actorOf(req), params.id, query.q),
  }));
  route(router, api.versions, auth, async ({ req, params }) => ({
    items: await documents.versions(actorOf(req), params.id),
  }));
  route(router, api.addVersion, auth, async ({ req, params }) => ({
    document: await documents.addVersion(actorOf(req), params.id, req),
  }));
  route(router, api.file, auth, ({ req, res, params, query }) =>
    documents.sendFile(actorOf(req), params.id, query.download, req, res),
  );

  return router;
}
