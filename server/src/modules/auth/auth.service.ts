import { createHash } from 'node:crypto';
import type {
  LoginInput,
  PasswordChangeInput,
  SecondFactorChallenge,
  SecondFactorLoginInput,
  SessionInfo,
} from '@icabinet/shared';
import type { Store, UserRecord } from '../../store/port.js';
import type { Clock } from '../../lib/clock.js';
import { newToken } from '../../lib/ids.js';
import { errors } from '../../errors.js';
import type { Actor } from '../../actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { limiterFactory, type LimiterFactory } from '../../realtime/rate-limit.js';
import { LoginThrottle, type ThrottleLimits } from './login-throttle.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.js';
import type { PasswordPolicyService } from './password-policy.service.js';
import {
  SecondFactorService,
  type RequiredRoles,
  type SecondFactorExemption,
} from './second-factor.service.js';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Roles that must sign in with a second factor (the security settings); none by default. */
  secondFactorRequiredFor?: RequiredRoles;
}

/** Optional collaborators of the auth service. */
export interface AuthExtras {
  /** The password policy for password changes (without it only the schema's length applies). */
  passwords?: PasswordPolicyService;
  /** Sessions that need no second factor (room tablets paired to a seat, later). */
  secondFactorExemption?: SecondFactorExemption;
}

/** What the password step answers: a session, or the pending second-factor step. */
export type LoginOutcome = { token: string; actor: Actor } | { challenge: SecondFactorChallenge };

/** Options of `authenticate`: `enrolling` lets a user who must still enrol a second factor through. */
export interface AuthenticateOptions {
  enrolling?: boolean;
  /**
   * Whether the check is the user's own activity (the default: a request, an event). The realtime
   * gateway's sweep re-checks sessions on the user's behalf and says whether the sockets were used
   * since its last pass: only then does the session's idle timer restart.
   */
  active?: boolean;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

/** Touching a session on every request would write on every click; once a minute is enough. */
const TOUCH_EVERY_MS = 60_000;

/** The store keeps only a hash of the cookie token, so a leaked database yields no usable session. */
export const sessionIdOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Sign-in, sessions and password changes. */
export class AuthService {
  readonly throttle: LoginThrottle;
  readonly secondFactor: SecondFactorService;

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
    limits: ThrottleLimits,
    limiters: LimiterFactory = limiterFactory(null),
    private readonly extras: AuthExtras = {},
  ) {
    this.throttle = new LoginThrottle(limits, () => this.clock.now().getTime(), limiters);
    this.secondFactor = new SecondFactorService(
      store,
      audit,
      clock,
      this.throttle,
      policy.secondFactorRequiredFor ?? [],
      extras.secondFactorExemption,
    );
  }

  /** Told when some of a user's sessions were ended here, so their live sockets are re-checked at once. */
  onSessionsEnded: (userId: string) => void = () => undefined;

  /**
   * Checks credentials and opens a new session, or, when the account has a second factor,
   * answers a pending challenge and opens nothing. Any session the client already had is ended
   * first (rotation), so a fixed session id cannot survive sign-in.
   */
  async login(
    input: LoginInput,
    client: ClientInfo,
    previousToken: string | undefined,
  ): Promise<LoginOutcome> {
    const username = input.username.toLowerCase();
    const wait = await this.throttle.retryAfterSeconds(username, client.ip);
    if (wait > 0) {
      throw errors.rateLimited(wait, 'too_many_attempts', { minutes: Math.max(1, Math.ceil(wait / 60)) });
    }
    const user = await this.store.users.getByUsername(username);
    const valid = user
      ? await verifyPassword(user.passwordHash, input.password)
      : (await burnPasswordCheck(input.password), false);
    if (!user || !valid) {
      await this.throttle.recordFailure(username, client.ip);
      // Nobody signed in: the account that was tried is the subject, never the actor, or the
      // log would show the administrator doing what a stranger did.
      await this.audit.record({
        actorId: null,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user?.id ?? null,
        data: { username, reason: user ? 'wrong_password' : 'unknown_user' },
        ip: client.ip,
      });
      throw errors.unauthorized('bad_credentials');
    }
    if (!user.active) {
      await this.audit.record({
        actorId: null,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        data: { username, reason: 'inactive' },
        ip: client.ip,
      });
      throw errors.forbidden('account_disabled');
    }
    // With a second factor the failures are cleared only after the code: a known password must
    // not reset the count of wrong codes.
    if (await this.secondFactor.asksForCode(user)) {
      return { challenge: await this.secondFactor.challenge(user) };
    }
    await this.throttle.recordSuccess(username);
    return this.openSession(user, client, previousToken, undefined);
  }

