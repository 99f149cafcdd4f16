import { z } from 'zod';
import { Id, IsoDateTime, Text, Version } from './common.js';

/**
 * What the city's other systems use (Quản trị → Cài đặt hệ thống): API tokens, outgoing event
 * webhooks and their delivery log, and the run-time settings of the invitations (deputy
 * auto-approval, the SMS/Zalo gateway) that start from the environment.
 */

/** The areas an API token may be given, each to read or to write (write includes read). */
export const API_AREAS = ['meetings', 'documents', 'webhooks'] as const;
export type ApiArea = (typeof API_AREAS)[number];

/**
 * The scopes a token may carry. `documents:read` pulls the signed documents of a meeting;
 * `webhooks:read` reads the delivery log and `webhooks:write` re-sends a delivery. Anything else
 * (a misspelt scope, `documents:write`) is refused with `api_scope`.
 */
export const ApiScope = z.enum(['meetings:read', 'documents:read', 'webhooks:read', 'webhooks:write'], {
  error: 'api_scope',
});
export type ApiScope = z.infer<typeof ApiScope>;

const unique = <T>(list: T[]) => new Set(list).size === list.length;

export const ApiTokenCreateInput = z.strictObject({
  /** Which system uses it, e.g. "Hệ thống quản lý văn bản". */
  name: Text(100),
  scopes: z.array(ApiScope).min(1, 'api_scopes_empty').max(4).refine(unique, 'api_scopes_repeated'),
});
export type ApiTokenCreateInput = z.infer<typeof ApiTokenCreateInput>;

/** A token as administrators see it: never its secret (shown once, at creation, then only its hash is kept). */
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(ApiScope),
  /** The first characters of the token, to recognise it (`icab_3kF9…`). */
  prefix: z.string(),
  createdAt: IsoDateTime,
  createdBy: Id.nullable(),
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

/** The answer of creating a token: the token itself, shown this once. */
export interface ApiTokenCreated {
  token: ApiToken;
  secret: string;
}

