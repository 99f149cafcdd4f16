import { Router } from 'express';
import { z } from 'zod';
import { Id } from '@icabinet/shared';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { AnnotationsService } from './annotations.service.js';

const DocumentParams = z.object({ id: Id });

/** /api/documents/:id/annotated.pdf: the caller's copy with their notes and the shared markup. */
export function annotationsRouter(deps: { auth: AuthService; annotations: AnnotationsService }): Router {
  const router = Router();
  router.get('/documents/:id/annotated.pdf', requireAuth(deps.auth), async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    const { bytes, name } = await deps.annotations.exportPdf(actorOf(req), id);
    sendGeneratedPdf(req, res, bytes, name);
  });
  return router;
}
