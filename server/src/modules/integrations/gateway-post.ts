/**
 * Messages to the SMS/Zalo gateway (invitations, task reminders), sent through the same address
 * guard as the event webhooks: the gateway's address is resolved and checked before each
 * sending (loopback or this machine only with WEBHOOKS_ALLOW_LOOPBACK; never this server, nor
 * link-local, multicast or reserved ranges), and the request goes to the address checked (no DNS
 * rebinding between the check and the connection). A refused address sends nothing.
 */
import { t } from '../../i18n/messages.js';
import { WebhookError } from '../../notify/webhook.js';
import type { AddressCheck } from './address-guard.js';
import { postPinned } from './webhook-post.js';

/** The gateway in force: its address, the secret that signs each call, and its time limit. */
export interface GatewayTarget {
  url: string;
  secret: string;
  timeoutMs: number;
}

/** Posts one JSON message to the gateway; throws `WebhookError` (permanent: not to be retried) otherwise. */
export type GatewayPost = (gateway: GatewayTarget, payload: unknown) => Promise<{ status: number }>;

/**
 * The gateway's sender behind `check`. A refused address is a permanent `WebhookError` whose
 * message says why in Vietnamese (the secretariat reads it beside the invitation), with the
 * refusal's code; a name that does not resolve may be DNS having a bad moment and is retried.
 */
export function guardedGatewayPost(check: AddressCheck, now: () => Date): GatewayPost {
  return async (gateway, payload) => {
    const target = await check(gateway.url);
    if (!target.ok) {
      const why = t('vi', `field_${target.refusal}`);
      throw new WebhookError(
        `Cổng SMS/Zalo bị từ chối, không gửi: ${why} (${target.refusal}: ${target.detail})`,
        target.refusal !== 'webhook_url_unresolved',
      );
    }
    return postPinned(target.url, target.pinned, gateway.secret, payload, {
      timeoutMs: gateway.timeoutMs,
      now,
    });
  };
}
