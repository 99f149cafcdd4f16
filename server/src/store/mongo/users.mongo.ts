import mongoose from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { SystemRole } from '@icabinet/shared';
import { RecordNotFoundError, VersionConflictError } from '../port.js';
import type { UserListFilter, UserPatch, UserRecord, UsersRepo } from '../port.js';
import { USER_PATCH_KEYS, pickDefined } from '../patch.js';
import { searchTokens, userSearchText } from '../search.js';
import { VI_COLLATION } from './models.js';
import type { UserDoc } from './models.js';
import { escapeRegex, mapDuplicates, mapMongoError } from './mongo-errors.js';
import { inTransaction } from './transactions.js';

const toRecord = (d: UserDoc): UserRecord => ({
  id: d._id,
  username: d.username,
  fullName: d.fullName,
  title: d.title,
  unitId: d.unitId,
  email: d.email,
  phone: d.phone,
  systemRole: d.systemRole as SystemRole,
  active: d.active,
  passwordHash: d.passwordHash,
  mustChangePassword: d.mustChangePassword,
  lastLoginAt: d.lastLoginAt,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  version: d.version,
});

const toDoc = (u: UserRecord): UserDoc => {
  const { id, ...rest } = u;
  return { _id: id, ...rest, search: userSearchText(u) };
};

/** Usernames are case-insensitive: stored and looked up in lower case. */
const normalise = (u: UserRecord): UserRecord => ({ ...u, username: u.username.toLowerCase() });

/** How often an unconditional update (expectedVersion null) retries after losing a race. */
const UNCONDITIONAL_RETRIES = 3;

/** The users repository on MongoDB. */
export class MongoUsersRepo implements UsersRepo {
  constructor(
    private readonly conn: Connection,
    private readonly model: Model<UserDoc>,
    private readonly transactions: boolean,
  ) {}

  async create(user: UserRecord): Promise<UserRecord> {
    const stored = normalise(user);
    await mapDuplicates(() => this.model.create(toDoc(stored)));
    return stored;
  }

  async createMany(users: UserRecord[]): Promise<void> {
    if (users.length === 0) return;
    const docs = users.map((u) => toDoc(normalise(u)));
    if (this.transactions) {
      await mapDuplicates(() =>
        inTransaction(this.conn, true, async (session) => {
          await this.model.insertMany(docs, { session, ordered: true });
        }),
      );
      return;
    }
    // A standalone server has no transactions: insert in order and, on failure, delete exactly
    // the documents this call inserted (ids that did not exist before), never an existing one.
    const ids = docs.map((d) => d._id);
    const before = new Set(
      (await this.model.find({ _id: mongoose.trusted({ $in: ids }) }, { _id: 1 }).lean()).map((d) => d._id),
    );
    try {
      await this.model.insertMany(docs, { ordered: true });
    } catch (e) {
      const ours = ids.filter((id) => !before.has(id));
      await this.model.deleteMany({ _id: mongoose.trusted({ $in: ours }) });
      throw mapMongoError(e);
    }
  }

  async getById(id: string): Promise<UserRecord | null> {
    const doc = await this.model.findById(id).lean<UserDoc>();
    return doc ? toRecord(doc) : null;
  }

  async getByUsername(username: string): Promise<UserRecord | null> {
    const doc = await this.model.findOne({ username: username.toLowerCase() }).lean<UserDoc>();
    return doc ? toRecord(doc) : null;
  }

  async existingUsernames(usernames: string[]): Promise<string[]> {
    if (usernames.length === 0) return [];
    const lower = usernames.map((u) => u.toLowerCase());
    const docs = await this.model
      .find({ username: mongoose.trusted({ $in: lower }) }, { username: 1 })
      .lean();
    return docs.map((d) => d.username);
  }

  /** Sorted by MongoDB's ICU 'vi' collation, which orders names as Intl.Collator('vi') does. */
  async list(filter: UserListFilter): Promise<{ items: UserRecord[]; total: number }> {
    // Built afresh for each call: mongoose casts filters in place, and two queries use it.
    const query = (): Record<string, unknown> => {
      const q: Record<string, unknown> = {};
      if (filter.unitId !== undefined) q.unitId = filter.unitId;
      if (filter.systemRole !== undefined) q.systemRole = filter.systemRole;
      if (filter.active !== undefined) q.active = filter.active;
      const tokens = searchTokens(filter.q);
      // Each folded word, escaped, must occur somewhere in the folded search field.
      if (tokens.length > 0)
        q.$and = tokens.map((t) => ({ search: mongoose.trusted({ $regex: escapeRegex(t) }) }));
      return q;
    };
    const [docs, total] = await Promise.all([
      this.model
        .find(query())
        .collation(VI_COLLATION)
        .sort({ fullName: 1, username: 1 })
        .skip(filter.offset)
        .limit(filter.limit)
        .lean<UserDoc[]>(),
      this.model.countDocuments(query()),
    ]);
    return { items: docs.map(toRecord), total };
  }

  async recordLogin(id: string, at: string): Promise<UserRecord> {
    const doc = await this.model
      .findOneAndUpdate({ _id: id }, { $set: { lastLoginAt: at } }, { returnDocument: 'after' })
      .lean<UserDoc>();
    if (!doc) throw new RecordNotFoundError('user', id);
    return toRecord(doc);
  }

  async update(
    id: string,
    patch: UserPatch,
    expectedVersion: number | null,
    now: string,
  ): Promise<UserRecord> {
    for (let attempt = 0; ; attempt++) {
      const doc = await this.model.findById(id).lean<UserDoc>();
      if (!doc) throw new RecordNotFoundError('user', id);
      const current = toRecord(doc);
      if (expectedVersion !== null && current.version !== expectedVersion)
        throw new VersionConflictError('user', id);
      const next: UserRecord = {
        ...current,
        ...pickDefined(patch, USER_PATCH_KEYS),
        updatedAt: now,
        version: current.version + 1,
      };
      const { _id, ...fields } = toDoc(next);
      // The version in the filter catches a write by someone else between our read and this update.
      const written = await this.model
        .findOneAndUpdate({ _id, version: current.version }, { $set: fields }, { returnDocument: 'after' })
        .lean<UserDoc>();
      if (written) return toRecord(written);
      if (expectedVersion !== null || attempt >= UNCONDITIONAL_RETRIES)
        throw new VersionConflictError('user', id);
    }
  }

  count(): Promise<number> {
    return this.model.countDocuments({});
  }

  countActiveByRole(role: SystemRole): Promise<number> {
    return this.model.countDocuments({ active: true, systemRole: role });
  }
}
