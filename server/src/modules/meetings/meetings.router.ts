import { Router } from 'express';
import { z } from 'zod';
import {
  Id,
  MeetingCloneInput,
  MeetingCreateInput,
  MeetingListQuery,
  MeetingStatusInput,
  MeetingUpdateInput,
} from '@icabinet/shared';
import { actorOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth, requirePermission } from '../auth/auth.middleware.js';
import type { MeetingsService } from './meetings.service.js';

const IdParams = z.object({ id: Id });

/**
 * /api/meetings. `meeting:create` is a system-level permission checked up front; everything
 * about one meeting (view, edit) is decided by the meeting-access policy (server/src/access) in
 * the service, which knows the caller's role in that meeting.
 */
export function meetingsRouter(deps: { auth: AuthService; meetings: MeetingsService }): Router {
  const { meetings } = deps;
  const router = Router();
  router.use('/meetings', requireAuth(deps.auth));

  router.get('/meetings', async (req, res) => {
    res.json(await meetings.list(actorOf(req), parse(MeetingListQuery, req.query)));
  });

  router.post('/meetings', requirePermission('meeting:create'), async (req, res) => {
    res.status(201).json(await meetings.create(actorOf(req), parse(MeetingCreateInput, req.body)));
  });

  router.get('/meetings/:id', async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json(await meetings.get(actorOf(req), id));
  });

  router.patch('/meetings/:id', async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json(await meetings.update(actorOf(req), id, parse(MeetingUpdateInput, req.body)));
  });

  router.post('/meetings/:id/status', async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.json(await meetings.changeStatus(actorOf(req), id, parse(MeetingStatusInput, req.body)));
  });

  router.post('/meetings/:id/clone', requirePermission('meeting:create'), async (req, res) => {
    const { id } = parse(IdParams, req.params);
    res.status(201).json(await meetings.clone(actorOf(req), id, parse(MeetingCloneInput, req.body)));
  });

  return router;
}
