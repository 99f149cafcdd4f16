import { Router } from 'express';
import { votesContract as api } from '@icabinet/shared';
import { callerOfActor } from '../../access/meeting-access.js';
import { actorOf, ipOf, langOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import { t } from '../../i18n/messages.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import { votesCsv } from './votes.csv.js';
import type { VotesService } from './votes.service.js';

/** /api/meetings/:id/votes: the list with results, preparing and removing votes, the CSV export. */
export function votesRouter(deps: { auth: AuthService; votes: VotesService; audit: AuditService }): Router {
  const { votes } = deps;
  const router = Router();
  const auth = [requireAuth(deps.auth)];

  route(router, api.list, auth, async ({ req, params }) => ({
    items: await votes.list(callerOfActor(actorOf(req)), params.id),
  }));
  route(router, api.create, auth, async ({ req, params, body }) => ({
    vote: await votes.create(callerOfActor(actorOf(req)), params.id, body, ipOf(req)),
  }));
  route(router, api.remove, auth, async ({ req, params }) => {
    await votes.control.remove(callerOfActor(actorOf(req)), params.id, params.voteId, ipOf(req));
  });
  route(router, api.csv, auth, async ({ req, res, params }) => {
    const actor = actorOf(req);
    const lang = langOf(req);
    const items = await votes.list(callerOfActor(actor), params.id);
    await deps.audit.record({
      actorId: actor.user.id,
      action: 'export.votes_csv',
      targetType: 'meeting',
      targetId: params.id,
      data: { votes: items.length },
      ip: ipOf(req),
    });
    const date = new Date().toISOString().slice(0, 10);
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${t(lang, 'vote_csv_filename', { date })}"`,
      })
      .send(votesCsv(items, lang));
  });
  return router;
}
