import { Router } from 'express';
import { z } from 'zod';
import { Id, MyMeetingNotesParams } from '@icabinet/shared';
import { errors, issuesFromZod } from '../../errors.js';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { AnnotationsService } from './annotations.service.js';

const DocumentParams = z.object({ id: Id });

/**
 * /api/documents/:id/annotated.pdf: the caller's copy with their notes and the shared markup;
 * /api/meetings/:meetingId/annotations/mine: "Ghi chú của tôi" across the meeting's documents.
 */
export function annotationsRouter(deps: { auth: AuthService; annotations: AnnotationsService }): Router {
  const router = Router();
  const auth = requireAuth(deps.auth);

  router.get('/documents/:id/annotated.pdf', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    const { bytes, name } = await deps.annotations.exportPdf(actorOf(req), id);
    sendGeneratedPdf(req, res, bytes, name);
  });

  router.get('/meetings/:meetingId/annotations/mine', auth, async (req, res) => {
    const params = MyMeetingNotesParams.safeParse(req.params);
    // Said as what it is (a broken link), not as a form field the person never filled in.
    if (!params.success) throw errors.invalid(issuesFromZod(params.error), 'annotation_notes_bad_meeting');
    res.json(await deps.annotations.myNotes(actorOf(req), params.data.meetingId));
  });

  return router;
}
