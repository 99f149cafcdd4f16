import { authorize, type Unit, type UnitCreateInput, type UnitUpdateInput } from '@icabinet/shared';
import {
  DuplicateKeyError,
  RecordNotFoundError,
  VersionConflictError,
  type Store,
  type UnitPatch,
} from '../../store/port.js';
import type { Actor } from '../../actor.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { errors } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { presentUnit } from '../users/users.presenter.js';

const collator = new Intl.Collator('vi');

/** Organisational units. */
export class UnitsService {
  constructor(
    private readonly store: Store,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<Unit[]> {
    if (!authorize({ systemRole: actor.user.systemRole }, 'units:read')) throw errors.forbidden();
    return (await this.store.units.list()).map(presentUnit).sort((a, b) => collator.compare(a.name, b.name));
  }

  async create(actor: Actor, input: UnitCreateInput, ip: string): Promise<Unit> {
    this.requireManage(actor);
    if (input.parentId && !(await this.store.units.getById(input.parentId))) {
      throw errors.invalid([{ path: 'parentId', key: 'unit_not_found' }], 'unit_not_found');
    }
    const now = this.clock.now().toISOString();
    const unit: Unit = { id: newId(), ...input, active: true, createdAt: now, updatedAt: now, version: 0 };
    try {
      await this.store.units.create(unit);
    } catch (err) {
      if (err instanceof DuplicateKeyError) throw errors.conflict('unit_code_taken', { code: input.code });
      throw err;
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'unit.created',
      targetType: 'unit',
      targetId: unit.id,
      data: { code: unit.code },
      ip,
    });
    return presentUnit(unit);
  }

  async update(actor: Actor, id: string, input: UnitUpdateInput, ip: string): Promise<Unit> {
    this.requireManage(actor);
    const { version, ...fields } = input;
    const patch: UnitPatch = {};
    if (fields.code !== undefined) patch.code = fields.code;
    if (fields.name !== undefined) patch.name = fields.name;
    if (fields.active !== undefined) patch.active = fields.active;
    if (fields.headUserId !== undefined) {
      // The head (escalation target of overdue tasks) is an active user of this very unit.
      const head = fields.headUserId ? await this.store.users.getById(fields.headUserId) : null;
      if (fields.headUserId && (!head?.active || head.unitId !== id)) {
        throw errors.invalid([{ path: 'headUserId', key: 'unit_head_not_member' }], 'unit_head_not_member');
      }
      patch.headUserId = fields.headUserId;
    }
    if (fields.parentId !== undefined) {
      if (fields.parentId) await this.assertNoCycle(id, fields.parentId);
      patch.parentId = fields.parentId;
    }
    let unit: Unit;
    try {
      unit = await this.store.units.update(id, patch, version, this.clock.now().toISOString());
    } catch (err) {
      if (err instanceof DuplicateKeyError)
        throw errors.conflict('unit_code_taken', { code: fields.code ?? '' });
      if (err instanceof VersionConflictError) throw errors.conflict('version_conflict');
      if (err instanceof RecordNotFoundError) throw errors.notFound('unit_not_found');
      throw err;
    }
    await this.audit.record({
      actorId: actor.user.id,
      action: 'unit.updated',
      targetType: 'unit',
      targetId: id,
      data: { fields: Object.keys(patch) },
      ip,
    });
    return presentUnit(unit);
  }

  /** A unit may not become its own ancestor. */
  private async assertNoCycle(id: string, parentId: string): Promise<void> {
    const seen = new Set<string>();
    for (let cursor: string | null = parentId; cursor;) {
      if (cursor === id || seen.has(cursor))
        throw errors.invalid([{ path: 'parentId', key: 'unit_parent_cycle' }], 'unit_parent_cycle');
      seen.add(cursor);
      const parent: Unit | null = await this.store.units.getById(cursor);
      if (!parent) throw errors.invalid([{ path: 'parentId', key: 'unit_not_found' }], 'unit_not_found');
      cursor = parent.parentId;
    }
  }

  private requireManage(actor: Actor): void {
    if (!authorize({ systemRole: actor.user.systemRole }, 'units:manage')) throw errors.forbidden();
  }
}
