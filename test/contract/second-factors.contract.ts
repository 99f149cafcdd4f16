import { describe, expect, it } from 'vitest';
import { RecordNotFoundError, type SecondFactorRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeUser } from './fixtures.js';

const pending = (userId: string, over: Partial<SecondFactorRecord> = {}): SecondFactorRecord => ({
  userId,
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  enabledAt: null,
  lastStep: 0,
  recoveryHashes: [],
  challengeId: null,
  challengeExpiresAt: null,
  createdAt: at(0),
  ...over,
});

/** Second factors: enrolment, replay guard, one-time recovery codes, the pending sign-in challenge. */
export function secondFactorsContract(store: CurrentStore): void {
  describe('second factors', () => {
    it('starts an enrolment, restarts it while unconfirmed, and never replaces a confirmed one', async () => {
      const user = await store().users.create(makeUser());
      await expect(store().secondFactors.get(user.id)).resolves.toBeNull();
      await expect(store().secondFactors.begin(pending(user.id))).resolves.toBe(true);
      await expect(store().secondFactors.begin(pending(user.id, { secret: 'SECOND' }))).resolves.toBe(true);
      await expect(store().secondFactors.get(user.id)).resolves.toEqual(
        pending(user.id, { secret: 'SECOND' }),
      );

      await expect(store().secondFactors.enable(user.id, at(5), 100, ['h1', 'h2'])).resolves.toBe(true);
      await expect(store().secondFactors.enable(user.id, at(6), 200, [])).resolves.toBe(false);
      await expect(store().secondFactors.begin(pending(user.id, { secret: 'THIRD' }))).resolves.toBe(false);
      await expect(store().secondFactors.get(user.id)).resolves.toEqual(
        pending(user.id, { secret: 'SECOND', enabledAt: at(5), lastStep: 100, recoveryHashes: ['h1', 'h2'] }),
      );
    });

    it('refuses an enrolment for an unknown user', async () => {
      await expect(
        store().secondFactors.begin(pending('9a9a9a9a-0000-4000-8000-000000000000')),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('records a time step only when it is newer (replay refused)', async () => {
      const user = await store().users.create(makeUser());
      await store().secondFactors.begin(pending(user.id));
      await store().secondFactors.enable(user.id, at(1), 10, []);
      await expect(store().secondFactors.useStep(user.id, 11)).resolves.toBe(true);
      await expect(store().secondFactors.useStep(user.id, 11)).resolves.toBe(false);
      await expect(store().secondFactors.useStep(user.id, 9)).resolves.toBe(false);
      expect((await store().secondFactors.get(user.id))?.lastStep).toBe(11);
    });

    it('swaps recovery codes only from the list read (each code works once)', async () => {
      const user = await store().users.create(makeUser());
      await store().secondFactors.begin(pending(user.id));
      await store().secondFactors.enable(user.id, at(1), 1, ['a', 'b', 'c']);
      await expect(store().secondFactors.replaceRecovery(user.id, ['a', 'b', 'c'], ['a', 'c'])).resolves.toBe(
        true,
      );
      // A second request that read the old list loses.
      await expect(store().secondFactors.replaceRecovery(user.id, ['a', 'b', 'c'], ['b', 'c'])).resolves.toBe(
        false,
      );
      expect((await store().secondFactors.get(user.id))?.recoveryHashes).toEqual(['a', 'c']);
    });

    it('finds the user by the pending challenge, and forgets it when cleared', async () => {
      const user = await store().users.create(makeUser());
      await store().secondFactors.begin(pending(user.id));
      await store().secondFactors.enable(user.id, at(1), 1, []);
      await store().secondFactors.setChallenge(user.id, 'c-hash', at(300));
      expect(await store().secondFactors.getByChallenge('c-hash')).toMatchObject({
        userId: user.id,
        challengeId: 'c-hash',
        challengeExpiresAt: at(300),
      });
      await expect(store().secondFactors.getByChallenge('other')).resolves.toBeNull();
      await store().secondFactors.setChallenge(user.id, null, null);
      await expect(store().secondFactors.getByChallenge('c-hash')).resolves.toBeNull();
    });

    it('deletes a second factor once, and leaves the user and other users alone', async () => {
      const user = await store().users.create(makeUser());
      const other = await store().users.create(makeUser());
      await store().secondFactors.begin(pending(user.id));
      await store().secondFactors.begin(pending(other.id));
      await expect(store().secondFactors.delete(user.id)).resolves.toBe(true);
      await expect(store().secondFactors.delete(user.id)).resolves.toBe(false);
      await expect(store().secondFactors.get(user.id)).resolves.toBeNull();
      await expect(store().secondFactors.get(other.id)).resolves.not.toBeNull();
      await expect(store().users.getById(user.id)).resolves.toEqual(user);
    });
  });
}
