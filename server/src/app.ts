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
import { compose, type Composed } from './compose.js';
import type { AuditService } from './modules/audit/audit.service.js';
import type { AuthService } from './modules/auth/auth.service.js';
import { authRouter } from './modules/auth/auth.router.js';
import { healthRouter } from './modules/health/health.router.js';
import { featureModules } from './modules/index.js';
import type { Services } from './modules/module.js';
import { connectRedisAdapter } from './realtime/redis-adapter.js';
import { createMetrics, metricsRouter } from './metrics/metrics.js';
import type { IoServer } from './realtime/types.js';
import type { EventBus } from './events/bus.js';
import type { HostResolver } from './modules/integrations/address-guard.js';
import { startBackupScheduler } from './ops/scheduler.js';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** How webhook receivers' names are resolved (tests add names); the system's resolver otherwise. */
  resolveHost?: HostResolver;
}

export interface App {
  express: express.Express;
  httpServer: http.Server;
  io: IoServer;
  /** Every service, typed (tests reach the job runner and the document library here). */
  services: Services & { auth: AuthService; audit: AuditService };
  /** The domain events (tests listen to what a module tells, e.g. `conclusion.issued`). */
  bus: EventBus;
  /** Closes sockets, modules and the HTTP server (not the store, which the caller opened). */
  close(): Promise<void>;
}

/** Builds the Express app and the Socket.IO server on one HTTP server, without listening. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, store, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const modules = featureModules;
  const allowedOrigins = () => (config.publicUrl ? [new URL(config.publicUrl).origin] : []);

  const app = express();
  const httpServer = http.createServer(app);
  const redis = config.redisUrl ? await connectRedisAdapter(config.redisUrl, logger) : null;
  let composed: Composed;
  try {
    composed = await compose({
      config,
      store,
      logger,
      clock,
      httpServer,
      redis,
      allowedOrigins,
      resolveHost: deps.resolveHost,
    });
  } catch (err) {
    await redis?.close();
    throw err;
  }
  const { ctx } = composed;
  const { auth, audit, io } = ctx;

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
      onLogout: (id) => composed.endSession(id),
    }),
  );
  const metrics = createMetrics({ store, io, httpServer });
  api.use(metricsRouter({ auth, metrics }));
  for (const m of modules) if (m.router) api.use(m.router(ctx));
  api.use(apiNotFound);
  app.use('/api', api);
  for (const m of modules) if (m.pages) app.use(m.pages(ctx));
  app.use(webApp(config.webDist ?? DEFAULT_WEB_DIST));
  app.use(errorHandler(logger));

  // Scheduled backups (off unless BACKUP_DIR is set; the config refuses it with MongoDB).
  const backups =
    config.backup && store.kind === 'sqlite'
      ? startBackupScheduler({ dataDir: config.dataDir, schedule: config.backup, version: VERSION, logger })
      : null;

  return {
    express: app,
    httpServer,
    io,
    services: { ...ctx.services, auth, audit },
    bus: ctx.bus,
    close: async () => {
      await backups?.stop();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      for (const m of [...modules].reverse()) await m.close?.(ctx);
      metrics.registry.clear();
      await redis?.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
