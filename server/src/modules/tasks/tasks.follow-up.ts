import { FollowUpSettings, type FollowUpSettingsInput, type FollowUpSettingsView } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { VersionConflictError, type Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';

/** The key of the follow-up settings in the settings store. */
export const FOLLOW_UP_KEY = 'followUp';

/**
 * When task reminders go out (setting `followUp`): the defaults come from the environment
 * (TASK_REMINDER_DAYS, TASK_REMIND_ON_DAY, TASK_ESCALATE_AFTER_DAYS, TASK_REMINDER_HOUR) until an
 * administrator saves them. A change applies to the reminders scheduled after it (a new task,
 * a new deadline); reminders already queued keep their time.
 */
export class FollowUpSettingsService {
  constructor(
    private readonly deps: { store: Store; audit: AuditService; clock: Clock },
    private readonly defaults: FollowUpSettings,
  ) {}

  async view(): Promise<FollowUpSettingsView> {
    const record = await this.deps.store.settings.get(FOLLOW_UP_KEY);
    // A stored value lacking a field (an older version) gets that field's default.
    const parsed = FollowUpSettings.safeParse({ ...this.defaults, ...(record?.value as object) });
    return {
      settings: parsed.success ? parsed.data : { ...this.defaults },
      version: record?.version ?? 0,
      updatedAt: record?.updatedAt ?? null,
      updatedBy: record?.updatedBy ?? null,
    };
  }

  async current(): Promise<FollowUpSettings> {
    return (await this.view()).settings;
  }

  /** `GET /settings/follow-up`: administrators. */
  async get(actor: Actor): Promise<FollowUpSettingsView> {
    if (actor.user.systemRole !== 'admin') throw errors.forbidden();
    return this.view();
  }

  /** `PUT /settings/follow-up`: every field with the version read; audited with what changed. */
  async update(actor: Actor, input: FollowUpSettingsInput): Promise<FollowUpSettingsView> {
    if (actor.user.systemRole !== 'admin') throw errors.forbidden();
    const before = await this.view();
    const { version, ...next } = input;
    if (version !== before.version) throw errors.conflict('setting_conflict');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof FollowUpSettings)[]) {
      if (JSON.stringify(before.settings[key]) !== JSON.stringify(next[key]))
        changes[key] = { from: before.settings[key], to: next[key] };
    }
    if (Object.keys(changes).length === 0) return before;
    try {
      await this.deps.store.settings.put(
        FOLLOW_UP_KEY,
        next,
        version,
        this.deps.clock.now().toISOString(),
        actor.user.id,
      );
    } catch (err) {
      if (err instanceof VersionConflictError) throw errors.conflict('setting_conflict');
      throw err;
    }
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'settings.changed',
      targetType: 'settings',
      targetId: FOLLOW_UP_KEY,
      data: { changes },
      ip: actor.ip ?? null,
    });
    return this.view();
  }
}
