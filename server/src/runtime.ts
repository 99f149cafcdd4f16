import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from './config/config.js';
import { createApp, type App } from './app.js';
import { ADMIN_PASSWORD_IGNORED, ensureAdmin } from './bootstrap.js';
import { createLogger, type Logger } from './logger.js';
import { openStore } from './store/index.js';
import type { Store } from './store/port.js';
import { systemClock, type Clock } from './lib/clock.js';
import type { HostResolver } from './modules/integrations/address-guard.js';

export interface Running {
  config: Config;
  app: App;
  store: Store;
  logger: Logger;
  url: string;
  port: number;
  /** Set only on the very first run when no admin password was configured. */
  generatedAdminPassword: string | undefined;
  stop(): Promise<void>;
}

/**
 * Boots I-Cabinet: config → store → first-run admin → app → listen. Used by the CLI entry
 * and by tests (which pass their own environment, port 0 and a temporary data dir).
 */
export async function startIcabinet(
  env: Record<string, string | undefined>,
  opts: { clock?: Clock; resolveHost?: HostResolver } = {},
): Promise<Running> {
  const config = loadConfig(env);
  const logger = createLogger(config.logLevel);
  const store = await openStore({ dataDir: config.dataDir, mongodbUri: config.mongodbUri });
  try {
    const clock = opts.clock ?? systemClock;
    const app = await createApp({
      config,
      store,
      logger,
      clock,
      ...(opts.resolveHost ? { resolveHost: opts.resolveHost } : {}),
    });
    const admin = await ensureAdmin(store, app.services.audit, clock, config.adminPassword);
    if (admin.passwordIgnored) logger.warn(ADMIN_PASSWORD_IGNORED);
    await new Promise<void>((resolve, reject) => {
      app.httpServer.once('error', reject);
      app.httpServer.listen(config.port, config.host, () => resolve());
    });
    const port = (app.httpServer.address() as AddressInfo).port;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url, store: store.kind, location: store.location }, 'I-Cabinet is listening');
    let stopping: Promise<void> | undefined;
    return {
      config,
      app,
      store,
      logger,
      url,
      port,
      generatedAdminPassword: admin.generatedPassword,
      stop: () =>
        (stopping ??= (async () => {
          await app.close();
          await store.close();
        })()),
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
