import { Router, type Request } from 'express';
import { z } from 'zod';
import { DocumentListQuery, DocumentUpdateInput, Id, Text } from '@icabinet/shared';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf, sendStoredPdf } from './documents.file.js';
import type { DocumentsIntake, UploadSource } from './documents.intake.js';
import type { DocumentsLibrary } from './documents.library.js';
import { receiveUpload } from './documents.upload.js';

const MeetingParams = z.object({ id: Id });
const TextQuery = z.object({
  q: Text(200),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
const DocumentParams = z.object({ id: Id });
const FileQuery = z.object({
  download: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});

/** /api/meetings/:id/documents and /api/documents/*: the document library. */
export function documentsRouter(deps: {
  auth: AuthService;
  library: DocumentsLibrary;
  intake: DocumentsIntake;
}): Router {
  const { library: documents, intake } = deps;
  /** The request's multipart body, streamed to temporary files once the service allows it. */
  const bodyOf =
    (req: Request): UploadSource =>
    (blobs, limits) =>
      receiveUpload(req, blobs, limits);
  const router = Router();
  const auth = requireAuth(deps.auth);

  router.post('/meetings/:id/documents', auth, async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.status(201).json({ items: await intake.upload(actorOf(req), id, bodyOf(req)) });
  });

  router.get('/meetings/:id/documents', auth, async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    const { all } = parse(DocumentListQuery, req.query);
    res.json({ items: await documents.list(actorOf(req), id, all) });
  });

  router.get('/documents/:id', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    res.json({ document: await documents.get(actorOf(req), id) });
  });

  router.patch('/documents/:id', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    res.json({ document: await documents.update(actorOf(req), id, parse(DocumentUpdateInput, req.body)) });
  });

  router.delete('/documents/:id', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    await documents.remove(actorOf(req), id);
    res.status(204).end();
  });

  router.get('/documents/:id/search', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    const { q, offset, limit } = parse(TextQuery, req.query);
    res.json(await documents.searchText(actorOf(req), id, q, { offset, limit }));
  });

  router.get('/documents/:id/versions', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    res.json({ items: await documents.versions(actorOf(req), id) });
  });

  router.post('/documents/:id/versions', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    res.status(201).json({ document: await intake.addVersion(actorOf(req), id, bodyOf(req)) });
  });

  router.get('/documents/:id/file', auth, async (req, res) => {
    const { id } = parse(DocumentParams, req.params);
    const { download } = parse(FileQuery, req.query);
    const file = await documents.fileFor(actorOf(req), id, download);
    if (file.kind === 'generated') sendGeneratedPdf(req, res, file.bytes, file.name);
    else await sendStoredPdf(req, res, { ...file, kind: file.disposition });
  });

  return router;
}
