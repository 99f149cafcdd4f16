import type { UserRecord } from './store/port.js';

/**
 * Who is acting, after the session was checked. Services take an Actor rather than an HTTP
 * request, so the same service serves REST routes, socket handlers and jobs alike.
 */
export interface Actor {
  user: UserRecord;
  sessionId: string;
  idleExpiresAt: string;
  expiresAt: string;
  /** The client address of this request (REST), for the audit log. */
  ip?: string;
}
