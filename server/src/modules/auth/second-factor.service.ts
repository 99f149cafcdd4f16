import { createHash } from 'node:crypto';
import type {
  RecoveryCodes,
  SecondFactorChallenge,
  SecondFactorSetup,
  SecondFactorStatus,
  SystemRole,
} from '@icabinet/shared';
import type { Store, UserRecord } from '../../store/port.js';
import type { SecondFactorRecord } from '../../store/second-factor.port.js';
import type { Clock } from '../../lib/clock.js';
import { newToken } from '../../lib/ids.js';
import { errors } from '../../errors.js';
import type { MessageKey } from '../../i18n/messages.js';
import type { Actor } from '../../actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { LoginThrottle } from './login-throttle.js';
import { hashPassword, verifyPassword } from './password.js';
import {
  matchTotp,
  newRecoveryCodes,
  newTotpSecret,
  normaliseRecoveryCode,
  qrDataUrl,
  totpUri,
} from './totp.js';

/** How long the pending token between the password and the code stays valid. */
export const CHALLENGE_MS = 5 * 60_000;

const ISSUER = 'I-Cabinet';

const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A wrong second factor: a field error on `code`, so the form shows it under the field. */
const wrongCode = (key: MessageKey) => errors.invalid([{ path: 'code', key }], key);

/** Who is signing in or using a session, for `SecondFactorExemption`. */
export interface SecondFactorContext {
  user: UserRecord;
  /** The session in use (null during sign-in, before one exists). */
  sessionId: string | null;
}

/**
 * The one place that may let a session through without a second factor even though the user's
 * role requires one. Nothing is exempt today. Meeting-room tablets paired to a seat (a later
 * issue) will answer true here for a session opened on a paired tablet with its PIN, so a
 * delegate is not asked for a code at every meeting; nothing else in the sign-in changes.
 */
export type SecondFactorExemption = (ctx: SecondFactorContext) => Promise<boolean>;

export const NO_EXEMPTION: SecondFactorExemption = () => Promise.resolve(false);

/** The roles that must use a second factor: a fixed list, or read from the security settings. */
export type RequiredRoles = readonly SystemRole[] | (() => Promise<readonly SystemRole[]>);

/**
 * TOTP second factor (RFC 6238): enrolment with a QR code and recovery codes, the second sign-in
 * step, and the administrator's reset. Wrong codes count toward the same login throttle as wrong
 * passwords; a successful password alone never clears that count.
 */
