import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of every webhook call. */
export const SIGNATURE_HEADER = 'x-icabinet-signature';
export const TIMESTAMP_HEADER = 'x-icabinet-timestamp';

/**
 * The signature covers the timestamp and the exact body bytes, so a receiver can reject replays
 * (old timestamps) and any change in transit: `sha256=<hex HMAC-SHA256(secret, "<ts>.<body>")>`.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Constant-time check, for receivers (and tests). */
export function verifyWebhook(secret: string, timestamp: string, body: string, signature: string): boolean {
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/**
 * Posts one JSON message to the SMS/Zalo gateway. 2xx is success; 4xx other than 408/429 is a
 * permanent refusal; anything else (5xx, timeout, connection refused) is retried by the caller.
 */
export async function postWebhook(
  url: string,
  secret: string,
  payload: unknown,
  opts: { timeoutMs: number; now: () => Date },
): Promise<{ status: number }> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(opts.now().getTime() / 1000));
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
        'user-agent': 'I-Cabinet webhook',
      },
      body,
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const e = err as { name?: string; cause?: { code?: string }; message?: string };
    const reason =
      e.name === 'TimeoutError'
        ? `no answer within ${opts.timeoutMs} ms`
        : (e.cause?.code ?? e.message ?? String(err));
    throw new WebhookError(reason, false);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.ok) return { status: res.status };
  const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
  throw new WebhookError(`HTTP ${res.status} ${res.statusText}`.trim(), permanent);
}
