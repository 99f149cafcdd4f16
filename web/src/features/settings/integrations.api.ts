import {
  appSettingsContract as settings,
  integrationsContract as api,
  type ApiTokenCreateInput,
  type DeputySettingsInput,
  type GatewaySettingsInput,
  type WebhookCreateInput,
  type WebhookDeliveryStatus,
  type WebhookUpdateInput,
} from '@icabinet/shared';
import { call } from '../../lib/api';

/** REST calls of the admin page's sections: deputies, the SMS/Zalo gateway, API tokens, webhooks. */
export const integrationsApi = {
  deputies: (signal?: AbortSignal) => call(settings.getDeputies, { signal }),
  saveDeputies: (body: DeputySettingsInput) => call(settings.updateDeputies, { body }),
  gateway: (signal?: AbortSignal) => call(settings.getGateway, { signal }),
  saveGateway: (body: GatewaySettingsInput) => call(settings.updateGateway, { body }),
  tokens: (signal?: AbortSignal) => call(api.listTokens, { signal }),
  createToken: (body: ApiTokenCreateInput) => call(api.createToken, { body }),
  revokeToken: (id: string) => call(api.revokeToken, { params: { id } }),
  webhooks: (signal?: AbortSignal) => call(api.listWebhooks, { signal }),
  createWebhook: (body: WebhookCreateInput) => call(api.createWebhook, { body }),
  updateWebhook: (id: string, body: WebhookUpdateInput) => call(api.updateWebhook, { params: { id }, body }),
  removeWebhook: (id: string) => call(api.removeWebhook, { params: { id } }),
  deliveries: (query: { status?: WebhookDeliveryStatus; offset?: number }, signal?: AbortSignal) =>
    call(api.listDeliveries, { query: { limit: 20, ...query }, signal }),
  resend: (id: string) => call(api.resendDelivery, { params: { id } }),
};
