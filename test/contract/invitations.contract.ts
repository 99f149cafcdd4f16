import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, VersionConflictError } from './store-under-test.js';
import type { InvitationRecord, JobRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

const newMeeting = () => makeMeeting(0, { description: null, agendaVersion: 0, seriesId: null });

function makeInvitation(meetingId: string, overrides: Partial<InvitationRecord> = {}): InvitationRecord {
  const id = randomUUID();
  return {
    id,
    meetingId,
    participantId: randomUUID(),
    deputyForInvitationId: null,
    recipientName: 'Trần Thị Bình',
    recipientTitle: 'Giám đốc Sở Tài chính',
    email: 'binh.tt@hanoi.gov.vn',
    phone: null,
    userId: randomUUID(),
    status: 'pending',
    reason: null,
    deputy: null,
    deliveries: [
      { channel: 'in_app', status: 'queued', attempts: 0, lastError: null, updatedAt: at(1) },
      { channel: 'email', status: 'queued', attempts: 0, lastError: null, updatedAt: at(1) },
    ],
    sequence: 0,
    tokenHash: createHash('sha256').update(id).digest('hex'),
    openedAt: null,
    repliedAt: null,
    createdAt: at(1),
    updatedAt: at(1),
    version: 0,
    ...overrides,
  };
}

function makeJob(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: randomUUID(),
    kind: 'invitation.deliver',
    key: null,
    payload: { invitationId: randomUUID(), note: 'Giấy mời' },
    runAt: at(10),
    status: 'queued',
    attempts: 0,
    maxAttempts: 5,
    lastError: null,
    leaseUntil: null,
    createdAt: at(1),
    updatedAt: at(1),
    ...overrides,
  };
}

export function jobsContract(current: CurrentStore): void {
  describe('jobs', () => {
    it('keeps one job per key and returns the stored one', async () => {
      const first = await current().jobs.enqueue(makeJob({ key: 'remind:m1:1440' }));
      const again = await current().jobs.enqueue(
        makeJob({ key: 'remind:m1:1440', payload: { other: true } }),
      );
      expect(again.id).toBe(first.id);
      expect(again.payload).toEqual(first.payload);
    });

    it('stores many jobs in one call, skipping keys that exist, and completes several at once', async () => {
      const existing = await current().jobs.enqueue(makeJob({ key: 'deliver:a:email:invitation:0' }));
      const fresh = [
        makeJob({ key: 'deliver:a:email:invitation:0' }),
        makeJob({ key: 'deliver:b:email:invitation:0' }),
        makeJob(),
      ];
      await current().jobs.enqueueMany(fresh);
      expect((await current().jobs.getByKey('deliver:a:email:invitation:0'))?.id).toBe(existing.id);
      expect(await current().jobs.get(fresh[0]!.id)).toBeNull();
      expect(await current().jobs.get(fresh[1]!.id)).not.toBeNull();
      expect(await current().jobs.get(fresh[2]!.id)).not.toBeNull();
      const claimed = await current().jobs.claimDue(at(15), at(16), 10);
      expect(claimed).toHaveLength(3);
      await current().jobs.completeMany([claimed[0]!.id, claimed[1]!.id], at(17));
      expect((await current().jobs.get(claimed[0]!.id))?.status).toBe('done');
      expect((await current().jobs.get(claimed[1]!.id))?.status).toBe('done');
      expect((await current().jobs.get(claimed[2]!.id))?.status).toBe('running');
    });

    it('claims only due jobs, once, and hands over expired leases', async () => {
      const due = await current().jobs.enqueue(makeJob({ runAt: at(10) }));
      await current().jobs.enqueue(makeJob({ runAt: at(30) }));
      const claimed = await current().jobs.claimDue(at(15), at(16), 10);
      expect(claimed.map((j) => [j.id, j.status, j.attempts])).toEqual([[due.id, 'running', 1]]);
      expect(await current().jobs.claimDue(at(15), at(16), 10)).toEqual([]);
      const retaken = await current().jobs.claimDue(at(17), at(18), 10);
      expect(retaken.map((j) => [j.id, j.attempts])).toEqual([[due.id, 2]]);
    });

    it('reschedules, fails, completes and cancels by key prefix', async () => {
      const a = await current().jobs.enqueue(makeJob({ runAt: at(1) }));
      await current().jobs.claimDue(at(2), at(3), 10);
      await current().jobs.reschedule(a.id, at(20), '421 thử lại sau', at(2));
      expect(await current().jobs.get(a.id)).toMatchObject({
        status: 'queued',
        runAt: at(20),
        lastError: '421 thử lại sau',
      });
      expect(await current().jobs.nextRunAt()).toBe(at(20));
      await current().jobs.fail(a.id, '550 không tồn tại', at(21));
      expect((await current().jobs.get(a.id))?.status).toBe('failed');

      await current().jobs.enqueue(makeJob({ key: 'remind:m1:60' }));
      await current().jobs.enqueue(makeJob({ key: 'remind:m2:60' }));
      expect(await current().jobs.cancelByKeyPrefix('remind:m1:', at(5))).toBe(1);
      expect((await current().jobs.getByKey('remind:m1:60'))?.status).toBe('cancelled');
      expect((await current().jobs.getByKey('remind:m2:60'))?.status).toBe('queued');
    });
  });
}

