import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

export interface TestSmtp {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Resolves once `count` messages have arrived in total. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /**
   * Resolves with the first message that matches, once it has arrived. Prefer it to a count when
   * other mail may still be on its way (a task's notice sent by an earlier step, a reminder).
   */
  waitForMail(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** From now on, refuse recipients with this SMTP reply (or accept again with null). */
  refuseWith(reply: { code: number; message: string } | null): void;
  stop(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a loopback port: it speaks SMTP with our
 * nodemailer client, keeps each message, and parses it with mailparser like a mail client would.
 */
export async function startSmtp(opts: Partial<SMTPServerOptions> = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: { done: () => boolean; resolve: () => void }[] = [];
  const wait = <T>(found: () => T | undefined, timeoutMs: number, what: () => string) =>
    new Promise<T>((resolve, reject) => {
      const now = found();
      if (now !== undefined) return resolve(now);
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(what()));
      }, timeoutMs);
      const waiter = {
        done: () => found() !== undefined,
        resolve: () => {
          clearTimeout(timer);
          resolve(found()!);
        },
      };
      waiters.push(waiter);
    });
  let refusal: { code: number; message: string } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusal) {
        const err = new Error(refusal.message) as Error & { responseCode: number };
        err.responseCode = refusal.code;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
            });
            for (const w of waiters.filter((w) => w.done())) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve();
            }
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
    ...opts,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    waitFor: (count, timeoutMs = 10_000) =>
      wait(
        () => (received.length >= count ? received : undefined),
        timeoutMs,
        () => `only ${received.length} of ${count} e-mails arrived`,
      ),
    waitForMail: (match, timeoutMs = 10_000) =>
      wait(
        () => received.find(match),
        timeoutMs,
        () => `no matching e-mail among the ${received.length} that arrived`,
      ),
    refuseWith: (reply) => {
      refusal = reply;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
