import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from './store-under-test.js';
import type { DeviceRecord, PairingRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting, makeUser } from './fixtures.js';

const hash = () => randomUUID().replace(/-/g, '').repeat(2);
const pairing = (minute: number): PairingRecord => ({
  codeHash: hash(),
  claimHash: hash(),
  createdAt: at(minute),
  expiresAt: at(minute + 10),
  deviceId: null,
  claimedAt: null,
});
const device = (pairedBy: string, minute: number): DeviceRecord => ({
  id: randomUUID(),
  tokenHash: null,
  room: 'Phòng họp số 1, tầng 3',
  seatLabel: 'Ghế 05',
  pairedBy,
  pairedAt: at(minute),
  claimedAt: null,
  revokedAt: null,
  lastSeenAt: null,
  status: null,
});

/** Meeting-room tablets: single-use pairing codes, credentials by hash, PIN sessions, PINs. */
export function devicesContract(store: CurrentStore): void {
  describe('meeting-room tablets', () => {
    it('binds a pairing code once and lets it be claimed once', async () => {
      const p = pairing(1);
      await store().devices.createPairing(p);
      expect(await store().devices.getPairing(p.codeHash)).toEqual(p);
      expect(await store().devices.claimPairing(p.codeHash, at(2))).toBe(false);
      expect(await store().devices.bindPairing(p.codeHash, 'd1')).toBe(true);
      expect(await store().devices.bindPairing(p.codeHash, 'd2')).toBe(false);
      expect(await store().devices.claimPairing(p.codeHash, at(3))).toBe(true);
      expect(await store().devices.claimPairing(p.codeHash, at(4))).toBe(false);
      expect(await store().devices.getPairing(p.codeHash)).toEqual({
        ...p,
        deviceId: 'd1',
        claimedAt: at(3),
      });
    });

    it('forgets expired codes that were never paired, and keeps used ones', async () => {
      const old = pairing(1);
      const used = pairing(2);
      const fresh = pairing(100);
      for (const p of [old, used, fresh]) await store().devices.createPairing(p);
      await store().devices.bindPairing(used.codeHash, 'd1');
      await store().devices.deleteExpiredPairings(at(50));
      expect(await store().devices.getPairing(old.codeHash)).toBeNull();
      expect(await store().devices.getPairing(used.codeHash)).not.toBeNull();
      expect(await store().devices.getPairing(fresh.codeHash)).not.toBeNull();
    });

    it('finds a tablet by its credential hash, records contact and state, revokes once', async () => {
      const user = await store().users.create(makeUser());
      const a = device(user.id, 1);
      const b = device(user.id, 2);
      await store().devices.create(a);
      await store().devices.create(b);
      expect((await store().devices.list()).map((d) => d.id)).toEqual([b.id, a.id]);
      const token = hash();
      await store().devices.setToken(a.id, token, at(3));
      expect(await store().devices.getByTokenHash(token)).toMatchObject({ id: a.id, claimedAt: at(3) });
      expect(await store().devices.getByTokenHash(hash())).toBeNull();
      await store().devices.touch(a.id, at(4), '{"appVersion":"0.1.0"}');
      await store().devices.touch(a.id, at(5), null);
      expect(await store().devices.getById(a.id)).toMatchObject({
        lastSeenAt: at(5),
        status: '{"appVersion":"0.1.0"}',
      });
      expect((await store().devices.revoke(a.id, at(6))).revokedAt).toBe(at(6));
      expect((await store().devices.revoke(a.id, at(7))).revokedAt).toBe(at(6));
      await expect(store().devices.revoke(randomUUID(), at(8))).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('keeps PIN sessions per meeting and per tablet, and one PIN per user', async () => {
      const user = await store().users.create(makeUser());
      const m = await store().meetings.create(makeMeeting());
      const d = device(user.id, 1);
      await store().devices.create(d);
      const s = { sessionId: hash(), deviceId: d.id, userId: user.id, meetingId: m.id, createdAt: at(2) };
      await store().devices.addSession(s);
      expect(await store().devices.sessionsOfMeeting(m.id)).toEqual([s]);
      expect(await store().devices.sessionsOfDevice(d.id)).toEqual([s]);
      await store().devices.deleteSession(s.sessionId);
      expect(await store().devices.sessionsOfMeeting(m.id)).toEqual([]);

      expect(await store().devices.getPin(user.id)).toBeNull();
      await store().devices.setPin(user.id, 'hash-1', at(3));
      await store().devices.setPin(user.id, 'hash-2', at(4));
      expect(await store().devices.getPin(user.id)).toBe('hash-2');
      await store().devices.deletePin(user.id);
      expect(await store().devices.getPin(user.id)).toBeNull();
    });
  });
}
