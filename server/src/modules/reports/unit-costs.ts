import { UnitCosts, type UnitCostsInput, type UnitCostsView } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { Clock } from '../../lib/clock.js';
import { VersionConflictError, type Store } from '../../store/port.js';
import type { AuditService } from '../audit/audit.service.js';

/** The key of the unit costs in the settings store. */
export const UNIT_COSTS_KEY = 'unitCosts';

/**
 * The unit costs in force: what an administrator saved, field by field over the environment's
 * defaults (INVITATION_UNIT_COST_VND, PRINTED_PAGE_COST_VND, PRINT_COPIES_PER_DOCUMENT). Read
 * from the store on every report (no cache: a change shows at once on every process).
 */
export async function unitCostsView(
  store: Pick<Store, 'settings'>,
  defaults: UnitCosts,
): Promise<UnitCostsView> {
  const record = await store.settings.get(UNIT_COSTS_KEY);
  const parsed = UnitCosts.safeParse({ ...defaults, ...(record?.value as object | undefined) });
  return {
    costs: parsed.success ? parsed.data : defaults,
    defaults,
    version: record?.version ?? 0,
    updatedAt: record?.updatedAt ?? null,
    updatedBy: record?.updatedBy ?? null,
  };
}

/** Reading and changing the unit costs (administrators), each change audited with what changed. */
export class UnitCostsService {
  constructor(
    private readonly deps: { store: Store; audit: AuditService; clock: Clock; defaults: UnitCosts },
  ) {}

  view(): Promise<UnitCostsView> {
    return unitCostsView(this.deps.store, this.deps.defaults);
  }

  async current(): Promise<UnitCosts> {
    return (await this.view()).costs;
  }

  async update(actor: Actor, input: UnitCostsInput, ip: string): Promise<UnitCostsView> {
    if (actor.user.systemRole !== 'admin') throw errors.forbidden();
    const before = await this.view();
    const { version, ...next } = input;
    if (version !== before.version) throw errors.conflict('setting_conflict');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(next) as (keyof UnitCosts)[]) {
      if (before.costs[key] !== next[key]) changes[key] = { from: before.costs[key], to: next[key] };
    }
    if (Object.keys(changes).length === 0) return before;
    try {
      await this.deps.store.settings.put(
        UNIT_COSTS_KEY,
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
      targetId: UNIT_COSTS_KEY,
      data: { changes },
      ip,
    });
    return this.view();
  }
}

/**
 * The cost of one SMS invitation in force, for the invitations' own figures (the home page's
 * savings card): the administrator's when saved, else the environment's `fallback`.
 */
export async function smsInvitationCost(store: Pick<Store, 'settings'>, fallback: number): Promise<number> {
  const view = await unitCostsView(store, {
    smsInvitationVnd: fallback,
    printedPageVnd: 0,
    copiesPerDocument: null,
  });
  return view.costs.smsInvitationVnd;
}