  /** The second sign-in step: a TOTP or recovery code with the pending token. */
  async loginSecondFactor(
    input: SecondFactorLoginInput,
    client: ClientInfo,
    previousToken: string | undefined,
  ): Promise<{ token: string; actor: Actor }> {
    const user = await this.secondFactor.verifyLogin(input.pendingToken, input.code, client.ip);
    return this.openSession(user, client, previousToken, {
      secondFactor: /^\d{6}$/.test(input.code) ? 'totp' : 'recovery',
    });
  }

  /**
   * Opens a session for a user the caller has already checked another way (the PIN of the
   * delegate seated at a paired tablet); `data` says how, in the audit entry.
   */
  openCheckedSession(
    user: UserRecord,
    client: ClientInfo,
    previousToken: string | undefined,
    data: Record<string, unknown>,
  ): Promise<{ token: string; actor: Actor }> {
    return this.openSession(user, client, previousToken, data);
  }

  private async openSession(
    user: UserRecord,
    client: ClientInfo,
    previousToken: string | undefined,
    auditData: Record<string, unknown> | undefined,
  ): Promise<{ token: string; actor: Actor }> {
    if (previousToken) await this.store.sessions.delete(sessionIdOf(previousToken));

    const now = this.clock.now();
    const token = newToken();
    const session = {
      id: sessionIdOf(token),
      userId: user.id,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.policy.absoluteMs).toISOString(),
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    };
    await this.store.sessions.create(session);
    const updated = await this.store.users.recordLogin(user.id, now.toISOString());
    await this.audit.record({
      actorId: user.id,
      action: 'auth.login',
      targetType: 'user',
      targetId: user.id,
      ...(auditData ? { data: auditData } : {}),
      ip: client.ip,
    });
    return { token, actor: this.actorFor(updated, session.id, now, session.expiresAt) };
  }

  /** Ends the session behind a cookie token (idempotent). */
  async logout(token: string, ip: string): Promise<void> {
    const id = sessionIdOf(token);
    const session = await this.store.sessions.get(id);
    if (!session) return;
    await this.store.sessions.delete(id);
    await this.audit.record({
      actorId: session.userId,
      action: 'auth.logout',
      targetType: 'user',
      targetId: session.userId,
      ip,
    });
  }

  /**
   * Resolves a cookie token to the signed-in actor, enforcing the idle and absolute timeouts.
   * Expired sessions are deleted and answered with `session_expired`.
   */
  async authenticate(token: string | undefined, options: AuthenticateOptions = {}): Promise<Actor> {
    if (!token || token.length > 200) throw errors.unauthorized();
    const id = sessionIdOf(token);
    const session = await this.store.sessions.get(id);
    if (!session) throw errors.unauthorized();
    const now = this.clock.now();
    const lastSeen = Date.parse(session.lastSeenAt);
    if (this.timedOut(session, now)) {
      await this.store.sessions.delete(id);
      throw errors.unauthorized('session_expired');
    }
    const user = await this.store.users.getById(session.userId);
    if (!user?.active) {
      await this.store.sessions.delete(id);
      throw errors.unauthorized('session_expired');
    }
    // A role that requires a second factor may do nothing but enrol until it has one.
    if (!options.enrolling && (await this.secondFactor.mustEnrol(user, id))) {
      throw errors.forbidden('second_factor_required');
    }
    if (options.active !== false && now.getTime() - lastSeen >= TOUCH_EVERY_MS)
      await this.store.sessions.touch(id, now.toISOString());
    return this.actorFor(user, id, now, session.expiresAt);
  }

  private timedOut(session: { expiresAt: string; lastSeenAt: string }, now: Date): boolean {
    const t = now.getTime();
    return Date.parse(session.expiresAt) <= t || Date.parse(session.lastSeenAt) + this.policy.idleMs <= t;
  }

  /** Changes the signed-in user's own password and ends their other sessions. */
  async changePassword(actor: Actor, input: PasswordChangeInput, ip: string): Promise<void> {
    if (!(await verifyPassword(actor.user.passwordHash, input.currentPassword))) {
      throw errors.invalid(
        [{ path: 'currentPassword', key: 'wrong_current_password' }],
        'wrong_current_password',
      );
    }
    const owner = { username: actor.user.username, fullName: actor.user.fullName, email: actor.user.email };
    if (this.extras.passwords) {
      await this.extras.passwords.assertAcceptable(input.newPassword, owner, 'newPassword', actor.user);
      await this.extras.passwords.replace(actor.user, input.newPassword, { mustChangePassword: false });
    } else {
      await this.store.users.update(
        actor.user.id,
        { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false },
        null,
        this.clock.now().toISOString(),
      );
    }
    // End every other session of this user but keep the one the change was made from.
    const current = await this.store.sessions.get(actor.sessionId);
    await this.store.sessions.deleteByUser(actor.user.id);
    if (current) await this.store.sessions.create(current);
    this.onSessionsEnded(actor.user.id);
    await this.audit.record({
      actorId: actor.user.id,
      action: 'auth.password_changed',
      targetType: 'user',
      targetId: actor.user.id,
      ip,
    });
  }

  /** A user's live sessions for an administrator (expired ones left out), most recent first. */
  async listSessions(actor: Actor, userId: string): Promise<SessionInfo[]> {
    if (!(await this.store.users.getById(userId))) throw errors.notFound('user_not_found');
    const now = this.clock.now().getTime();
    const sessions = await this.store.sessions.listByUser(userId);
    return sessions
      .filter((s) => Date.parse(s.expiresAt) > now && Date.parse(s.lastSeenAt) + this.policy.idleMs > now)
      .map((s) => ({
        id: s.id,
        createdAt: s.createdAt,
        lastSeenAt: s.lastSeenAt,
        expiresAt: s.expiresAt,
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.id === actor.sessionId,
      }));
  }

  /**
   * An administrator ends one session of a user, or all of them ("sign out everywhere"); their
   * live connections are re-checked at once. Audited; answers how many ended.
   */
  async endSessions(actor: Actor, userId: string, sessionId: string | null, ip: string): Promise<number> {
    const user = await this.store.users.getById(userId);
    if (!user) throw errors.notFound('user_not_found');
    let ended: number;
    if (sessionId === null) {
      ended = await this.store.sessions.deleteByUser(userId);
    } else {
      const session = await this.store.sessions.get(sessionId);
      if (session?.userId !== userId) throw errors.notFound('session_not_found');
      await this.store.sessions.delete(sessionId);
      ended = 1;
    }
    this.onSessionsEnded(userId);
    await this.audit.record({
      actorId: actor.user.id,
      action: 'user.sessions_ended',
      targetType: 'user',
      targetId: userId,
      data: { username: user.username, ended, all: sessionId === null },
      ip,
    });
    return ended;
  }

  private actorFor(user: UserRecord, sessionId: string, now: Date, expiresAt: string): Actor {
    const idle = new Date(now.getTime() + this.policy.idleMs).toISOString();
    return { user, sessionId, expiresAt, idleExpiresAt: idle < expiresAt ? idle : expiresAt };
  }
}
