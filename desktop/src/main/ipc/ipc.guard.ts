import {
  ErrorCode,
  IpcArgs,
  fail,
  ok,
  type IpcChannel,
  type IpcReturns,
  type Result,
} from '@icabinet/shared';
import type { IpcMainLike, WebFrameLike } from '../electron-types.js';
import { errorMessage, type Logger } from '../logger.js';
import { originOf } from '../origin.js';

/** The two kinds of page that may talk to the main process. */
export const Sender = { bundle: 'bundle', server: 'server' } as const;
export type Sender = (typeof Sender)[keyof typeof Sender];

/** The origin of each trusted kind of page; the server's changes when its URL does. */
export type TrustedOrigins = Record<Sender, string | null>;

/**
 * Which trusted page sent a call, or null: a frame that is gone, an iframe (the bridge is only
 * meant for the top document), or a page from any other origin.
 */
export function identifySender(frame: WebFrameLike | null, origins: TrustedOrigins): Sender | null {
  if (frame === null || frame.parent !== null) return null;
  const origin = originOf(frame.url);
  if (origin === null) return null;
  if (origin === origins.bundle) return Sender.bundle;
  if (origin === origins.server) return Sender.server;
  return null;
}

export interface IpcContext {
  ipcMain: IpcMainLike;
  trustedOrigins(): TrustedOrigins;
  log: Logger;
}

/**
 * Registers one channel the safe way: the sender must be a trusted page allowed on this channel,
 * the arguments must parse with the channel's shared zod schema, and the answer is a `Result`
 * whose errors carry no internals. The handler only ever sees parsed arguments.
 */
export function handleIpc<C extends IpcChannel>(
  context: IpcContext,
  channel: C,
  allowedSenders: readonly Sender[],
  handler: (args: IpcArgs[C]) => Promise<IpcReturns[C]>,
): void {
  const schema = IpcArgs[channel];
  context.ipcMain.handle(channel, async (event, ...args): Promise<Result<IpcReturns[C]>> => {
    const sender = identifySender(event.senderFrame, context.trustedOrigins());
    if (sender === null || !allowedSenders.includes(sender)) {
      context.log.warn('refused an IPC call from an untrusted frame', {
        channel,
        url: event.senderFrame?.url.slice(0, 200) ?? null,
      });
      return fail({ code: ErrorCode.forbidden, message: `${channel} may not be called from this page` });
    }

    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      }));
      return fail({
        code: ErrorCode.invalid_input,
        message: `invalid arguments for ${channel}: ${issues.map((issue) => issue.message).join('; ')}`,
        issues,
      });
    }

    try {
      return ok(await handler(parsed.data as IpcArgs[C]));
    } catch (error) {
      context.log.error('an IPC handler failed', { channel, error: errorMessage(error) });
      return fail({ code: ErrorCode.internal, message: `${channel} failed` });
    }
  });
}
