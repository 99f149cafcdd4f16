import http from 'node:http';
import express from 'express';
import type { Config } from './config/config.js';
import type { Store } from './store/port.js';
import type { Logger } from './logger.js';
import { systemClock, type Clock } from './lib/clock.js';
import { VERSION, DEFAULT_WEB_DIST } from './version.js';
import { apiNotFound, errorHandler } from './http/errors.middleware.js';
import { originCheck } from './http/origin.middleware.js';
import { securityHeaders, webApp } from './http/static.js';
import { AuditService } from './modules/audit/audit.service.js';
import { auditRouter } from './modules/audit/audit.router.js';
import { AuthService } from './modules/auth/auth.service.js';
import { authRouter } from './modules/auth/auth.router.js';
import { healthRouter } from './modules/health/health.router.js';
import { UsersService } from './modules/users/users.service.js';
import { usersRouter } from './modules/users/users.router.js';
import { UnitsService } from './modules/units/units.service.js';
import { unitsRouter } from './modules/units/units.router.js';
import { presenceModule } from './modules/presence/presence.socket.js';
import { createGateway } from './realtime/gateway.js';
import type { IoServer } from './realtime/types.js';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
}

export interface App {
  express: express.Express;
  httpServer: http.Server;
  io: IoServer;
  services: { auth: AuthService; audit: AuditService; users: UsersService; units: UnitsService };
  /** Closes sockets and the HTTP server (not the store, which the caller opened). */
  close(): Promise<void>;
}

/** Builds the Express app and the Socket.IO server on one HTTP server, without listening. */
export function createApp(deps: AppDeps): App {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const allowedOrigins = () => (config.publicUrl ? [new URL(config.publicUrl).origin] : []);

  const audit = new AuditService(store, clock);
  const auth = new AuthService(store, audit, clock, config.session, config.loginThrottle);
  let gateway: ReturnType<typeof createGateway> | undefined;
  const users = new UsersService(store, audit, clock, (userId) => gateway?.endUserSessions(userId));
  const units = new UnitsService(store, audit, clock);

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders);

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(originCheck(allowedOrigins));
  api.use(express.json({ limit: '1mb', strict: true }));
  api.use(healthRouter({ storeKind: store.kind, version: VERSION }));
  api.use(authRouter({ auth, store, secureCookie: config.session.secureCookie, onLogout: (id) => gateway?.endSession(id) }));
  api.use(usersRouter({ auth, users }));
  api.use(unitsRouter({ auth, units }));
  api.use(auditRouter({ auth, audit, store }));
  api.use(apiNotFound);
  app.use('/api', api);
  app.use(webApp(config.webDist ?? DEFAULT_WEB_DIST));
  app.use(errorHandler(logger));

  const httpServer = http.createServer(app);
  let io: IoServer | undefined;
  gateway = createGateway(
    httpServer,
    { auth, logger, modules: [presenceModule({ io: () => io as IoServer, store, logger })] },
    { ...config.socket, allowedOrigins },
  );
  io = gateway.io;

  return {
    express: app,
    httpServer,
    io,
    services: { auth, audit, users, units },
    close: async () => {
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