/** The events an outgoing webhook may subscribe to. */
export const WebhookEventType = z.enum(
  [
    'meeting.published',
    'meeting.changed',
    'meeting.cancelled',
    'meeting.ended',
    'minutes.signed',
    'conclusion.issued',
    'task.assigned',
    'task.overdue',
    'task.done',
  ],
  { error: 'webhook_event' },
);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The port written in an http(s) address (`http://host:70000/`), when there is one. */
const writtenPort = (href: string): number | null => {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?(?:\[[^\]]*\]|[^/?#:]*):(\d+)(?:[/?#]|$)/i.exec(href);
  return m ? Number(m[1]) : null;
};

/**
 * An http(s) address without credentials, with a port from 1 to 65535; where it leads (not this
 * server, not loopback, a name that resolves) is the server's check.
 */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((href) => {
    const port = writtenPort(href);
    return port === null || (port >= 1 && port <= 65535);
  }, 'webhook_url_port')
  .pipe(z.url({ protocol: /^https?$/, error: 'webhook_url' }))
  .refine((href) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(href), 'webhook_url_credentials');

export const WebhookCreateInput = z.strictObject({
  name: Text(100),
  url: WebhookUrl,
  events: z.array(WebhookEventType).min(1, 'webhook_events_empty').refine(unique, 'webhook_events_repeated'),
  active: z.boolean().default(true),
});
export type WebhookCreateInput = z.infer<typeof WebhookCreateInput>;

export const WebhookUpdateInput = z.strictObject({
  name: Text(100).optional(),
  url: WebhookUrl.optional(),
  events: z
    .array(WebhookEventType)
    .min(1, 'webhook_events_empty')
    .refine(unique, 'webhook_events_repeated')
    .optional(),
  active: z.boolean().optional(),
  version: Version,
});
export type WebhookUpdateInput = z.infer<typeof WebhookUpdateInput>;

export const Webhook = z.object({
  id: Id,
  name: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Webhook = z.infer<typeof Webhook>;

/** The answer of creating a webhook: its signing secret, shown this once. */
export interface WebhookCreated {
  webhook: Webhook;
  secret: string;
}

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** One event sent (or to be sent) to one webhook: the delivery log's row. */
export const WebhookDelivery = z.object({
  id: Id,
  webhookId: Id,
  webhookName: z.string(),
  eventId: Id,
  eventType: WebhookEventType,
  meetingId: Id.nullable(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int(),
  /** The receiver's HTTP status of the last attempt (null: no answer). */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  deliveredAt: IsoDateTime.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryQuery = z.object({
  webhookId: Id.optional(),
  status: WebhookDeliveryStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type WebhookDeliveryQuery = z.infer<typeof WebhookDeliveryQuery>;

/** What a webhook receives (the JSON body, signed like the invitation gateway's calls). */
export interface WebhookEventBody {
  /** Unique per event: a receiver that sees an id twice (a re-send) may ignore it. */
  id: string;
  type: WebhookEventType;
  occurredAt: string;
  meetingId: string | null;
  data: Record<string, unknown>;
}

/** A signed document of a meeting, as the document-management system pulls it. */
export interface SignedDocumentEntry {
  /** `official-<type>` for an official document signed in I-Cabinet, else the library document's id. */
  id: string;
  kind: 'official' | 'minutes' | 'conclusion';
  fileName: string;
  /** When it was (last) signed or issued. */
  signedAt: string;
  signers: string[];
  /** Path under /api to download it with the same token. */
  href: string;
}

/** `GET /integration/meetings`: published meetings, by start, newest first. */
export const IntegrationMeetingsQuery = z.object({
  from: IsoDateTime.optional(),
  to: IsoDateTime.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type IntegrationMeetingsQuery = z.infer<typeof IntegrationMeetingsQuery>;

/** A meeting as another system sees it (no participants, no documents: those have their own calls). */
export interface IntegrationMeeting {
  id: string;
  title: string;
  kind: string;
  location: string | null;
  startsAt: string;
  endsAt: string;
  status: string;
  confidentiality: string;
}

export const SignedDocumentId = z
  .string()
  .regex(/^(official-[a-z_]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i);

// ---- settings sections ---------------------------------------------------------------------

/** Who changed a settings section last; `source` is `env` while it is still the environment's default. */
export const SettingsMeta = z.object({
  version: Version,
  updatedAt: IsoDateTime.nullable(),
  updatedBy: Id.nullable(),
  source: z.enum(['env', 'app']),
});
export type SettingsMeta = z.infer<typeof SettingsMeta>;

/** Deputies named in a reply: approved at once, or by the secretariat (env DEPUTY_AUTO_APPROVE is the default). */
export const DeputySettings = z.strictObject({ autoApprove: z.boolean() });
export type DeputySettings = z.infer<typeof DeputySettings>;
export const DeputySettingsView = SettingsMeta.extend({ settings: DeputySettings });
export type DeputySettingsView = z.infer<typeof DeputySettingsView>;
export const DeputySettingsInput = DeputySettings.extend({ version: Version });
export type DeputySettingsInput = z.infer<typeof DeputySettingsInput>;

/**
 * The SMS/Zalo gateway that invitations go through (env WEBHOOK_URL / WEBHOOK_SECRET are the
 * default). `url: null` turns the channel off. The secret is never shown again: `hasSecret` says
 * one is set; leaving `secret` out keeps it.
 */
export const GatewaySettingsInput = z.strictObject({
  url: WebhookUrl.nullable(),
  secret: z.string().min(16, 'gateway_secret').max(200, 'gateway_secret').optional(),
  version: Version,
});
export type GatewaySettingsInput = z.infer<typeof GatewaySettingsInput>;
export const GatewaySettingsView = SettingsMeta.extend({
  settings: z.object({ url: z.string().nullable(), hasSecret: z.boolean() }),
});
export type GatewaySettingsView = z.infer<typeof GatewaySettingsView>;