export function invitationsContract(current: CurrentStore): void {
  describe('invitations', () => {
    it('stores all or none, one per participant, and finds them by token hash', async () => {
      const meeting = await current().meetings.create(newMeeting());
      const a = makeInvitation(meeting.id);
      const b = makeInvitation(meeting.id, { recipientName: 'Lê Văn Cường', userId: null });
      await current().invitations.createMany([a, b]);
      const dup = makeInvitation(meeting.id, { participantId: a.participantId });
      const c = makeInvitation(meeting.id);
      await expect(current().invitations.createMany([c, dup])).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await current().invitations.getById(c.id)).toBeNull();
      expect((await current().invitations.listByMeeting(meeting.id)).map((i) => i.id).sort()).toEqual(
        [a.id, b.id].sort(),
      );
      expect(await current().invitations.getByTokenHash(a.tokenHash)).toEqual(a);
      expect((await current().invitations.listByUser(a.userId!)).map((i) => i.id)).toEqual([a.id]);
    });

    it('updates with a version check and sets one channel without touching the others', async () => {
      const meeting = await current().meetings.create(newMeeting());
      const inv = makeInvitation(meeting.id);
      await current().invitations.createMany([inv]);
      const replied = await current().invitations.update(
        inv.id,
        {
          status: 'deputy_pending',
          deputy: { fullName: 'Vũ Hải', title: null, email: null, phone: '0912 345 678' },
        },
        0,
        at(5),
      );
      expect(replied).toMatchObject({ status: 'deputy_pending', version: 1, updatedAt: at(5) });
      await expect(
        current().invitations.update(inv.id, { status: 'declined' }, 0, at(6)),
      ).rejects.toBeInstanceOf(VersionConflictError);
      await current().invitations.setDelivery(inv.id, {
        channel: 'email',
        status: 'failed',
        attempts: 3,
        lastError: '550 5.1.1 không tồn tại',
        updatedAt: at(7),
      });
      await current().invitations.setDelivery(inv.id, {
        channel: 'webhook',
        status: 'sent',
        attempts: 1,
        lastError: null,
        updatedAt: at(7),
      });
      const stored = await current().invitations.getById(inv.id);
      expect(stored?.deliveries.map((d) => [d.channel, d.status, d.attempts])).toEqual([
        ['in_app', 'queued', 0],
        ['email', 'failed', 3],
        ['webhook', 'sent', 1],
      ]);
      expect(stored?.deputy?.fullName).toBe('Vũ Hải');
      expect(await current().invitations.countDelivered(['webhook'], null, null)).toEqual({
        invitations: 1,
        meetings: 1,
      });
      expect(await current().invitations.countDelivered(['email'], null, null)).toEqual({
        invitations: 0,
        meetings: 0,
      });
    });
  });

  describe('notifications', () => {
    it('lists a person’s notices newest first with the unread count, and marks them read', async () => {
      const userId = randomUUID();
      for (const [i, title] of ['Giấy mời A', 'Giấy mời B', 'Nhắc lịch họp'].entries()) {
        await current().notifications.add({
          id: randomUUID(),
          userId,
          meetingId: null,
          kind: 'invitation.invitation',
          title,
          body: '',
          link: null,
          createdAt: at(i + 1),
          readAt: null,
        });
      }
      const list = await current().notifications.listByUser(userId, 2);
      expect(list.items.map((n) => n.title)).toEqual(['Nhắc lịch họp', 'Giấy mời B']);
      expect(list.unread).toBe(3);
      expect(await current().notifications.markRead(userId, [list.items[0]!.id], at(9))).toBe(1);
      expect(await current().notifications.markRead(randomUUID(), 'all', at(9))).toBe(0);
      expect(await current().notifications.markRead(userId, 'all', at(9))).toBe(2);
      expect((await current().notifications.listByUser(userId, 10)).unread).toBe(0);
    });
  });
}
