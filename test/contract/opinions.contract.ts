import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  RecordNotFoundError,
  VersionConflictError,
  type OpinionRecipientRecord,
  type OpinionRequestRecord,
} from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

const request = (
  meetingId: string,
  minutes: number,
  over: Partial<OpinionRequestRecord> = {},
): OpinionRequestRecord => ({
  id: randomUUID(),
  meetingId,
  documentId: randomUUID(),
  title: 'Xin ý kiến dự thảo Đề án chuyển đổi số',
  note: null,
  deadline: at(minutes + 2880),
  rule: 'members',
  status: 'draft',
  questions: [
    { id: randomUUID(), text: 'Đồng ý với phạm vi của Đề án?' },
    { id: randomUUID(), text: 'Đồng ý với lộ trình?' },
  ],
  createdBy: randomUUID(),
  createdAt: at(minutes),
  sentAt: null,
  updatedAt: at(minutes),
  version: 0,
  ...over,
});

const recipient = (
  requestId: string,
  name: string,
  over: Partial<OpinionRecipientRecord> = {},
): OpinionRecipientRecord => ({
  id: randomUUID(),
  requestId,
  participantId: randomUUID(),
  userId: randomUUID(),
  name,
  title: 'Giám đốc Sở',
  email: null,
  answers: [],
  responses: [],
  answeredAt: null,
  answeredVia: null,
  tokenHash: randomUUID().replace(/-/g, ''),
  createdAt: at(0),
  ...over,
});

/** Requests for written opinions: a request with its recipients, answers, responses. */
export function opinionsContract(store: CurrentStore): void {
  describe('written opinions', () => {
    it('stores a request with its recipients in order and finds them by id, meeting, token and user', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const older = request(meeting.id, 0);
      const newer = request(meeting.id, 10);
      const people = ['Đỗ Việt Hùng', 'Hoàng Thị Lan', 'Bùi Đức Thắng'].map((n) => recipient(newer.id, n));
      await store().opinions.create(older, []);
      await store().opinions.create(newer, people);
      await expect(store().opinions.getById(newer.id)).resolves.toEqual(newer);
      await expect(store().opinions.getById(randomUUID())).resolves.toBeNull();
      expect((await store().opinions.listByMeeting(meeting.id)).map((r) => r.id)).toEqual([
        newer.id,
        older.id,
      ]);
      expect((await store().opinions.recipients(newer.id)).map((r) => r.name)).toEqual([
        'Đỗ Việt Hùng',
        'Hoàng Thị Lan',
        'Bùi Đức Thắng',
      ]);
      await expect(store().opinions.getRecipientByTokenHash(people[1]!.tokenHash)).resolves.toEqual(
        people[1],
      );
      await expect(store().opinions.getRecipientByTokenHash('khong-co')).resolves.toBeNull();
      await expect(store().opinions.listRecipientsByUser(people[2]!.userId!)).resolves.toEqual([people[2]]);
    });

    it('stores all or none: a taken token leaves no request behind', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const first = request(meeting.id, 0);
      const taken = recipient(first.id, 'Đỗ Việt Hùng');
      await store().opinions.create(first, [taken]);
      const second = request(meeting.id, 5);
      await expect(
        store().opinions.create(second, [
          recipient(second.id, 'Hoàng Thị Lan', { tokenHash: taken.tokenHash }),
        ]),
      ).rejects.toThrow();
      await expect(store().opinions.getById(second.id)).resolves.toBeNull();
    });

    it('sends a request once: a stale version is a conflict, a missing one not found', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const r = request(meeting.id, 0);
      await store().opinions.create(r, []);
      const sent = await store().opinions.update(r.id, { status: 'sent', sentAt: at(1) }, 0, at(1));
      expect(sent).toMatchObject({ status: 'sent', sentAt: at(1), updatedAt: at(1), version: 1 });
      await expect(store().opinions.update(r.id, { status: 'sent' }, 0, at(2))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(
        store().opinions.update(randomUUID(), { status: 'sent' }, 0, at(2)),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });

    it('replaces answers (the last stands) and keeps one response per question', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const r = request(meeting.id, 0);
      const member = recipient(r.id, 'Đỗ Việt Hùng');
      await store().opinions.create(r, [member]);
      const [q1, q2] = [r.questions[0]!.id, r.questions[1]!.id];
      await store().opinions.saveAnswers(
        member.id,
        [{ questionId: q1, choice: 'agree', comment: null }],
        at(3),
        'link',
      );
      const again = await store().opinions.saveAnswers(
        member.id,
        [
          { questionId: q1, choice: 'disagree', comment: 'Phạm vi nên gồm cấp xã.' },
          { questionId: q2, choice: 'other', comment: null },
        ],
        at(4),
        'app',
      );
      expect(again).toMatchObject({ answeredAt: at(4), answeredVia: 'app' });
      expect(again.answers.map((a) => a.choice)).toEqual(['disagree', 'other']);

      const response = (text: string) => ({
        questionId: q1,
        text,
        by: randomUUID(),
        byName: 'Phạm Thu Trang',
        at: at(5),
      });
      await store().opinions.setResponse(member.id, q1, response('Tiếp thu'));
      await store().opinions.setResponse(member.id, q2, { ...response('Giải trình'), questionId: q2 });
      const replaced = await store().opinions.setResponse(
        member.id,
        q1,
        response('Tiếp thu, đã sửa dự thảo'),
      );
      expect(replaced.responses.map((x) => [x.questionId, x.text]).sort()).toEqual(
        [
          [q1, 'Tiếp thu, đã sửa dự thảo'],
          [q2, 'Giải trình'],
        ].sort(),
      );
      const cleared = await store().opinions.setResponse(member.id, q1, null);
      expect(cleared.responses.map((x) => x.questionId)).toEqual([q2]);
      await expect(store().opinions.getRecipient(member.id)).resolves.toEqual(cleared);
      await expect(store().opinions.saveAnswers(randomUUID(), [], at(6), 'link')).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
      await expect(store().opinions.setResponse(randomUUID(), q1, null)).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });

    it('lists only the meeting’s own requests', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const other = await store().meetings.create(makeMeeting(60));
      await store().opinions.create(request(meeting.id, 0), []);
      await expect(store().opinions.listByMeeting(other.id)).resolves.toEqual([]);
    });
  });
}
