import { Router } from 'express';
import { participantsContract as api } from '@icabinet/shared';
import { actorOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { ParticipantsService } from './participants.service.js';

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

  route(router, api.list, [], ({ req, params }) => participants.list(actorOf(req), params.id));

  route(router, api.add, [], async ({ req, params, body }) => {
    const added = await participants.add(actorOf(req), params.id, body);
    await onChanged(params.id);
    return added;
  });

  route(router, api.bulk, [], async ({ req, params, body }) => {
    const result = await participants.addBulk(actorOf(req), params.id, body);
    await onChanged(params.id);
    return result;
  });

  route(router, api.update, [], async ({ req, params, body }) => {
    const updated = await participants.update(actorOf(req), params.id, params.pid, body);
    await onChanged(params.id);
    return updated;
  });

  route(router, api.remove, [], async ({ req, params }) => {
    await participants.remove(actorOf(req), params.id, params.pid);
    await onChanged(params.id);
  });

  return router;
}
