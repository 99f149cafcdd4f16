import { Router } from 'express';
import { invitationsContract as api, notificationsContract as notices } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { InvitationsService } from './invitations.service.js';

/** /api/invitations, /api/notifications, /api/meetings/:id/invitations, /api/reports/invitations. */
export function invitationsRouter(deps: { auth: AuthService; invitations: InvitationsService }): Router {
  const { invitations } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.mine, auth, async ({ req }) => ({ items: await invitations.mine(actorOf(req)) }));
  route(router, api.reply, auth, async ({ req, params, body }) => ({
    invitation: await invitations.replyAsUser(actorOf(req), params.id, body, ipOf(req)),
  }));

  route(router, notices.list, auth, ({ req }) => invitations.notifications(actorOf(req)));
  route(router, notices.markRead, auth, async ({ req, body }) => ({
    marked: await invitations.markRead(actorOf(req), body.ids),
  }));

  route(router, api.forMeeting, auth, ({ req, params }) =>
    invitations.listForMeeting(actorOf(req), params.id),
  );
  route(router, api.csv, auth, async ({ req, res, params }) => {
    const { filename, body } = await invitations.csv(actorOf(req), params.id);
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
      .send(body);
  });
  route(router, api.resend, auth, async ({ req, params, body }) => ({
    invitation: await invitations.resend(actorOf(req), params.id, params.invitationId, body),
  }));
  route(router, api.decideDeputy, auth, async ({ req, params, body }) => ({
    invitation: await invitations.decideDeputy(
      actorOf(req),
      params.id,
      params.invitationId,
      body.approve,
      ipOf(req),
    ),
  }));

  route(router, api.figures, auth, ({ req, query }) =>
    invitations.figures(actorOf(req), query.from ?? null, query.to ?? null),
  );
  return router;
}
