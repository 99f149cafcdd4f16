import mongoose from 'mongoose';
import type { Model } from 'mongoose';
import { RecordNotFoundError } from '../port.js';
import type { SecondFactorRecord, SecondFactorsRepo } from '../second-factor.port.js';
import type { SecondFactorDoc, UserDoc } from './models.js';

const toRecord = (userId: string, d: SecondFactorDoc): SecondFactorRecord => ({
  userId,
  secret: d.secret,
  enabledAt: d.enabledAt,
  lastStep: d.lastStep,
  recoveryHashes: [...d.recoveryHashes],
  challengeId: d.challengeId,
  challengeExpiresAt: d.challengeExpiresAt,
  createdAt: d.createdAt,
});

type Found = Pick<UserDoc, '_id' | 'secondFactor'>;

/** Second factors on MongoDB: a `secondFactor` sub-document of the user. */
export class MongoSecondFactorsRepo implements SecondFactorsRepo {
  constructor(private readonly users: Model<UserDoc>) {}

  async get(userId: string): Promise<SecondFactorRecord | null> {
    const doc = await this.users.findById(userId, { secondFactor: 1 }).lean<Found>();
    return doc?.secondFactor ? toRecord(userId, doc.secondFactor) : null;
  }

  async begin(r: SecondFactorRecord): Promise<boolean> {
    if (!(await this.users.exists({ _id: r.userId }))) throw new RecordNotFoundError('user', r.userId);
    const sub: SecondFactorDoc = {
      secret: r.secret,
      enabledAt: null,
      lastStep: r.lastStep,
      recoveryHashes: r.recoveryHashes,
      challengeId: null,
      challengeExpiresAt: null,
      createdAt: r.createdAt,
    };
    const result = await this.users.updateOne(
      {
        _id: r.userId,
        $or: [{ secondFactor: null }, { 'secondFactor.enabledAt': null }],
      },
      { $set: { secondFactor: sub } },
    );
    return result.matchedCount === 1;
  }

  async enable(userId: string, at: string, step: number, recoveryHashes: string[]): Promise<boolean> {
    const result = await this.users.updateOne(
      { _id: userId, secondFactor: mongoose.trusted({ $ne: null }), 'secondFactor.enabledAt': null },
      {
        $set: {
          'secondFactor.enabledAt': at,
          'secondFactor.lastStep': step,
          'secondFactor.recoveryHashes': recoveryHashes,
        },
      },
    );
    return result.matchedCount === 1;
  }

  async useStep(userId: string, step: number): Promise<boolean> {
    const result = await this.users.updateOne(
      { _id: userId, 'secondFactor.lastStep': mongoose.trusted({ $lt: step }) },
      { $set: { 'secondFactor.lastStep': step } },
    );
    return result.matchedCount === 1;
  }

  async replaceRecovery(userId: string, expected: string[], next: string[]): Promise<boolean> {
    // An array filter matches only the exact same array, in order: a compare-and-set.
    const result = await this.users.updateOne(
      { _id: userId, 'secondFactor.recoveryHashes': expected },
      { $set: { 'secondFactor.recoveryHashes': next } },
    );
    return result.matchedCount === 1;
  }

  async setChallenge(userId: string, challengeId: string | null, expiresAt: string | null): Promise<void> {
    await this.users.updateOne(
      { _id: userId, secondFactor: mongoose.trusted({ $ne: null }) },
      { $set: { 'secondFactor.challengeId': challengeId, 'secondFactor.challengeExpiresAt': expiresAt } },
    );
  }

  async getByChallenge(challengeId: string): Promise<SecondFactorRecord | null> {
    const doc = await this.users
      .findOne({ 'secondFactor.challengeId': challengeId }, { secondFactor: 1 })
      .lean<Found>();
    return doc?.secondFactor ? toRecord(doc._id, doc.secondFactor) : null;
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.users.updateOne(
      { _id: userId, secondFactor: mongoose.trusted({ $ne: null }) },
      { $set: { secondFactor: null } },
    );
    return result.matchedCount === 1;
  }
}
