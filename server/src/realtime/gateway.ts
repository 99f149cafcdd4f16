import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { PROTOCOL_VERSION, userRoom, viewersRoom, wireParser, type AccessChange } from '@icabinet/shared';
import { AppError, errors } from '../errors.js';
import { isAllowedOrigin } from '../http/origin.middleware.js';
import { pickLang } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { tokenFromCookieHeader } from '../modules/auth/auth.middleware.js';
import type { Store } from '../store/port.js';
import { accessFor } from '../access/meeting-access.js';
import { recheckAccess } from './live-access.js';
import { EventLimits, type LimiterFactory } from './rate-limit.js';
import type { IoServer, IoSocket } from './types.js';
import { refuseViewerEvent, type AckDeps } from './with-ack.js';
import {
  SessionChecks,
  deviceIdentity,
  viewerIdentity,
  type DeviceAuth,
  type ViewerAuth,
} from './session-checks.js';

export interface GatewayOptions {
  maxPayloadBytes: number;
  eventsPerSecond: number;
  burst: number;
  /** How often this process re-checks the session of each of its sockets (default 30 s). */
  sessionSweepMs?: number | undefined;
  allowedOrigins: () => string[];
  /** A cluster adapter (Redis streams) when several processes share rooms; in-memory otherwise. */
  adapter?: ServerOptions['adapter'] | undefined;
}

/** A module's socket handlers, registered on each new connection. */
export type SocketModule = {
  /** A signed-in socket (or a tablet's own): the module's handlers and its re-check of rights. */
  onConnection(socket: IoSocket, ack: AckDeps): void;
  /**
   * A viewer screen's socket (viewer link, no account), instead of `onConnection`: only what a
   * viewer may send (`VIEWER_EVENTS`), with listeners shared by every screen where possible —
   * tens of thousands of screens follow a briefing, and each handler kept per screen is memory.
   * A module without it gives viewer screens nothing; the gateway refuses their other events.
   */
  onViewer?(socket: IoSocket, ack: AckDeps): void;
  /** Called once with the server, e.g. to listen to events from other processes (`io.on`). */
  onServer?(io: IoServer): void;
};

export { deviceIdentity, viewerIdentity, type DeviceAuth, type ViewerAuth } from './session-checks.js';

/** The realtime gateway as the rest of the server sees it. */
export interface Gateway {
  io: IoServer;
  /** Registers the modules' socket handlers (once the services they use exist). */
  attach(modules: SocketModule[]): void;
  /** Lets viewer screens (viewer links, no account) connect; until then their handshake is refused. */
  useViewers(viewers: ViewerAuth): void;
  /** Lets paired tablets' own sockets connect with their device credential. */
  useDevices(devices: DeviceAuth): void;
  endSession(sessionId: string): void;
  endUserSessions(userId: string): void;
  /**
   * Rights changed: every process re-checks its live sockets at once. For a user: re-reads the
   * account (role, name, active) and each socket's session, disconnecting what is no longer
   * valid; then, for a user or a meeting, each module leaves the rooms the socket may no longer follow.
   */
  accessChanged(change: AccessChange): Promise<void>;
}

/** How often the sessions of this process's sockets are re-checked when the config does not say. */
const DEFAULT_SESSION_SWEEP_MS = 10_000;
/** How long a clustered server waits between `session:expired` and closing the socket. */
const EXPIRE_GRACE_MS = 1000;

/**
 * Creates the Socket.IO server: handshake authentication from the session cookie, protocol
 * version check, origin check, connection state recovery, payload cap and per-user rate limits.
 */
