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
export function participantsRouter(deps: { auth: AuthService; participants: ParticipantsService }): Router {
  const { participants } = deps;
  const router = Router();
  router.use('/meetings/:id/participants', requireAuth(deps.auth));

  router.get('/meetings/:id/participants', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await participants.list(actorOf(req), id));
  });

  router.post('/meetings/:id/participants', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.status(201).json(await participants.add(actorOf(req), id, parse(ParticipantAddInput, req.body)));
  });

  router.post('/meetings/:id/participants/bulk', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await participants.addBulk(actorOf(req), id, parse(ParticipantBulkInput, req.body)));
  });

  router.patch('/meetings/:id/participants/:pid', async (req, res) => {
    const { id, pid } = parse(ParticipantParams, req.params);
    res.json(await participants.update(actorOf(req), id, pid, parse(ParticipantUpdateInput, req.body)));
  });

  router.delete('/meetings/:id/participants/:pid', async (req, res) => {
    const { id, pid } = parse(ParticipantParams, req.params);
    await participants.remove(actorOf(req), id, pid);
    res.status(204).end();
  });

  return router;
}
