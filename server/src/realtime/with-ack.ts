import {
  DEVICE_EVENTS,
  VIEWER_EVENTS,
  socketContract,
  type CommandAck,
  type CommandName,
  type CommandParsed,
  type Result,
} from '@icabinet/shared';
import { AppError, errors, issuesFromZod } from '../errors.js';
import type { Logger } from '../logger.js';
import type { IoSocket } from './types.js';
import type { EventLimits } from './rate-limit.js';

/** What a handler gets besides its parsed payload. */
export interface HandlerContext {
  socket: IoSocket;
  userId: string;
}

export interface AckDeps {
  logger: Logger;
  limits: EventLimits;
  /**
   * Re-checks the socket's session (it may have expired or been ended since the handshake): at
   * once when it was checked a moment ago, with a promise when the store is asked.
   */
  checkSession: (socket: IoSocket) => Promise<boolean> | boolean;
}

type Ack<T> = (result: Result<T>) => void;

/** A handler as `withAck` and `sharedAck` take it: the parsed payload in, the ack's data out. */
type Handler<K extends CommandName> = (
  ctx: HandlerContext,
  payload: CommandParsed<K>,
) => Promise<CommandAck<K>> | CommandAck<K>;

/**
 * Wraps a socket event handler: rate limit, session check, zod validation, permission errors
 * and unexpected failures all become a `Result` ack with a sanitized, localized message.
 * Events sent without an ack callback are dropped, as every command must be answerable. The
 * payload schema and the ack type come from the shared `socketContract`, keyed by `event`.
 * A viewer screen (viewer link, no account) is refused every event but `VIEWER_EVENTS`, before
 * its payload is even read; its rate is counted per socket (many screens share one link).
 */
export function withAck<K extends CommandName>(
  deps: AckDeps,
  socket: IoSocket,
  event: K,
  handler: Handler<K>,
): (payload: unknown, ack: unknown) => void {
  return (payload: unknown, ack: unknown) => answer(deps, socket, event, handler, payload, ack);
}

/** A listener for every socket: Socket.IO passes the socket as `this`. */
export type SharedListener = (this: IoSocket, ...args: unknown[]) => void;

/**
 * `withAck` without a socket: one listener for every socket (Socket.IO calls a listener with the
 * socket as `this`), made once per server rather than once per connection. For the many viewer
 * screens, whose handlers keep nothing of their own: no closure per screen.
 */
export function sharedAck<K extends CommandName>(
  deps: AckDeps,
  event: K,
  handler: Handler<K>,
): SharedListener {
  return function (this: IoSocket, payload: unknown, ack: unknown) {
    answer(deps, this, event, handler, payload, ack);
  };
}

function answer<K extends CommandName>(
  deps: AckDeps,
  socket: IoSocket,
  event: K,
  handler: Handler<K>,
  payload: unknown,
  ack: unknown,
): void {
  type T = CommandAck<K>;
  if (typeof ack !== 'function') {
    deps.logger.debug({ event, userId: socket.data.userId }, 'event without ack dropped');
    return;
  }
  const reply = ack as Ack<T>;
  const lang = socket.data.lang;
  const failWith = (err: AppError) => reply({ ok: false, error: err.toWire(lang) });

  const parsed = socketContract[event].input.safeParse(payload);

  void (async () => {
    try {
      const viewer = socket.data.viewer;
      if (viewer && !VIEWER_EVENTS.has(event)) return failWith(errors.forbidden('viewer_read_only'));
      if (socket.data.device && !DEVICE_EVENTS.has(event))
        return failWith(errors.forbidden('device_reports_only'));
      const rateKey = viewer ? `${socket.data.userId}:${socket.id}` : socket.data.userId;
      // The budget and the session usually answer at once (memory; checked a moment ago): no wait then.
      const allowed = deps.limits.take(rateKey);
      if (!(typeof allowed === 'boolean' ? allowed : await allowed)) return failWith(errors.rateLimited(1));
      if (!parsed.success) return failWith(errors.invalid(issuesFromZod(parsed.error)));
      const live = deps.checkSession(socket);
      if (!(typeof live === 'boolean' ? live : await live))
        return failWith(errors.unauthorized('session_expired'));
      const data = await handler({ socket, userId: socket.data.userId }, parsed.data as CommandParsed<K>);
      reply({ ok: true, data });
    } catch (err) {
      if (err instanceof AppError) return failWith(err);
      deps.logger.error({ err, event, userId: socket.data.userId }, 'socket handler failed');
      failWith(errors.internal());
    }
  })();
}

/**
 * A viewer screen's answer to every event it may not send (one listener for all screens, with
 * `socket.onAny`): its socket has no handler for them at all, so this is what tells it
 * `viewer_read_only` rather than leaving its ack unanswered.
 */
export function refuseViewerEvent(this: IoSocket, event: string, ...args: unknown[]): void {
  if (VIEWER_EVENTS.has(event as keyof typeof socketContract)) return;
  const ack = args.at(-1);
  if (typeof ack !== 'function') return;
  (ack as Ack<never>)({ ok: false, error: errors.forbidden('viewer_read_only').toWire(this.data.lang) });
}
