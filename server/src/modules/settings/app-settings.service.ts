import { z } from 'zod';
import {
  DeputySettings,
  type DeputySettingsInput,
  type DeputySettingsView,
  type GatewaySettingsInput,
  type GatewaySettingsView,
} from '@icabinet/shared';
import { VersionConflictError, type Store } from '../../store/port.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AddressCheck } from '../integrations/address-guard.js';

/** Another process's change shows within this (the values are read on every invitation sent). */
const CACHE_MS = 2000;

interface Section<T> {
  value: T;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  source: 'env' | 'app';
}

/** The gateway as stored: the secret is kept (it must sign) and never answered. */
const StoredGateway = z.object({ url: z.string().nullable(), secret: z.string().nullable() });
type StoredGateway = z.infer<typeof StoredGateway>;

export interface AppSettingsDefaults {
  autoApproveDeputies: boolean;
  gateway: { url: string; secret: string; timeoutMs: number } | null;
  /** Used when the gateway is set in the app (WEBHOOK_TIMEOUT_MS). */
  gatewayTimeoutMs: number;
}

export const DEPUTIES_KEY = 'deputies';
export const GATEWAY_KEY = 'gateway';

/**
 * Settings of the invitations an administrator changes in the app (Quản trị → Cài đặt hệ thống):
 * deputy auto-approval and the SMS/Zalo gateway. Until saved they are the environment's values
 * (DEPUTY_AUTO_APPROVE, WEBHOOK_URL/WEBHOOK_SECRET); once saved, the app's value wins. One
 * settings key per section, versioned; every change is audited (`settings.changed`, never the secret).
 * A gateway address is checked by the outgoing calls' guard, as a webhook's is.
 */
export class AppSettingsService {
  private readonly cache = new Map<string, { at: number; section: Section<unknown> }>();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly defaults: AppSettingsDefaults,
    /** The outgoing calls' address guard (address-guard.ts): a gateway it refuses is not saved. */
    private readonly checkAddress: AddressCheck,
  ) {}

  private async section<T>(key: string, schema: z.ZodType<T>, fallback: T): Promise<Section<T>> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return hit.section as Section<T>;
    const record = await this.store.settings.get(key);
    const parsed = record ? schema.safeParse(record.value) : null;
    const section: Section<T> = {
      value: parsed?.success ? parsed.data : fallback,
      version: record?.version ?? 0,
      updatedAt: record?.updatedAt ?? null,
      updatedBy: record?.updatedBy ?? null,
      source: parsed?.success ? 'app' : 'env',
    };
    this.cache.set(key, { at: now, section });
    return section;
  }

  private async save<T>(
    actor: Actor,
    key: string,
    value: T,
    version: number,
    changes: Record<string, unknown>,
    ip: string,
  ): Promise<void> {
    if (actor.user.systemRole !== 'admin') throw errors.forbidden();
    try {
      await this.store.settings.put(key, value, version, this.clock.now().toISOString(), actor.user.id);
    } catch (err) {
      if (err instanceof VersionConflictError) throw errors.conflict('setting_conflict');
      throw err;
    } finally {
      this.cache.delete(key);
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'settings.changed',
      targetType: 'settings',
      targetId: key,
      data: { changes },
      ip,
    });
  }

  // ---- deputies ------------------------------------------------------------------------------

  private deputies() {
    return this.section(DEPUTIES_KEY, DeputySettings, { autoApprove: this.defaults.autoApproveDeputies });
  }

  async autoApproveDeputies(): Promise<boolean> {
    return (await this.deputies()).value.autoApprove;
  }

  async deputiesView(): Promise<DeputySettingsView> {
    const s = await this.deputies();
    return {
      settings: s.value,
      version: s.version,
      updatedAt: s.updatedAt,
      updatedBy: s.updatedBy,
      source: s.source,
    };
  }

  async updateDeputies(actor: Actor, input: DeputySettingsInput, ip: string): Promise<DeputySettingsView> {
    this.cache.delete(DEPUTIES_KEY);
    const before = await this.deputies();
    if (input.version !== before.version) throw errors.conflict('setting_conflict');
    const value = { autoApprove: input.autoApprove };
    await this.save(
      actor,
      DEPUTIES_KEY,
      value,
      input.version,
      { autoApprove: { from: before.value.autoApprove, to: value.autoApprove } },
      ip,
    );
    return this.deputiesView();
  }

  // ---- gateway -------------------------------------------------------------------------------

  private gatewaySection() {
    const env = this.defaults.gateway;
    return this.section<StoredGateway>(GATEWAY_KEY, StoredGateway, {
      url: env?.url ?? null,
      secret: env?.secret ?? null,
    });
  }

  /** The gateway invitations go through now, or null (SMS/Zalo off). */
  async gateway(): Promise<{ url: string; secret: string; timeoutMs: number } | null> {
    const { value } = await this.gatewaySection();
    return value.url && value.secret
      ? { url: value.url, secret: value.secret, timeoutMs: this.defaults.gatewayTimeoutMs }
      : null;
  }

  async gatewayView(): Promise<GatewaySettingsView> {
    const s = await this.gatewaySection();
    return {
      settings: { url: s.value.url, hasSecret: !!s.value.secret },
      version: s.version,
      updatedAt: s.updatedAt,
      updatedBy: s.updatedBy,
      source: s.source,
    };
  }

  async updateGateway(actor: Actor, input: GatewaySettingsInput, ip: string): Promise<GatewaySettingsView> {
    this.cache.delete(GATEWAY_KEY);
    const before = await this.gatewaySection();
    if (input.version !== before.version) throw errors.conflict('setting_conflict');
    const secret = input.url === null ? null : (input.secret ?? before.value.secret);
    // A gateway address without a secret would send unsigned calls: refused.
    if (input.url !== null && !secret)
      throw errors.invalid([{ path: 'secret', key: 'field_gateway_secret_required' }]);
    // Where the name resolves now, by the webhooks' rules (checked again before each sending).
    if (input.url !== null) {
      const target = await this.checkAddress(input.url);
      if (!target.ok) throw errors.invalid([{ path: 'url', key: `field_${target.refusal}` }]);
    }
    const changes: Record<string, unknown> = {};
    if (input.url !== before.value.url) changes['url'] = { from: before.value.url, to: input.url };
    // The secret itself is never written to the audit log.
    if (secret !== before.value.secret) changes['secret'] = 'changed';
    await this.save(actor, GATEWAY_KEY, { url: input.url, secret }, input.version, changes, ip);
    return this.gatewayView();
  }
}
