import { Router } from 'express';
import { z } from 'zod';
import { Id, IsoDateTime, ReplyInput, ResendInput } from '@icabinet/shared';
import { actorOf, ipOf, parse } from '../../http/context.js';
import type { AuthService } from '../auth/auth.service.js';
import { requireAuth } from '../auth/auth.middleware.js';
import type { InAppNotifier } from '../../notify/in-app.js';
import type { InvitationReplies } from './invitations.replies.js';
import type { InvitationTracking } from './invitations.tracking.js';

const MeetingParams = z.object({ id: Id });
const InvitationParams = z.object({ id: Id, invitationId: Id });
const OwnParams = z.object({ id: Id });
const DeputyDecision = z.strictObject({ approve: z.boolean() });
const ReadInput = z.strictObject({ ids: z.union([z.array(Id).max(500), z.literal('all')]) });
const FiguresQuery = z.object({ from: IsoDateTime.optional(), to: IsoDateTime.optional() });

/** /api/invitations, /api/notifications, /api/meetings/:id/invitations, /api/reports/invitations. */
export function invitationsRouter(deps: {
  auth: AuthService;
  replies: InvitationReplies;
  tracking: InvitationTracking;
  inbox: InAppNotifier;
}): Router {
  const { replies, tracking, inbox } = deps;
  const router = Router();
  const auth = requireAuth(deps.auth);

  router.get('/invitations/mine', auth, async (req, res) => {
    res.json({ items: await replies.mine(actorOf(req)) });
  });
  router.post('/invitations/:id/reply', auth, async (req, res) => {
    const { id } = parse(OwnParams, req.params);
    const invitation = await replies.replyAsUser(actorOf(req), id, parse(ReplyInput, req.body), ipOf(req));
    res.json({ invitation });
  });

  router.get('/notifications', auth, async (req, res) => {
    res.json(await inbox.list(actorOf(req).user.id));
  });
  router.post('/notifications/read', auth, async (req, res) => {
    const { ids } = parse(ReadInput, req.body);
    res.json({ marked: await inbox.markRead(actorOf(req).user.id, ids) });
  });

  router.get('/meetings/:id/invitations', auth, async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    res.json(await tracking.listForMeeting(actorOf(req), id));
  });
  router.get('/meetings/:id/invitations.csv', auth, async (req, res) => {
    const { id } = parse(MeetingParams, req.params);
    const { filename, body } = await tracking.csv(actorOf(req), id);
    res
      .set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename}"`,
      })
      .send(body);
  });
  router.post('/meetings/:id/invitations/:invitationId/resend', auth, async (req, res) => {
    const { id, invitationId } = parse(InvitationParams, req.params);
    const input = parse(ResendInput, req.body ?? {});
    res.json({ invitation: await tracking.resend(actorOf(req), id, invitationId, input) });
  });
  router.post('/meetings/:id/invitations/:invitationId/deputy', auth, async (req, res) => {
    const { id, invitationId } = parse(InvitationParams, req.params);
    const { approve } = parse(DeputyDecision, req.body);
    res.json({
      invitation: await replies.decideDeputy(actorOf(req), id, invitationId, approve, ipOf(req)),
    });
  });

  router.get('/reports/invitations', auth, async (req, res) => {
    const { from, to } = parse(FiguresQuery, req.query);
    res.json(await tracking.figures(actorOf(req), from ?? null, to ?? null));
  });
  return router;
}
