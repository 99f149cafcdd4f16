import { checkPassword, type PasswordOwner, type PasswordProblem } from '@icabinet/shared';
import type { Store, UserPatch, UserRecord } from '../../store/port.js';
import type { Clock } from '../../lib/clock.js';
import { errors, type PendingIssue } from '../../errors.js';
import type { MessageKey, MessageParams } from '../../i18n/messages.js';
import type { SettingsService } from '../settings/settings.service.js';
import { hashPassword, verifyPassword } from './password.js';

/** Previous hashes kept per user: the largest history an administrator may set. */
export const HISTORY_KEPT = 12;

/** The message of a broken rule, for a field or a CSV cell. */
export function problemMessage(p: PasswordProblem): { key: MessageKey; params?: MessageParams } {
  switch (p.rule) {
    case 'too_short':
      return { key: 'password_too_short_policy', params: { min: p.min } };
    case 'common':
      return { key: 'password_common' };
    case 'personal':
      return { key: `password_personal_${p.part}` };
    case 'sequence':
      return { key: 'password_sequence' };
    case 'reused':
      return { key: 'password_reused', params: { count: p.history } };
  }
}

/**
 * The password policy on every path that sets a password (an administrator creating, resetting
 * or importing users, a user changing their own): the rules of the security settings, then the
 * history (argon2 hashes of the previous passwords), and the replacement itself, which keeps the
 * replaced hash in the history in the same unit of work.
 */
export class PasswordPolicyService {
  constructor(
    private readonly store: Store,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** The first rule broken (the history only for an existing user), or null. */
  async problem(
    password: string,
    owner: PasswordOwner,
    existing?: UserRecord,
  ): Promise<PasswordProblem | null> {
    const rules = await this.settings.passwordRules();
    const problem = checkPassword(password, rules, owner);
    if (problem || !existing || rules.history === 0) return problem;
    const previous = [
      existing.passwordHash,
      ...(await this.store.passwordHistory.list(existing.id, rules.history - 1)),
    ];
    for (const hash of previous) {
      if (await verifyPassword(hash, password)) return { rule: 'reused', history: rules.history };
    }
    return null;
  }

  /** Throws a 400 naming the broken rule on `field`; nothing is changed. */
  async assertAcceptable(
    password: string,
    owner: PasswordOwner,
    field: string,
    existing?: UserRecord,
  ): Promise<void> {
    const problem = await this.problem(password, owner, existing);
    if (!problem) return;
    const { key, params } = problemMessage(problem);
    const issue: PendingIssue = { path: field, key, ...(params ? { params } : {}) };
    throw errors.invalid([issue], key, params);
  }

  /** Stores a new password hash (with `extra` fields) and keeps the replaced hash in the history. */
  async replace(user: UserRecord, newPassword: string, extra: UserPatch = {}): Promise<UserRecord> {
    const hash = await hashPassword(newPassword);
    const now = this.clock.now().toISOString();
    return this.store.transaction(async () => {
      await this.store.passwordHistory.add(user.id, user.passwordHash, now, HISTORY_KEPT);
      return this.store.users.update(user.id, { ...extra, passwordHash: hash }, null, now);
    });
  }
}
