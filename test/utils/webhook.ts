import { createServer, type IncomingHttpHeaders } from 'node:http';
import { lookup } from 'node:dns/promises';
import type { AddressInfo } from 'node:net';

export interface WebhookCall {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

export interface TestWebhook {
  url: string;
  calls: WebhookCall[];
  /** The status to answer with for the next calls (default 200); `hang` never answers. */
  answer(status: number | 'hang'): void;
  waitFor(count: number, timeoutMs?: number): Promise<WebhookCall[]>;
  stop(): Promise<void>;
}

/** A local HTTP receiver standing in for the SMS/Zalo gateway. */
export async function startWebhookReceiver(): Promise<TestWebhook> {
  const calls: WebhookCall[] = [];
  let next: number | 'hang' = 200;
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = next;
      calls.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status: status === 'hang' ? 0 : status,
      });
      for (const w of waiters.filter((w) => calls.length >= w.count)) w.resolve();
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/gateway`,
    calls,
    answer: (status) => {
      next = status;
    },
    waitFor: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (calls.length >= count) return resolve(calls);
        const timer = setTimeout(
          () => reject(new Error(`only ${calls.length} of ${count} webhook calls`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(calls);
          },
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A server resolver option that answers the test's own names (`*.test`, which no DNS server
 * answers) as a city's DNS would, from `names` (changed by the tests), and asks the system for
 * the rest.
 */
export function testResolver() {
  const names = new Map<string, string>();
  const resolveHost = async (host: string) => {
    const address = names.get(host);
    if (address) return [{ address, family: address.includes(':') ? (6 as const) : (4 as const) }];
    return (await lookup(host, { all: true })).map((a) => ({
      address: a.address,
      family: a.family as 4 | 6,
    }));
  };
  return { names, resolveHost };
}
