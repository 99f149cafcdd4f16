import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER, WebhookError } from '../../notify/webhook.js';
import type { ResolvedAddress } from './address-guard.js';

/** The event's id on every call, so that a receiver drops an event it already has. */
export const EVENT_ID_HEADER = 'x-icabinet-event-id';

/**
 * A lookup that answers the address checked by the guard, whatever the name resolves to now:
 * the connection goes where the check looked (no DNS rebinding between the two). With
 * `all` (Node's happy-eyeballs connect asks for every address) it answers a list of one.
 */
export function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
}

/**
 * POSTs one JSON message signed as the invitation gateway's calls are (`X-ICabinet-Timestamp`,
 * `X-ICabinet-Signature`) over a connection to the `pinned` address (TLS still checks the
 * certificate against the URL's name): a webhook's event (its id in `X-ICabinet-Event-Id`, in
 * `opts.headers`) or a message to the SMS/Zalo gateway. 2xx is success; 4xx other than 408/429 a
 * permanent refusal; anything else (5xx, no answer within `timeoutMs`, connection refused, a
 * redirect) is for the caller to retry.
 */
export function postPinned(
  url: URL,
  pinned: ResolvedAddress,
  secret: string,
  payload: unknown,
  opts: { timeoutMs: number; now: () => Date; headers?: Record<string, string> },
): Promise<{ status: number }> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(opts.now().getTime() / 1000));
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: WebhookError | null, status?: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve({ status: status! });
    };
    const req = send(
      url,
      {
        method: 'POST',
        // A fresh connection each time: a pooled one may lead to an address checked earlier.
        agent: false,
        lookup: pinnedLookup(pinned),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
          ...opts.headers,
          'user-agent': 'I-Cabinet webhook',
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.on('error', () => undefined);
        res.on('end', () => {
          if (status >= 200 && status < 300) return finish(null, status);
          const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
          finish(new WebhookError(`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), permanent));
        });
      },
    );
    const timer = setTimeout(() => {
      finish(new WebhookError(`no answer within ${opts.timeoutMs} ms`, false));
      req.destroy();
    }, opts.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish(new WebhookError(err.code ?? err.message, false)));
    req.end(body);
  });
}
