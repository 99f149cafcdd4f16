import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Logger } from '../logger.js';

export interface MailAttachment {
  filename: string;
  /** Text, or base64 when `encoding` says so (binary files such as PDFs). */
  content: string;
  contentType: string;
  encoding?: 'base64';
}

export interface MailMessage {
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** The calendar part (text/calendar; method=…), shown by mail clients as an invitation. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
  attachments?: MailAttachment[];
  headers?: Record<string, string>;
}

export interface SentMail {
  messageId: string;
  /** The SMTP server's final answer, or the outbox file written. */
  response: string;
}

/** Sends e-mail: through SMTP when SMTP_URL is set, otherwise into the outbox folder as .eml files. */
export interface Mailer {
  readonly kind: 'smtp' | 'outbox';
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

/** A failure the secretariat can read: the SMTP server's reason, or why it could not be reached. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

function toNodemailer(from: string, m: MailMessage): SendMailOptions {
  return {
    from,
    to: { name: m.to.name, address: m.to.address },
    subject: m.subject,
    text: m.text,
    html: m.html,
    ...(m.icalEvent
      ? {
          icalEvent: {
            method: m.icalEvent.method,
            content: m.icalEvent.content,
            filename: m.icalEvent.filename,
          },
        }
      : {}),
    attachments: m.attachments?.map((a) => ({ ...a })) ?? [],
    headers: m.headers ?? {},
  };
}

/** Describes an SMTP failure in one line: "550 5.1.1 mailbox unavailable" or "ECONNREFUSED 127.0.0.1:2525". */
function describe(err: unknown): { text: string; permanent: boolean } {
  const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
  if (typeof e.responseCode === 'number') {
    return { text: (e.response ?? `${e.responseCode}`).trim(), permanent: e.responseCode >= 500 };
  }
  return { text: [e.code, e.message].filter(Boolean).join(': ') || String(err), permanent: false };
}

export function createSmtpMailer(url: string, from: string, logger: Logger): Mailer {
  const timeouts: SMTPTransport.Options = {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
  const transport = nodemailer.createTransport(url, timeouts);
  return {
    kind: 'smtp',
    async send(message) {
      try {
        const info = (await transport.sendMail(toNodemailer(from, message))) as {
          messageId: string;
          response: string;
        };
        return { messageId: info.messageId, response: info.response };
      } catch (err) {
        const { text, permanent } = describe(err);
        logger.warn({ to: message.to.address, reason: text }, 'e-mail not accepted');
        throw new MailDeliveryError(text, permanent);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * The default install works offline: each e-mail is written, fully formed (MIME, calendar part),
 * as DATA_DIR/outbox/<time>-<id>.eml, which any mail client opens.
 */
export function createOutboxMailer(dir: string, from: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'outbox',
    async send(message) {
      const info = (await transport.sendMail(toNodemailer(from, message))) as {
        messageId: string;
        message: Buffer;
      };
      await mkdir(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`;
      const file = path.join(dir, name);
      const tmp = `${file}.tmp`;
      await writeFile(tmp, info.message);
      await rename(tmp, file);
      return { messageId: info.messageId, response: `outbox ${name}` };
    },
    close: () => transport.close(),
  };
}