export class SecondFactorService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly requiredFor: RequiredRoles,
    private readonly exempt: SecondFactorExemption = NO_EXEMPTION,
  ) {}

  async isRequired(user: UserRecord): Promise<boolean> {
    const roles = typeof this.requiredFor === 'function' ? await this.requiredFor() : this.requiredFor;
    return roles.includes(user.systemRole);
  }

  async isEnabled(userId: string): Promise<boolean> {
    return !!(await this.store.secondFactors.get(userId))?.enabledAt;
  }

  /** True when the user's role requires a second factor they have not enrolled yet (and no exemption applies). */
  async mustEnrol(user: UserRecord, sessionId: string | null = null): Promise<boolean> {
    if (!(await this.isRequired(user)) || (await this.isEnabled(user.id))) return false;
    return !(await this.exempt({ user, sessionId }));
  }

  /** Whether the password step must be followed by a code: the user enrolled, and no exemption applies. */
  async asksForCode(user: UserRecord): Promise<boolean> {
    return (await this.isEnabled(user.id)) && !(await this.exempt({ user, sessionId: null }));
  }

  async status(user: UserRecord): Promise<SecondFactorStatus> {
    const record = await this.store.secondFactors.get(user.id);
    const enabled = !!record?.enabledAt;
    return {
      enabled,
      required: await this.isRequired(user),
      recoveryCodesLeft: enabled ? (record?.recoveryHashes.length ?? 0) : 0,
    };
  }

  /** Starts (or restarts) enrolment with a new secret; refused while a factor is active. */
  async setup(actor: Actor): Promise<SecondFactorSetup> {
    const secret = newTotpSecret();
    const started = await this.store.secondFactors.begin({
      userId: actor.user.id,
      secret,
      enabledAt: null,
      lastStep: 0,
      recoveryHashes: [],
      challengeId: null,
      challengeExpiresAt: null,
      createdAt: this.clock.now().toISOString(),
    });
    if (!started) throw errors.invalidState('second_factor_already_enabled');
    const otpauthUrl = totpUri(secret, actor.user.username, ISSUER);
    return { secret, otpauthUrl, qrDataUrl: await qrDataUrl(otpauthUrl) };
  }

  /** Confirms enrolment with a first code; answers the recovery codes (only their hashes are kept). */
  async confirm(actor: Actor, code: string, ip: string): Promise<RecoveryCodes> {
    const record = await this.store.secondFactors.get(actor.user.id);
    if (!record || record.enabledAt) throw errors.invalidState('second_factor_not_started');
    await this.assertNotThrottled(actor.user.username, ip);
    const now = this.clock.now();
    const step = await matchTotp(record.secret, code, now.getTime(), record.lastStep);
    if (step === null) {
      await this.throttle.recordFailure(actor.user.username, ip);
      throw wrongCode('wrong_totp_code');
    }
    const recoveryCodes = newRecoveryCodes();
    const hashes = await Promise.all(recoveryCodes.map((c) => hashPassword(normaliseRecoveryCode(c))));
    if (!(await this.store.secondFactors.enable(actor.user.id, now.toISOString(), step, hashes))) {
      throw errors.invalidState('second_factor_not_started');
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'auth.second_factor_enabled',
      targetType: 'user',
      targetId: actor.user.id,
      ip,
    });
    return { recoveryCodes };
  }

  /** After a correct password: a short-lived pending token instead of a session. */
  async challenge(user: UserRecord): Promise<SecondFactorChallenge> {
    const token = newToken();
    const expiresAt = new Date(this.clock.now().getTime() + CHALLENGE_MS).toISOString();
    await this.store.secondFactors.setChallenge(user.id, hashOf(token), expiresAt);
    return { secondFactor: 'required', pendingToken: token, expiresAt };
  }

  /**
   * The second step: checks the pending token and a TOTP or recovery code. Answers the user to
   * open a session for; every refusal leaves the stored factor as it was (a wrong code only
   * counts toward the throttle).
   */
  async verifyLogin(pendingToken: string, code: string, ip: string): Promise<UserRecord> {
    const record = await this.store.secondFactors.getByChallenge(hashOf(pendingToken));
    const now = this.clock.now();
    if (
      !record?.enabledAt ||
      !record.challengeExpiresAt ||
      Date.parse(record.challengeExpiresAt) <= now.getTime()
    ) {
      throw errors.unauthorized('second_factor_expired');
    }
    const user = await this.store.users.getById(record.userId);
    if (!user?.active) throw errors.unauthorized('second_factor_expired');
    await this.assertNotThrottled(user.username, ip);
    const problem = /^\d{6}$/.test(code)
      ? await this.useTotp(record, code, now.getTime())
      : await this.useRecoveryCode(record, code);
    if (problem) {
      await this.throttle.recordFailure(user.username, ip);
      await this.audit.record({
        actorId: null,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        data: { username: user.username, reason: problem },
        ip,
      });
      throw wrongCode(problem);
    }
    await this.store.secondFactors.setChallenge(user.id, null, null);
    await this.throttle.recordSuccess(user.username);
    return user;
  }

  /**
   * An administrator removes a user's second factor (a lost phone); audited. The user's other
   * sessions end too (the lost phone may hold one); answers how many ended.
   */
  async reset(actor: Actor, userId: string, ip: string): Promise<number> {
    const user = await this.store.users.getById(userId);
    if (!user) throw errors.notFound('user_not_found');
    if (!(await this.store.secondFactors.delete(userId))) throw errors.notFound('second_factor_none');
    const ended = userId === actor.user.id ? 0 : await this.store.sessions.deleteByUser(userId);
    await this.audit.record({
      actorId: actor.user.id,
      action: 'user.second_factor_reset',
      targetType: 'user',
      targetId: userId,
      data: { username: user.username, sessionsEnded: ended },
      ip,
    });
    return ended;
  }

  private async assertNotThrottled(username: string, ip: string): Promise<void> {
    const wait = await this.throttle.retryAfterSeconds(username, ip);
    if (wait > 0) {
      throw errors.rateLimited(wait, 'too_many_attempts', { minutes: Math.max(1, Math.ceil(wait / 60)) });
    }
  }

  /** Null when the code was accepted (and its time step recorded), else why not. */
  private async useTotp(record: SecondFactorRecord, code: string, nowMs: number): Promise<MessageKey | null> {
    const step = await matchTotp(record.secret, code, nowMs, record.lastStep);
    if (step === null) {
      const replay = (await matchTotp(record.secret, code, nowMs, 0)) !== null;
      return replay ? 'totp_code_used' : 'wrong_totp_code';
    }
    // A parallel request with the same code loses here: the step is recorded only once.
    return (await this.store.secondFactors.useStep(record.userId, step)) ? null : 'totp_code_used';
  }

  private async useRecoveryCode(record: SecondFactorRecord, code: string): Promise<MessageKey | null> {
    const plain = normaliseRecoveryCode(code);
    for (const hash of record.recoveryHashes) {
      if (!(await verifyPassword(hash, plain))) continue;
      const rest = record.recoveryHashes.filter((h) => h !== hash);
      const taken = await this.store.secondFactors.replaceRecovery(
        record.userId,
        record.recoveryHashes,
        rest,
      );
      return taken ? null : 'recovery_code_used';
    }
    return 'wrong_totp_code';
  }
}
