import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Site } from '@icabinet/shared';
import {
  DuplicateKeyError,
  RecordNotFoundError,
  VersionConflictError,
  type SiteQuestionRecord,
} from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting, makeUser } from './fixtures.js';

const site = (): Site => ({
  id: randomUUID(),
  code: `Q${randomUUID().slice(0, 6).toUpperCase()}`,
  name: 'Phường Phúc Xá',
  level: 'commune',
  parentId: null,
  operatorId: null,
  expectedDelegates: 18,
  conferenceUrl: null,
  active: true,
  createdAt: at(1),
  updatedAt: at(1),
  version: 0,
});

const question = (
  meetingId: string,
  siteId: string,
  askedBy: string,
  number: number,
  overrides: Partial<SiteQuestionRecord> = {},
): SiteQuestionRecord => ({
  id: randomUUID(),
  meetingId,
  siteId,
  number,
  kind: 'written',
  text: 'Xin hỏi về tiến độ giải phóng mặt bằng?',
  status: 'waiting',
  askedBy,
  askedAt: at(number),
  answer: null,
  closedBy: null,
  floorAt: null,
  closedAt: null,
  version: 1,
  ...overrides,
});

/** Questions from sites: listed in arrival order, numbers unique per meeting, one floor, versioned. */
export function siteQuestionsContract(store: CurrentStore): void {
  describe('questions from sites', () => {
    const world = async () => {
      const user = await store().users.create(makeUser());
      const m = await store().meetings.create(makeMeeting());
      const s = site();
      await store().sites.createMany([s]);
      return { user, m, s };
    };

    it('lists a meeting’s questions by number and tells the last number', async () => {
      const { user, m, s } = await world();
      const second = question(m.id, s.id, user.id, 2, { kind: 'hand', text: null });
      const first = question(m.id, s.id, user.id, 1);
      expect(await store().siteQuestions.lastNumber(m.id)).toBe(0);
      await store().siteQuestions.create(second);
      await store().siteQuestions.create(first);
      expect(await store().siteQuestions.listByMeeting(m.id)).toEqual([first, second]);
      expect(await store().siteQuestions.lastNumber(m.id)).toBe(2);
      expect(await store().siteQuestions.getById(second.id)).toEqual(second);
      expect(await store().siteQuestions.getById(randomUUID())).toBeNull();
    });

    it('refuses a second question with the same number in one meeting, keeping the first', async () => {
      const { user, m, s } = await world();
      const a = question(m.id, s.id, user.id, 1);
      await store().siteQuestions.create(a);
      const err = await store()
        .siteQuestions.create(question(m.id, s.id, user.id, 1))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateKeyError);
      expect((err as DuplicateKeyError).field).toBe('number');
      expect(await store().siteQuestions.listByMeeting(m.id)).toEqual([a]);
    });

    it('updates by version, and never lets two questions of a meeting hold the floor', async () => {
      const { user, m, s } = await world();
      const a = question(m.id, s.id, user.id, 1);
      const b = question(m.id, s.id, user.id, 2);
      await store().siteQuestions.create(a);
      await store().siteQuestions.create(b);
      const given = await store().siteQuestions.update(a.id, { status: 'floor', floorAt: at(5) }, 1);
      expect(given).toMatchObject({ status: 'floor', floorAt: at(5), version: 2 });
      await expect(store().siteQuestions.update(a.id, { status: 'spoken' }, 1)).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      const second = await store()
        .siteQuestions.update(b.id, { status: 'floor' }, 1)
        .catch((e: unknown) => e);
      expect(second).toBeInstanceOf(DuplicateKeyError);
      expect((second as DuplicateKeyError).field).toBe('floor');
      expect((await store().siteQuestions.getById(b.id))?.status).toBe('waiting');
      await store().siteQuestions.update(a.id, { status: 'spoken', closedAt: at(9) }, 2);
      expect((await store().siteQuestions.update(b.id, { status: 'floor' }, 1)).status).toBe('floor');
      await expect(
        store().siteQuestions.update(randomUUID(), { status: 'dismissed' }, 1),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });
  });
}
