import { Router } from 'express';
import { minutesContract as api } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { MinutesApprovalFlow } from './minutes.approval.js';
import type { MinutesCaller, MinutesService } from './minutes.service.js';

const callerOf = (actor: Actor): MinutesCaller => ({
  userId: actor.user.id,
  systemRole: actor.user.systemRole,
  fullName: actor.user.fullName,
});

/** /api/meetings/:id/minutes: state, the chair's toggle, named versions, the lock, the approval and PDF. */
export function minutesRouter(deps: {
  auth: AuthService;
  minutes: MinutesService;
  approval: MinutesApprovalFlow;
}): Router {
  const { minutes } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.get, auth, async ({ req, params }) => ({
    minutes: await minutes.state(callerOf(actorOf(req)), params.id),
  }));
  route(router, api.settings, auth, async ({ req, params, body }) => ({
    minutes: await minutes.setOthersMayEdit(callerOf(actorOf(req)), params.id, body.othersMayEdit, ipOf(req)),
  }));
  route(router, api.createVersion, auth, async ({ req, params, body }) => ({
    version: await minutes.createVersion(callerOf(actorOf(req)), params.id, body.name, ipOf(req)),
  }));
  route(router, api.versionText, auth, async ({ req, params }) =>
    minutes.versionText(callerOf(actorOf(req)), params.id, params.versionId),
  );
  route(router, api.lock, auth, async ({ req, params, body }) => ({
    minutes: await minutes.lock(callerOf(actorOf(req)), params.id, body.name, ipOf(req)),
  }));
  route(router, api.reopen, auth, async ({ req, params }) => ({
    minutes: await minutes.reopen(callerOf(actorOf(req)), params.id, ipOf(req)),
  }));
  route(router, api.approval, auth, ({ req, params, body }) =>
    deps.approval.act(actorOf(req), params.id, body),
  );
  route(router, api.pdf, auth, async ({ req, res, params }) => {
    const { filename, bytes } = await deps.approval.pdf(actorOf(req), params.id);
    sendGeneratedPdf(req, res, bytes, filename);
  });
  return router;
}
