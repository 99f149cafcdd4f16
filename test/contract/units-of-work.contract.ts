import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CurrentStore } from './store.contract.js';
import { makeItem } from './agenda-search.contract.js';
import { makeDocument } from './documents.contract.js';
import { makeMeeting, makeParticipant, makeUnit } from './fixtures.js';

/** Something a unit of work can wait on, released by the test. */
function gate(): { wait: Promise<void>; open(): void } {
  let open = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/**
 * Store.transaction: the writes of a unit of work are kept together or not at all, and a
 * failed one never takes another caller's writes with it. (MongoDB: needs a replica set, as
 * the contract run uses; a standalone server has no multi-document transactions.)
 */
export function unitsOfWorkContract(store: CurrentStore): void {
  describe('units of work', () => {
    /** What a meeting clone writes: the meeting, participants, agenda items and documents. */
    const writeClone = async () => {
      const s = store();
      const meeting = await s.meetings.create(makeMeeting(0, { status: 'draft' }));
      await s.participants.addMany([
        makeParticipant(meeting.id, randomUUID(), { role: 'chair' }),
        makeParticipant(meeting.id, randomUUID()),
      ]);
      const item = makeItem(meeting.id, { title: 'Báo cáo kinh tế - xã hội quý III' });
      await s.agenda.apply(meeting.id, 0, { upsert: [item] }, null);
      await s.documents.create(makeDocument(meeting.id, { agendaItemId: item.id }));
      return meeting;
    };

    const leftOf = async (meetingId: string) => {
      const s = store();
      return {
        meeting: await s.meetings.getById(meetingId),
        participants: (await s.participants.listByMeeting(meetingId)).length,
        agenda: (await s.agenda.list(meetingId)).length,
        documents: (await s.documents.listByMeeting(meetingId, { all: true })).length,
      };
    };

    it('leaves nothing behind when a clone fails half-way', async () => {
      let meetingId = '';
      const failure = new Error('ổ đĩa đầy giữa chừng');
      await expect(
        store().transaction(async () => {
          meetingId = (await writeClone()).id;
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(meetingId).not.toBe('');
      expect(await leftOf(meetingId)).toEqual({ meeting: null, participants: 0, agenda: 0, documents: 0 });
    });

    it('keeps every write of a unit of work that completes, and returns its result', async () => {
      const meeting = await store().transaction(writeClone);
      const left = await leftOf(meeting.id);
      expect({ ...left, meeting: left.meeting?.id }).toEqual({
        meeting: meeting.id,
        participants: 2,
        agenda: 1,
        documents: 1,
      });
      expect(left.meeting?.agendaVersion).toBe(1);
    });

    it('never rolls back a write made meanwhile outside the unit of work', async () => {
      const started = gate();
      const inside = gate();
      const unit = makeUnit({ name: 'Văn phòng UBND Thành phố' });
      let meetingId = '';
      const failing = store().transaction(async () => {
        meetingId = (await store().meetings.create(makeMeeting())).id;
        started.open();
        await inside.wait;
        throw new Error('thất bại');
      });
      // Made while the unit of work is open (it has written); released only after this call.
      await started.wait;
      const outside = store().units.create(unit);
      inside.open();
      await expect(failing).rejects.toThrow('thất bại');
      await outside;
      await expect(store().units.getById(unit.id)).resolves.toEqual(unit);
      await expect(store().meetings.getById(meetingId)).resolves.toBeNull();
    });

    it('joins an enclosing unit of work, so the outer failure undoes the inner writes too', async () => {
      let meetingId = '';
      await expect(
        store().transaction(async () => {
          meetingId = await store().transaction(
            async () => (await store().meetings.create(makeMeeting())).id,
          );
          throw new Error('thất bại');
        }),
      ).rejects.toThrow('thất bại');
      await expect(store().meetings.getById(meetingId)).resolves.toBeNull();
    });

    it('runs units of work one after another, each seeing the other whole', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const started = gate();
      const first = gate();
      const a = store().transaction(async () => {
        await store().participants.add(makeParticipant(meeting.id, randomUUID()));
        started.open();
        await first.wait;
        await store().participants.add(makeParticipant(meeting.id, randomUUID()));
      });
      await started.wait;
      const b = store().transaction(
        async () => (await store().participants.listByMeeting(meeting.id)).length,
      );
      const outside = store().participants.listByMeeting(meeting.id);
      first.open();
      await a;
      // Neither b nor a read outside any unit of work saw a's first participant without its second.
      expect([0, 2]).toContain(await b);
      expect([0, 2]).toContain((await outside).length);
    });
  });
}
