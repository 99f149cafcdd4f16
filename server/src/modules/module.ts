import type { Router } from 'express';
import type { AccessChange } from '@icabinet/shared';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../lib/clock.js';
import type { Store } from '../store/port.js';
import type { SocketModule } from '../realtime/gateway.js';
import type { IoServer } from '../realtime/types.js';
import type { AuditService } from './audit/audit.service.js';
import type { AuthService } from './auth/auth.service.js';

/** What every feature module may use. */
export interface ModuleContext {
  config: Config;
  store: Store;
  logger: Logger;
  clock: Clock;
  auth: AuthService;
  audit: AuditService;
  /** The Socket.IO server (for broadcasts from REST handlers). */
  io: () => IoServer;
  /** Ends every live session (sockets) of a user at once. */
  endUserSessions: (userId: string) => void;
  /** Rights changed (a user's role or account, a meeting's participants or status): live sockets on every process are re-checked now. */
  accessChanged: (change: AccessChange) => Promise<void>;
  /** Services other modules expose, by name (e.g. `documents` for search). */
  services: Map<string, unknown>;
}

/**
 * One feature of the server: its REST routes (mounted under /api), its socket handlers, and
 * work to start and stop with the server (jobs, child processes). app.ts only lists modules.
 */
export interface ServerModule {
  readonly name: string;
  /** Called once, in list order, before any route or socket handler runs. */
  init?(ctx: ModuleContext): void | Promise<void>;
  router?(ctx: ModuleContext): Router;
  socket?(ctx: ModuleContext): SocketModule;
  /** Pages served outside /api, before the web app (e.g. the invitation reply page behind an e-mailed link). */
  pages?(ctx: ModuleContext): Router;
  /** Called when the server stops, in reverse order. */
  close?(ctx: ModuleContext): void | Promise<void>;
}
