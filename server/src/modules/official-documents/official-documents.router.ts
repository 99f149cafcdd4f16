import { Router } from 'express';
import { officialDocumentsContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { OfficialDocumentsService } from './official-documents.service.js';

/** /api/meetings/:id/invitation.pdf: the meeting's official documents (Decree 30). */
export function officialDocumentsRouter(deps: {
  auth: AuthService;
  officialDocuments: OfficialDocumentsService;
}): Router {
  const router = Router();
  const auth = [requireAuth(deps.auth)];
  route(router, api.invitationPdf, auth, async ({ req, res, params }) => {
    const { filename, bytes } = await deps.officialDocuments.invitationForCaller(actorOf(req), params.id);
    sendGeneratedPdf(req, res, bytes, filename);
  });
  return router;
}
