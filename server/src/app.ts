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
import { AuthService } from './modules/auth/auth.service.js';
import { authRouter } from './modules/auth/auth.router.js';
import { healthRouter } from './modules/health/health.router.js';
import { featureModules } from './modules/index.js';
import type { ModuleContext, ServerModule } from './modules/module.js';
import { createGateway } from './realtime/gateway.js';
import { limiterFactory } from './realtime/rate-limit.js';
import { connectRedisAdapter } from './realtime/redis-adapter.js';
import type { IoServer } from './realtime/types.js';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** Defaults to every feature module; tests may pass a subset. */
  modules?: readonly ServerModule[];
}

export interface App {
  express: express.Express;
  httpServer: http.Server;
  io: IoServer;
  services: { auth: AuthService; audit: AuditService; byName: Map<string, unknown> };
  /** Closes sockets, modules and the HTTP server (not the store, which the caller opened). */
  close(): Promise<void>;
}

/** Builds the Express app and the Socket.IO server on one HTTP server, without listening. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const modules = deps.modules ?? featureModules;
  const allowedOrigins = () => (config.publicUrl ? [new URL(config.publicUrl).origin] : []);

  const redis = config.redisUrl ? await connectRedisAdapter(config.redisUrl, logger) : null;
  // Rate limits and login throttling are shared by every process through Redis when it is set.
  const limiters = limiterFactory(redis?.client ?? null);
  const audit = new AuditService(store, clock);
  const auth = new AuthService(store, audit, clock, config.session, config.loginThrottle, limiters);

  const app = express();
  const httpServer = http.createServer(app);
  const ctx: ModuleContext = {
    config,
    store,
    logger,
    clock,
    auth,
    audit,
    io: () => gateway.io,
    endUserSessions: (userId) => gateway.endUserSessions(userId),
    accessChanged: (change) => gateway.accessChanged(change),
    services: new Map(),
  };
  try {
    for (const m of modules) await m.init?.(ctx);
  } catch (err) {
    await redis?.close();
    throw err;
  }
  const gateway = createGateway(
    httpServer,
    { auth, store, logger, limiters, modules: modules.flatMap((m) => (m.socket ? [m.socket(ctx)] : [])) },
    { ...config.socket, allowedOrigins, adapter: redis?.adapter },
  );
  const io = gateway.io;
  auth.onSessionsEnded = (userId) => void gateway.accessChanged({ kind: 'user', userId });

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
  api.use(
    authRouter({
      auth,
      store,
      secureCookie: config.session.secureCookie,
      onLogout: (id) => gateway.endSession(id),
    }),
  );
  for (const m of modules) if (m.router) api.use(m.router(ctx));
  api.use(apiNotFound);
  app.use('/api', api);
  for (const m of modules) if (m.pages) app.use(m.pages(ctx));
  app.use(webApp(config.webDist ?? DEFAULT_WEB_DIST));
  app.use(errorHandler(logger));

  return {
    express: app,
    httpServer,
    io,
    services: { auth, audit, byName: ctx.services },
    close: async () => {
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      for (const m of [...modules].reverse()) await m.close?.(ctx);
      await redis?.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
