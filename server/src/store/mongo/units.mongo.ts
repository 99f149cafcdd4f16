import type { Model } from 'mongoose';
import type { Unit } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { UnitPatch, UnitsRepo } from '../port.js';
import { UNIT_PATCH_KEYS, pickDefined } from '../patch.js';
import { VI_COLLATION } from './models.js';
import type { UnitDoc } from './models.js';
import { mapDuplicates } from './mongo-errors.js';

const toRecord = (d: UnitDoc): Unit => ({
  id: d._id,
  code: d.code,
  name: d.name,
  parentId: d.parentId,
  active: d.active,
  headUserId: d.headUserId ?? null,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

/** The units repository on MongoDB. */
export class MongoUnitsRepo implements UnitsRepo {
  constructor(private readonly model: Model<UnitDoc>) {}

  async create(unit: Unit): Promise<Unit> {
    const { id, ...rest } = unit;
    await mapDuplicates(() => this.model.create({ _id: id, ...rest }));
    return unit;
  }

  async getById(id: string): Promise<Unit | null> {
    const doc = await this.model.findById(id).lean<UnitDoc>();
    return doc ? toRecord(doc) : null;
  }

  async getByCode(code: string): Promise<Unit | null> {
    const doc = await this.model.findOne({ code }).lean<UnitDoc>();
    return doc ? toRecord(doc) : null;
  }

  async list(): Promise<Unit[]> {
    const docs = await this.model
      .find({})
      .collation(VI_COLLATION)
      .sort({ name: 1, code: 1 })
      .lean<UnitDoc[]>();
    return docs.map(toRecord);
  }

  async update(id: string, patch: UnitPatch, expectedVersion: number, now: string): Promise<Unit> {
    const fields = { ...pickDefined(patch, UNIT_PATCH_KEYS), updatedAt: now };
    const written = await mapDuplicates(() =>
      this.model
        .findOneAndUpdate(
          { _id: id, version: expectedVersion },
          { $set: fields, $inc: { version: 1 } },
          { returnDocument: 'after' },
        )
        .lean<UnitDoc>(),
    );
    if (written) return toRecord(written);
    if (await this.model.exists({ _id: id })) throw new VersionConflictError('unit', id);
    throw new RecordNotFoundError('unit', id);
  }
}
