import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { PROTOCOL_VERSION, userRoom, wireParser } from '@icabinet/shared';
import { AppError, errors } from '../errors.js';
import { isAllowedOrigin } from '../http/origin.middleware.js';
import { pickLang } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { tokenFromCookieHeader } from '../modules/auth/auth.middleware.js';
import { TokenBuckets } from './rate-limit.js';
import type { IoServer, IoSocket } from './types.js';
import type { AckDeps } from './with-ack.js';

export interface GatewayOptions {
  maxPayloadBytes: number;
  eventsPerSecond: number;
  burst: number;
  allowedOrigins: () => string[];
  /** A cluster adapter (Redis streams) when several processes share rooms; in-memory otherwise. */
  adapter?: ServerOptions['adapter'] | undefined;
}

/** A module's socket handlers, registered on each new connection. */
export type SocketModule = {
  onConnection(socket: IoSocket, ack: AckDeps): void;
  /** Called once with the server, e.g. to listen to events from other processes (`io.on`). */
  onServer?(io: IoServer): void;
};

/** How long a validated session is trusted before an event re-checks it. */
const SESSION_RECHECK_MS = 15_000;

/**
 * Creates the Socket.IO server: handshake authentication from the session cookie, protocol
 * version check, origin check, connection state recovery, payload cap and per-user rate limits.
 */
export function createGateway(
  httpServer: HttpServer,
  deps: { auth: AuthService; logger: Logger },
  opts: GatewayOptions,
): {
  io: IoServer;
  /** Registers the modules' socket handlers (once the services they use exist). */
  attach(modules: SocketModule[]): void;
  endSession(sessionId: string): void;
  endUserSessions(userId: string): void;
} {
  const log = deps.logger.child({ component: 'realtime' });
  const io: IoServer = new Server(httpServer, {
    serveClient: false,
    // Packets with bytes (Yjs updates) as one binary frame each; see shared/src/protocol/wire-parser.ts.
    parser: wireParser,
    ...(opts.adapter ? { adapter: opts.adapter } : {}),
    maxHttpBufferSize: opts.maxPayloadBytes,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, isAllowedOrigin(origin, req.headers.host, opts.allowedOrigins()));
    },
  });

  const checkedAt = new WeakMap<IoSocket, number>();

  io.use((socket, next) => {
    const lang = pickLang(socket.handshake.headers['accept-language']);
    const auth: unknown = socket.handshake.auth;
    const version =
      typeof auth === 'object' && auth !== null && 'protocolVersion' in auth
        ? auth.protocolVersion
        : undefined;
    const refuse = (err: AppError) => {
      const e = new Error(err.code) as Error & { data: unknown };
      e.data = err.toWire(lang);
      next(e);
    };
    if (version !== PROTOCOL_VERSION) {
      return refuse(
        new AppError('unsupported_protocol', 'unsupported_protocol', {
          got: String(version),
          want: PROTOCOL_VERSION,
        }),
      );
    }
    deps.auth
      .authenticate(tokenFromCookieHeader(socket.handshake.headers.cookie))
      .then((actor) => {
        const requested = typeof auth === 'object' && auth !== null && 'lang' in auth ? auth.lang : undefined;
        socket.data = {
          userId: actor.user.id,
          fullName: actor.user.fullName,
          systemRole: actor.user.systemRole,
          sessionId: actor.sessionId,
          lang: requested === 'en' || requested === 'vi' ? requested : lang,
          meetings: socket.data.meetings ?? [],
        };
        checkedAt.set(socket, Date.now());
        next();
      })
      .catch((err: unknown) => {
        if (err instanceof AppError)
          return refuse(
            errors.unauthorized(err.key === 'session_expired' ? 'session_expired' : 'unauthorized'),
          );
        log.error({ err }, 'handshake failed');
        refuse(errors.internal());
      });
  });

  const ackDeps: AckDeps = {
    logger: log,
    limits: new TokenBuckets(opts.eventsPerSecond, opts.burst),
    checkSession: async (socket) => {
      const last = checkedAt.get(socket) ?? 0;
      if (Date.now() - last < SESSION_RECHECK_MS) return true;
      try {
        const actor = await deps.auth.authenticate(tokenFromCookieHeader(socket.handshake.headers.cookie));
        if (actor.sessionId !== socket.data.sessionId) return false;
        checkedAt.set(socket, Date.now());
        return true;
      } catch {
        socket.emit('session:expired');
        socket.disconnect(true);
        return false;
      }
    },
  };

  const modules: SocketModule[] = [];

  io.on('connection', (socket) => {
    void socket.join(userRoom(socket.data.userId));
    for (const m of modules) m.onConnection(socket, ackDeps);
    // A broadcast (not socket.emit) so that it carries a recovery offset.
    io.to(socket.id).emit('session:ready', { userId: socket.data.userId, recovered: socket.recovered });
  });

  const disconnectWhere = async (userId: string | null, sessionId: string | null) => {
    const sockets = userId ? await io.in(userRoom(userId)).fetchSockets() : await io.fetchSockets();
    for (const s of sockets) {
      if (sessionId === null || s.data.sessionId === sessionId) {
        s.emit('session:expired');
        s.disconnect(true);
      }
    }
  };

  return {
    io,
    attach: (list) => {
      for (const m of list) m.onServer?.(io);
      modules.push(...list);
    },
    endSession: (sessionId) => {
      disconnectWhere(null, sessionId).catch((err: unknown) =>
        log.error({ err }, 'could not end session sockets'),
      );
    },
    endUserSessions: (userId) => {
      disconnectWhere(userId, null).catch((err: unknown) => log.error({ err }, 'could not end user sockets'));
    },
  };
}