export function createGateway(
  httpServer: HttpServer,
  deps: {
    auth: AuthService;
    store: Store;
    logger: Logger;
    limiters: LimiterFactory;
  },
  opts: GatewayOptions,
): Gateway {
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

  let viewers: ViewerAuth | null = null;
  let devices: DeviceAuth | null = null;
  /** Sockets whose session ended, between the notice and the close. */
  const expired = new WeakSet<IoSocket>();

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
    const requestedLang = typeof auth === 'object' && auth !== null && 'lang' in auth ? auth.lang : undefined;
    const viewerToken =
      typeof auth === 'object' && auth !== null && 'viewerToken' in auth ? auth.viewerToken : undefined;
    if (viewerToken !== undefined) {
      // A viewer screen: the link's token, never a session; read-only, bound to one meeting.
      const links = viewers;
      if (typeof viewerToken !== 'string' || !links) return refuse(errors.notFound('viewer_link_not_found'));
      links
        .authenticate(viewerToken)
        .then((link) => {
          const id = viewerIdentity(link.linkId);
          // A recovered connection keeps its rooms: only one that was this same link's screen may.
          const held = (socket.data as { userId?: string }).userId;
          if (held !== undefined && held !== id) return refuse(errors.unauthorized());
          socket.data = {
            ...socket.data,
            userId: id,
            fullName: link.label,
            systemRole: 'member',
            sessionId: id,
            lang: requestedLang === 'en' || requestedLang === 'vi' ? requestedLang : lang,
            meetings: [],
            viewer: { linkId: link.linkId, meetingId: link.meetingId, siteId: link.siteId },
          };
          sessions.checked(socket);
          next();
        })
        .catch((err: unknown) => {
          if (err instanceof AppError) return refuse(err);
          log.error({ err }, 'viewer handshake failed');
          refuse(errors.internal());
        });
      return;
    }
    if (typeof auth === 'object' && auth !== null && 'deviceToken' in auth) {
      // A paired tablet's own socket: it reports its state and hears its room's end, nothing more.
      if (!devices) return refuse(errors.unauthorized('device_unknown'));
      devices
        .authenticate(auth.deviceToken)
        .then((device) => {
          const id = deviceIdentity(device.id);
          const held = (socket.data as { userId?: string }).userId;
          if (held !== undefined && held !== id) return refuse(errors.unauthorized());
          socket.data = {
            ...socket.data,
            userId: id,
            fullName: `${device.room} · ${device.seatLabel}`,
            systemRole: 'member',
            sessionId: id,
            lang: requestedLang === 'en' || requestedLang === 'vi' ? requestedLang : lang,
            meetings: [],
            device: { deviceId: device.id },
          };
          sessions.checked(socket);
          next();
        })
        .catch((err: unknown) => {
          if (err instanceof AppError) return refuse(err);
          log.error({ err }, 'device handshake failed');
          refuse(errors.internal());
        });
      return;
    }
    deps.auth
      .authenticate(tokenFromCookieHeader(socket.handshake.headers.cookie))
      .then((actor) => {
        const requested = requestedLang;
        // A viewer screen's or tablet's recovered connection does not become a signed-in one.
        if (socket.data.viewer || socket.data.device) return refuse(errors.unauthorized());
        socket.data = {
          // A recovered socket keeps what it held (meeting joins); identity comes from the session.
          ...socket.data,
          userId: actor.user.id,
          fullName: actor.user.fullName,
          systemRole: actor.user.systemRole,
          sessionId: actor.sessionId,
          lang: requested === 'en' || requested === 'vi' ? requested : lang,
          meetings: socket.data.meetings ?? [],
        };
        sessions.checked(socket);
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
    limits: new EventLimits(deps.limiters, opts.eventsPerSecond, opts.burst),
    checkSession: (socket) => sessions.onEvent(socket),
  };

  const recheck = (socket: IoSocket, scope: { userId?: string; meetingId?: string }) =>
    recheckAccess(socket, scope, (err) =>
      log.error({ err, userId: socket.data.userId }, 'access re-check failed'),
    );

  /** This process's own sockets, all of them or those in one room. */
  const localSockets = (room?: string): IoSocket[] => {
    const nsp = io.of('/');
    if (!room) return [...nsp.sockets.values()];
    const ids = nsp.adapter.rooms.get(room) ?? new Set<string>();
    return [...ids].flatMap((id) => {
      const s = nsp.sockets.get(id);
      return s ? [s] : [];
    });
  };

  /**
   * Ends one local socket: it leaves every room at once (it hears nothing more), its commands are
   * refused, it is told `session:expired`, then closed. With connection state recovery the emit
   * goes through the adapter (with Redis, a round trip to store it first), so closing at once
   * would drop the notice: a clustered server closes it a moment later.
   */
  const expire = (s: IoSocket) => {
    expired.add(s);
    for (const room of [...s.rooms]) if (room !== s.id) void s.leave(room);
    s.emit('session:expired');
    if (!opts.adapter) s.disconnect(true);
    else setTimeout(() => s.disconnect(true), EXPIRE_GRACE_MS).unref();
  };

  const sessions = new SessionChecks({
    auth: deps.auth,
    viewers: () => viewers,
    devices: () => devices,
    expired: (s) => expired.has(s),
    expire,
    recheck,
  });
  const stopSweep = sessions.startSweep(
    opts.sessionSweepMs ?? DEFAULT_SESSION_SWEEP_MS,
    localSockets,
    (err) => log.error({ err }, 'session sweep failed'),
  );
  // io.close() closes the HTTP server too: the sweep stops with it.
  httpServer.once('close', stopSweep);

  /** Applies a change of rights to this process's sockets. */
  const applyLocally = async (change: AccessChange): Promise<void> => {
    if (change.kind === 'meeting') {
      // Viewer screens hold no rights of their own: their link is checked once (not once per
      // screen), and all its screens here stop at once when it no longer opens the meeting.
      const links = new Map<string, IoSocket[]>();
      for (const s of localSockets()) {
        const viewer = s.data.viewer;
        if (!viewer) await recheck(s, { meetingId: change.meetingId });
        else if (viewer.meetingId === change.meetingId && !expired.has(s)) {
          const list = links.get(viewer.linkId);
          if (list) list.push(s);
          else links.set(viewer.linkId, [s]);
        }
      }
      for (const [linkId, sockets] of links) {
        if (viewers && (await viewers.alive(linkId).catch(() => true))) continue;
        for (const s of sockets) if (s.connected) expire(s);
      }
      return;
    }
    const sockets = localSockets(userRoom(change.userId));
    if (!sockets.length) return;
    const user = await deps.store.users.getById(change.userId);
    for (const s of sockets) {
      const session = user?.active ? await deps.store.sessions.get(s.data.sessionId) : null;
      if (!user?.active || session?.userId !== change.userId) {
        expire(s);
        continue;
      }
      s.data.systemRole = user.systemRole;
      s.data.fullName = user.fullName;
      sessions.checked(s);
      await recheck(s, { userId: change.userId });
    }
  };
  const access = accessFor(deps.store);
  const applyLogged = (change: AccessChange) => {
    // The hot paths' cached standings and documents go first, before any await: a page turn or
    // an annotation update that arrives while the sockets are re-checked reads afresh.
    access.forget(change);
    return applyLocally(change).catch((err: unknown) =>
      log.error({ err, change }, 'could not apply access change'),
    );
  };

  // Other processes' changes (the in-memory adapter has no server-side events: one process, nothing to hear).
  if (opts.adapter) io.on('access:changed', (change: AccessChange) => void applyLogged(change));

  const modules: SocketModule[] = [];

  io.on('connection', (socket) => {
    void socket.join(userRoom(socket.data.userId));
    if (socket.data.viewer) {
      // Viewer screens are counted per site in a briefing's roll-up (never as delegates). They
      // get only the viewer's handlers; every other event is answered `viewer_read_only`.
      void socket.join(viewersRoom(socket.data.viewer.meetingId));
      socket.onAny(refuseViewerEvent);
      for (const m of modules) m.onViewer?.(socket, ackDeps);
    } else for (const m of modules) m.onConnection(socket, ackDeps);
    // A broadcast (not socket.emit) so that it carries a recovery offset.
    io.to(socket.id).emit('session:ready', { userId: socket.data.userId, recovered: socket.recovered });
  });

  const disconnectWhere = async (userId: string | null, sessionId: string | null) => {
    const sockets = userId ? await io.in(userRoom(userId)).fetchSockets() : await io.fetchSockets();
    const local = io.of('/').sockets;
    for (const s of sockets) {
      if (sessionId !== null && s.data.sessionId !== sessionId) continue;
      const mine = local.get(s.id);
      if (mine) expire(mine);
      else {
        // Another process's socket: the notice and the close reach it in this order.
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
    useViewers: (v) => {
      viewers = v;
    },
    useDevices: (d) => {
      devices = d;
    },
    endSession: (sessionId) => {
      disconnectWhere(null, sessionId).catch((err: unknown) =>
        log.error({ err }, 'could not end session sockets'),
      );
    },
    endUserSessions: (userId) => {
      disconnectWhere(userId, null).catch((err: unknown) => log.error({ err }, 'could not end user sockets'));
    },
    accessChanged: async (change) => {
      if (opts.adapter) io.serverSideEmit('access:changed', change);
      await applyLogged(change);
    },
  };
}
