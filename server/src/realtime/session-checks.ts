import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { AppError } from '../errors.js';
import type { AuthService } from '../modules/auth/auth.service.js';
import { tokenFromCookieHeader } from '../modules/auth/auth.middleware.js';
import type { IoSocket } from './types.js';

/**
 * How long a validated session is trusted before an event re-checks it inline. The sweep
 * (`SOCKET_SESSION_SWEEP_SECONDS`, every 10 s by default) re-checks every socket's session before
 * then, so an event seldom waits for the store; none is answered on a check older than this.
 */
export const SESSION_RECHECK_MS = 15_000;
/** Work of one sweep done in one turn of the event loop before the events waiting go first. */
const SLICE_MS = 1;

/** How a viewer screen's token is checked (the viewers module; set once the services exist). */
export interface ViewerAuth {
  /** The link behind a token; throws the AppError to show (unknown, revoked, meeting over). */
  authenticate(
    token: string,
  ): Promise<{ linkId: string; meetingId: string; siteId: string | null; label: string }>;
  /** Whether a link still opens its meeting (not revoked, the meeting not over). */
  alive(linkId: string): Promise<boolean>;
}

/** The session id and user id a viewer screen's socket carries (one per link; never a real session). */
export const viewerIdentity = (linkId: string): string => `viewer:${linkId}`;
const VIEWER_PREFIX = 'viewer:';

/** How a paired tablet's own socket is checked (the devices module): its credential, no account. */
export interface DeviceAuth {
  /** The tablet behind a credential; throws the AppError to show (unknown, revoked). */
  authenticate(token: unknown): Promise<{ id: string; room: string; seatLabel: string }>;
  alive(deviceId: string): Promise<boolean>;
}

/** The session id and user id a tablet's own socket carries (never a real session). */
export const deviceIdentity = (deviceId: string): string => `device:${deviceId}`;
const DEVICE_PREFIX = 'device:';

export interface SessionChecksDeps {
  auth: Pick<AuthService, 'authenticate'>;
  viewers: () => ViewerAuth | null;
  devices: () => DeviceAuth | null;
  /** Whether a socket is being ended already. */
  expired: (s: IoSocket) => boolean;
  /** Ends a socket whose session is over. */
  expire: (s: IoSocket) => void;
  /** Re-checks a socket's rights (its user's role changed). */
  recheck: (s: IoSocket, scope: { userId: string }) => Promise<void>;
}

/**
 * Whether each socket's session (an account's, a viewer link's or a paired tablet's) still holds.
 * An event is answered on a check at most `SESSION_RECHECK_MS` old, and re-checks inline past
 * that; the sweep (`startSweep`) re-checks every session with sockets here once per interval, so
 * that events — a ballot from each of 500 tablets idle since the last vote — seldom wait for a
 * session's store reads, and so that the sockets that only listen are ended on time too.
 */
export class SessionChecks {
  private readonly checkedAt = new WeakMap<IoSocket, number>();
  /** Sockets that sent an event since the sweep last looked: their session was in use. */
  private readonly active = new WeakSet<IoSocket>();

  constructor(private readonly deps: SessionChecksDeps) {}

  /** The socket's session was checked just now (its handshake, a change of rights applied). */
  checked(socket: IoSocket, at = Date.now()): void {
    this.checkedAt.set(socket, at);
  }

  /** Before an event is handled: whether its socket's session holds. */
  onEvent(socket: IoSocket): Promise<boolean> | boolean {
    if (this.deps.expired(socket)) return false;
    this.active.add(socket);
    if (Date.now() - (this.checkedAt.get(socket) ?? 0) < SESSION_RECHECK_MS) return true;
    return this.checkNow(socket);
  }

  /** Checks one socket's session against the store now, as the user's own activity. */
  private async checkNow(socket: IoSocket): Promise<boolean> {
    await this.check(socket.data.sessionId, [socket], true);
    return !this.deps.expired(socket);
  }

  /**
   * Checks one session for its sockets here: each is ended when the session is gone, timed out or
   * refused (e.g. a second factor now required), and otherwise counts as checked now; when its
   * user's role changed, their rights are re-checked. `used`: whether the check is the user's own
   * activity (an event; the sweep: any of the sockets sent one since its last pass), which
   * restarts the session's idle timer as an HTTP request would; a socket only listened on does not.
   */
  private async check(sessionId: string, sockets: IoSocket[], used: boolean): Promise<void> {
    const at = Date.now();
    let alive: boolean;
    let role: IoSocket['data']['systemRole'] | null = null;
    const viewers = this.deps.viewers();
    const devices = this.deps.devices();
    if (sessionId.startsWith(VIEWER_PREFIX)) {
      const linkId = sessionId.slice(VIEWER_PREFIX.length);
      alive = viewers ? await viewers.alive(linkId).catch(() => false) : false;
    } else if (sessionId.startsWith(DEVICE_PREFIX)) {
      const deviceId = sessionId.slice(DEVICE_PREFIX.length);
      alive = devices ? await devices.alive(deviceId).catch(() => false) : false;
    } else {
      try {
        const token = tokenFromCookieHeader(sockets[0]!.handshake.headers.cookie);
        const actor = await this.deps.auth.authenticate(token, { active: used });
        alive = actor.sessionId === sessionId;
        role = actor.user.systemRole;
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        alive = false;
      }
    }
    for (const s of sockets) {
      if (this.deps.expired(s)) continue;
      if (!alive) {
        this.deps.expire(s);
        continue;
      }
      this.checkedAt.set(s, at);
      // A change of role this process was not told about (it should have been) still lands here.
      if (role !== null && role !== s.data.systemRole) {
        s.data.systemRole = role;
        await this.deps.recheck(s, { userId: s.data.userId });
      }
    }
  }

  /**
   * Every `intervalMs`, checks each session with sockets here once. It gives the event loop back
   * after each millisecond of work, so events arriving meanwhile wait for one slice rather than
   * the whole sweep, and a sweep still running when the next is due is not doubled. Returns how
   * to stop it.
   */
  startSweep(intervalMs: number, sockets: () => IoSocket[], onError: (err: unknown) => void): () => void {
    const sweep = async () => {
      const bySession = new Map<string, IoSocket[]>();
      for (const s of sockets()) {
        if (this.deps.expired(s)) continue;
        const list = bySession.get(s.data.sessionId);
        if (list) list.push(s);
        else bySession.set(s.data.sessionId, [s]);
      }
      let slice = performance.now();
      for (const [sessionId, list] of bySession) {
        if (performance.now() - slice >= SLICE_MS) {
          await nextTurn();
          slice = performance.now();
        }
        const used = list.some((s) => this.active.has(s));
        for (const s of list) this.active.delete(s);
        await this.check(sessionId, list, used);
      }
    };
    let sweeping: Promise<void> | null = null;
    const timer = setInterval(() => {
      sweeping ??= sweep()
        .catch(onError)
        .finally(() => (sweeping = null));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
