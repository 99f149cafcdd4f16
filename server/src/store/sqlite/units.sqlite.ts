import type Database from 'better-sqlite3';
import type { Unit } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { UnitPatch, UnitsRepo } from '../port.js';
import { UNIT_PATCH_KEYS, pickDefined } from '../patch.js';
import { viCollator } from '../search.js';
import { asPromise, mapConstraintError, toBool, toInt } from './sql.js';

interface UnitRow {
  id: string;
  code: string;
  name: string;
  parent_id: string | null;
  active: number;
  head_user_id: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

const DUPLICATE_FIELDS = { 'units.code': 'code', 'units.id': 'id' } as const;

const toRecord = (r: UnitRow): Unit => ({
  id: r.id,
  code: r.code,
  name: r.name,
  parentId: r.parent_id,
  active: toBool(r.active),
  headUserId: r.head_user_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
});

const toParams = (u: Unit): UnitRow => ({
  id: u.id,
  code: u.code,
  name: u.name,
  parent_id: u.parentId,
  active: toInt(u.active),
  head_user_id: u.headUserId ?? null,
  created_at: u.createdAt,
  updated_at: u.updatedAt,
  version: u.version,
});

/** The units repository on SQLite. */
export class SqliteUnitsRepo implements UnitsRepo {
  private readonly insert;
  private readonly byId;
  private readonly byCode;
  private readonly all;
  private readonly replace;

  constructor(db: Database.Database) {
    this.insert = db.prepare<UnitRow>(`INSERT INTO units (id, code, name, parent_id, active, head_user_id,
      created_at, updated_at, version) VALUES (@id, @code, @name, @parent_id, @active, @head_user_id,
      @created_at, @updated_at, @version)`);
    this.byId = db.prepare<[string], UnitRow>('SELECT * FROM units WHERE id = ?');
    this.byCode = db.prepare<[string], UnitRow>('SELECT * FROM units WHERE code = ?');
    this.all = db.prepare<[], UnitRow>('SELECT * FROM units');
    this.replace = db.prepare<UnitRow & { expected: number }>(`UPDATE units SET code = @code, name = @name,
      parent_id = @parent_id, active = @active, head_user_id = @head_user_id, updated_at = @updated_at, version = @version
      WHERE id = @id AND version = @expected`);
  }

  create(unit: Unit): Promise<Unit> {
    return asPromise(() => {
      try {
        this.insert.run(toParams(unit));
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
      return unit;
    });
  }

  getById(id: string): Promise<Unit | null> {
    return asPromise(() => {
      const row = this.byId.get(id);
      return row ? toRecord(row) : null;
    });
  }

  getByCode(code: string): Promise<Unit | null> {
    return asPromise(() => {
      const row = this.byCode.get(code);
      return row ? toRecord(row) : null;
    });
  }

  /** Every unit, by name in Vietnamese order (the list is small: a city's departments and districts). */
  list(): Promise<Unit[]> {
    return asPromise(() =>
      this.all
        .all()
        .map(toRecord)
        .sort((a, b) => viCollator.compare(a.name, b.name) || viCollator.compare(a.code, b.code)),
    );
  }

  update(id: string, patch: UnitPatch, expectedVersion: number, now: string): Promise<Unit> {
    return asPromise(() => {
      const row = this.byId.get(id);
      if (!row) throw new RecordNotFoundError('unit', id);
      if (row.version !== expectedVersion) throw new VersionConflictError('unit', id);
      const current = toRecord(row);
      const next: Unit = {
        ...current,
        ...pickDefined(patch, UNIT_PATCH_KEYS),
        updatedAt: now,
        version: current.version + 1,
      };
      let changes: number;
      try {
        ({ changes } = this.replace.run({ ...toParams(next), expected: current.version }));
      } catch (e) {
        throw mapConstraintError(e, DUPLICATE_FIELDS);
      }
      if (changes === 0) throw new VersionConflictError('unit', id);
      return next;
    });
  }
}
