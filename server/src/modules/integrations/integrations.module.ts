import { Router, type Request } from 'express';
import { appSettingsContract as settingsApi, integrationsContract as api } from '@icabinet/shared';
import { actorOf, ipOf } from '../../http/context.js';
import { route } from '../../http/route.js';
import { requireAuth, requireRole } from '../auth/auth.middleware.js';
import { sendGeneratedPdf } from '../documents/documents.file.js';
import type { ServerModule } from '../module.js';
import { tokenOrAdmin } from './api-tokens.service.js';
import type { IntegrationCaller } from './webhooks.service.js';

/** Who is calling an integration route: a token (another system) or an administrator. */
function callerOf(req: Request): IntegrationCaller {
  if (req.apiToken) return { userId: null, tokenId: req.apiToken.id, ip: ipOf(req) };
  return { userId: actorOf(req).user.id, tokenId: null, ip: ipOf(req) };
}

/**
 * The city's other systems: API tokens and outgoing webhooks (administrators), the delivery log
 * and the signed documents of a meeting (administrators, or a token with the scope), and the
 * invitations' settings of the admin page (deputy auto-approval, SMS/Zalo gateway).
 */
export const integrationsModule: ServerModule = {
  name: 'integrations',
  router: (ctx) => {
    const router = Router();
    const { tokens, webhooks, api: reads, appSettings } = ctx.services.integrations;
    const admin = [requireAuth(ctx.auth), requireRole('admin')];
    const token = (scope: Parameters<typeof tokenOrAdmin>[2]) => tokenOrAdmin(ctx.auth, tokens, scope);

    route(router, settingsApi.getDeputies, admin, () => appSettings.deputiesView());
    route(router, settingsApi.updateDeputies, admin, ({ req, body }) =>
      appSettings.updateDeputies(actorOf(req), body, ipOf(req)),
    );
    route(router, settingsApi.getGateway, admin, () => appSettings.gatewayView());
    route(router, settingsApi.updateGateway, admin, ({ req, body }) =>
      appSettings.updateGateway(actorOf(req), body, ipOf(req)),
    );

    route(router, api.listTokens, admin, async () => ({ items: await tokens.list() }));
    route(router, api.createToken, admin, ({ req, body }) => tokens.create(actorOf(req), body, ipOf(req)));
    route(router, api.revokeToken, admin, async ({ req, params }) => ({
      token: await tokens.revoke(actorOf(req), params.id, ipOf(req)),
    }));

    // The delivery log before `/webhooks/:id`, so "deliveries" is never taken for an id.
    route(router, api.listDeliveries, token('webhooks:read'), ({ query }) => webhooks.deliveries(query));
    route(router, api.resendDelivery, token('webhooks:write'), async ({ req, params }) => ({
      delivery: await webhooks.resend(callerOf(req), params.id),
    }));
    route(router, api.listWebhooks, admin, async () => ({ items: await webhooks.list() }));
    route(router, api.createWebhook, admin, ({ req, body }) => webhooks.create(callerOf(req), body));
    route(router, api.updateWebhook, admin, async ({ req, params, body }) => ({
      webhook: await webhooks.update(callerOf(req), params.id, body),
    }));
    route(router, api.removeWebhook, admin, ({ req, params }) => webhooks.remove(callerOf(req), params.id));

    route(router, api.meetings, token('meetings:read'), ({ query }) => reads.meetings(query));
    route(router, api.signedDocuments, token('documents:read'), ({ params }) =>
      reads.signedDocuments(params.id),
    );
    route(router, api.signedDocumentFile, token('documents:read'), async ({ req, res, params }) => {
      const file = await reads.signedFile(params.id, params.documentId);
      sendGeneratedPdf(req, res, file.bytes, file.fileName);
    });
    return router;
  },
};
