import { Router } from 'express';
import { z } from 'zod';
import { Id, ParticipantAddInput, ParticipantBulkInput, ParticipantUpdateInput } from '@icabinet/shared';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { ParticipantsService } from './participants.service.js';

const MeetingParams = z.object({ id: Id });
const ParticipantParams = z.object({ id: Id, pid: Id });

/** /api/meetings/:id/participants; `meeting:view` / `meeting:edit` decided in the service. */
export function participantsRouter(deps: {
  auth: AuthService;
  participants: ParticipantsService;
  /** Told after every change, once it is stored (the live room recomputes its quorum). */
  onChanged: (meetingId: string) => Promise<void>;
}): Router {
  const { participants, onChanged } = deps;
  const router = Router();
  router.use('/meetings/:id/participants', requireAuth(deps.auth));

  router.get('/meetings/:id/participants', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await participants.list(actorOf(req), id));
  });

  router.post('/meetings/:id/participants', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    const added = await participants.add(actorOf(req), id, parse(ParticipantAddInput, req.body));
    await onChanged(id);
    res.status(201).json(added);
  });

  router.post('/meetings/:id/participants/bulk', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    const result = await participants.addBulk(actorOf(req), id, parse(ParticipantBulkInput, req.body));
    await onChanged(id);
    res.json(result);
  });

  router.patch('/meetings/:id/participants/:pid', async (req, res) => {
    const { id, pid } = parse(ParticipantParams, req.params);
    const updated = await participants.update(actorOf(req), id, pid, parse(ParticipantUpdateInput, req.body));
    await onChanged(id);
    res.json(updated);
  });

  router.delete('/meetings/:id/participants/:pid', async (req, res) => {
    const { id, pid } = parse(ParticipantParams, req.params);
    await participants.remove(actorOf(req), id, pid);
    await onChanged(id);
    res.status(204).end();
  });

  return router;
}
