import { z } from 'zod';
import { Id, type Paged } from '../../schemas/common.js';
import {
  ApiTokenCreateInput,
  DeputySettingsInput,
  GatewaySettingsInput,
  IntegrationMeetingsQuery,
  SignedDocumentId,
  WebhookCreateInput,
  WebhookDeliveryQuery,
  WebhookUpdateInput,
  type ApiToken,
  type ApiTokenCreated,
  type DeputySettingsView,
  type GatewaySettingsView,
  type IntegrationMeeting,
  type SignedDocumentEntry,
  type Webhook,
  type WebhookCreated,
  type WebhookDelivery,
} from '../../schemas/integrations.js';
import { endpoint } from '../rest.js';

const IdParams = z.object({ id: Id });

/**
 * The settings sections of the invitations an administrator changes in the app (the environment
 * gives their defaults). Other sections of the same page have their own endpoints.
 */
export const appSettingsContract = {
  getDeputies: endpoint<DeputySettingsView>()({
    method: 'GET',
    path: '/settings/deputies',
    summary: 'Whether a deputy named in a reply is approved at once (default: DEPUTY_AUTO_APPROVE).',
    errors: ['forbidden'],
  }),
  updateDeputies: endpoint<DeputySettingsView>()({
    method: 'PUT',
    path: '/settings/deputies',
    summary: 'Changes the deputy auto-approval (with the version read); audited.',
    body: DeputySettingsInput,
    errors: ['forbidden', 'conflict'],
  }),
  getGateway: endpoint<GatewaySettingsView>()({
    method: 'GET',
    path: '/settings/gateway',
    summary:
      'The SMS/Zalo gateway invitations are sent through (default: WEBHOOK_URL); its secret is never shown.',
    errors: ['forbidden'],
  }),
  updateGateway: endpoint<GatewaySettingsView>()({
    method: 'PUT',
    path: '/settings/gateway',
    summary:
      'Changes the gateway address and, when given, its signing secret (url null turns the channel off); audited without the secret.',
    body: GatewaySettingsInput,
    errors: ['forbidden', 'conflict'],
  }),
} as const;

/** API tokens and outgoing webhooks (administrators), and the API the city's other systems call with a token. */
export const integrationsContract = {
  listTokens: endpoint<{ items: ApiToken[] }>()({
    method: 'GET',
    path: '/api-tokens',
    summary: 'The API tokens, newest first (never their secret).',
    errors: ['forbidden'],
  }),
  createToken: endpoint<ApiTokenCreated>()({
    method: 'POST',
    path: '/api-tokens',
    summary:
      'Creates an API token for another system, scoped to read or write areas; the answer holds the token, shown this once (only its hash is kept).',
    body: ApiTokenCreateInput,
    status: 201,
    errors: ['forbidden'],
  }),
  revokeToken: endpoint<{ token: ApiToken }>()({
    method: 'DELETE',
    path: '/api-tokens/:id',
    summary: 'Revokes a token: every process refuses it from the next request on.',
    params: IdParams,
    errors: ['forbidden', 'not_found'],
  }),
  listWebhooks: endpoint<{ items: Webhook[] }>()({
    method: 'GET',
    path: '/webhooks',
    summary: 'The outgoing event webhooks.',
    errors: ['forbidden'],
  }),
  createWebhook: endpoint<WebhookCreated>()({
    method: 'POST',
    path: '/webhooks',
    summary:
      'Adds a webhook: an http(s) address that receives the chosen events, HMAC-signed; the answer holds the signing secret, shown this once.',
    body: WebhookCreateInput,
    status: 201,
    errors: ['forbidden'],
  }),
  updateWebhook: endpoint<{ webhook: Webhook }>()({
    method: 'PATCH',
    path: '/webhooks/:id',
    summary: 'Changes a webhook (name, address, events, on/off) with the version read.',
    params: IdParams,
    body: WebhookUpdateInput,
    errors: ['forbidden', 'not_found', 'conflict'],
  }),
  removeWebhook: endpoint<void>()({
    method: 'DELETE',
    path: '/webhooks/:id',
    summary: 'Removes a webhook and its delivery log.',
    params: IdParams,
    status: 204,
    errors: ['forbidden', 'not_found'],
  }),
  listDeliveries: endpoint<Paged<WebhookDelivery>>()({
    method: 'GET',
    path: '/webhooks/deliveries',
    summary:
      'The delivery log, newest first: status, attempts, last error. Administrators, or a token with `webhooks:read`.',
    query: WebhookDeliveryQuery,
    apiToken: 'webhooks:read',
    errors: ['forbidden'],
  }),
  resendDelivery: endpoint<{ delivery: WebhookDelivery }>()({
    method: 'POST',
    path: '/webhooks/deliveries/:id/resend',
    summary: 'Sends a delivery again (same event id). Administrators, or a token with `webhooks:write`.',
    params: IdParams,
    apiToken: 'webhooks:write',
    errors: ['forbidden', 'not_found'],
  }),
  meetings: endpoint<Paged<IntegrationMeeting>>()({
    method: 'GET',
    path: '/integration/meetings',
    summary:
      'Meetings that were published (never drafts), by start time, newest first; `from`/`to` bound the start. `Authorization: Bearer <token>` with `meetings:read`, or an administrator.',
    query: IntegrationMeetingsQuery,
    apiToken: 'meetings:read',
    errors: ['forbidden'],
  }),
  signedDocuments: endpoint<{ meetingId: string; items: SignedDocumentEntry[] }>()({
    method: 'GET',
    path: '/integration/meetings/:id/signed-documents',
    summary:
      'Every signed document of a meeting (signed official documents, signed minutes, signed conclusion notices), for the document-management system. `Authorization: Bearer <token>` with `documents:read`, or an administrator.',
    params: IdParams,
    apiToken: 'documents:read',
    errors: ['forbidden', 'not_found'],
  }),
  signedDocumentFile: endpoint<void>()({
    method: 'GET',
    path: '/integration/meetings/:id/signed-documents/:documentId/file',
    summary:
      'Downloads one signed document, byte for byte as signed (PDF). `Authorization: Bearer <token>` with `documents:read`, or an administrator.',
    params: z.object({ id: Id, documentId: SignedDocumentId }),
    response: 'file',
    apiToken: 'documents:read',
    errors: ['forbidden', 'not_found'],
  }),
} as const;
