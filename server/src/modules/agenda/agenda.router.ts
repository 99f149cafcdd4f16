import { Router } from 'express';
import { z } from 'zod';
import {
  AgendaDeleteQuery,
  AgendaItemCreateInput,
  AgendaItemUpdateInput,
  AgendaReorderInput,
  Id,
} from '@icabinet/shared';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { AgendaService } from './agenda.service.js';

const MeetingParams = z.object({ id: Id });
const ItemParams = z.object({ id: Id, itemId: Id });

/** /api/meetings/:id/agenda; `meeting:view` / `meeting:edit` decided in the service. */
export function agendaRouter(deps: { auth: AuthService; agenda: AgendaService }): Router {
  const { agenda } = deps;
  const router = Router();
  router.use('/meetings/:id/agenda', requireAuth(deps.auth));

  router.get('/meetings/:id/agenda', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await agenda.get(actorOf(req), id));
  });

  router.get('/meetings/:id/agenda/revisions', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await agenda.revisions(actorOf(req), id));
  });

  router.post('/meetings/:id/agenda/items', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.status(201).json(await agenda.create(actorOf(req), id, parse(AgendaItemCreateInput, req.body)));
  });

  router.patch('/meetings/:id/agenda/items/:itemId', async (req, res) => {
    const { id, itemId } = parse(ItemParams, req.params);
    res.json(await agenda.update(actorOf(req), id, itemId, parse(AgendaItemUpdateInput, req.body)));
  });

  router.delete('/meetings/:id/agenda/items/:itemId', async (req, res) => {
    const { id, itemId } = parse(ItemParams, req.params);
    const { agendaVersion } = parse(AgendaDeleteQuery, req.query);
    res.json(await agenda.remove(actorOf(req), id, itemId, agendaVersion));
  });

  router.put('/meetings/:id/agenda/order', async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await agenda.reorder(actorOf(req), id, parse(AgendaReorderInput, req.body)));
  });

  return router;
}
