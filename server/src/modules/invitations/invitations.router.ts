import { Router } from 'express';
import { invitationsContract as api, notificationsContract as notices } from '@icabinet/shared';
import { actorOf, ipOf, langOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { InAppNotifier } from '../../notify/in-app.js';
import type { InvitationReplies } from './invitations.replies.js';
import type { InvitationTracking } from './invitations.tracking.js';

/** /api/invitations, /api/notifications, /api/meetings/:id/invitations, /api/reports/invitations. */
export function invitationsRouter(deps: {
  auth: AuthService;
  replies: InvitationReplies;
  tracking: InvitationTracking;
  inbox: InAppNotifier;
}): Router {
  const { replies, tracking, inbox } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.mine, auth, async ({ req }) => ({ items: await replies.mine(actorOf(req)) }));
  route(router, api.reply, auth, async ({ req, params, body }) => ({
    invitation: await replies.replyAsUser(actorOf(req), params.id, body, ipOf(req)),
  }));

  route(router, notices.list, auth, ({ req }) => inbox.list(actorOf(req).user.id));
  route(router, notices.markRead, auth, async ({ req, body }) => ({
    marked: await inbox.markRead(actorOf(req).user.id, body.ids),
  }));

  route(router, api.forMeeting, auth, ({ req, params }) => tracking.listForMeeting(actorOf(req), params.id));
  route(router, api.csv, auth, async ({ req, res, params }) => {
    const { filename, body } = await tracking.csv(actorOf(req), params.id, langOf(req));
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
      .send(body);
  });
  route(router, api.resend, auth, async ({ req, params, body }) => ({
    invitation: await tracking.resend(actorOf(req), params.id, params.invitationId, body),
  }));
  route(router, api.decideDeputy, auth, async ({ req, params, body }) => ({
    invitation: await replies.decideDeputy(
      actorOf(req),
      params.id,
      params.invitationId,
      body.approve,
      ipOf(req),
    ),
  }));

  route(router, api.figures, auth, ({ req, query }) =>
    tracking.figures(actorOf(req), query.from ?? null, query.to ?? null),
  );
  return router;
}
