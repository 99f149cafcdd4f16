import { Router } from 'express';
import { annotationsContract as api } from '@icabinet/shared';
import { errors, issuesFromZod } from '../../errors.js';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { AnnotationsService } from './annotations.service.js';

/**
 * /api/documents/:id/annotated.pdf: the caller's copy with their notes and the shared markup;
 * /api/meetings/:meetingId/annotations/mine: "Ghi chú của tôi" across the meeting's documents.
 */
export function annotationsRouter(deps: { auth: AuthService; annotations: AnnotationsService }): Router {
  const router = Router();
  const auth = requireAuth(deps.auth);

  route(router, api.annotatedPdf, [auth], async ({ req, res, params }) => {
    const { bytes, name } = await deps.annotations.exportPdf(actorOf(req), params.id);
    sendGeneratedPdf(req, res, bytes, name);
  });

  // Registered by hand: a bad meeting id is answered as a broken link, not as a field issue.
  router.get(api.myNotes.path, auth, async (req, res) => {
    const params = api.myNotes.params.safeParse(req.params);
    // Said as what it is (a broken link), not as a form field the person never filled in.
    if (!params.success) throw errors.invalid(issuesFromZod(params.error), 'annotation_notes_bad_meeting');
    res.json(await deps.annotations.myNotes(actorOf(req), params.data.meetingId));
  });

  return router;
}
