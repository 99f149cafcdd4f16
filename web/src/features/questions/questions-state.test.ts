import { describe, expect, it } from 'vitest';
import type { SiteQuestion } from '@icabinet/shared';
import { splitQueue, upsertQuestion } from './questions-state';

const q = (number: number, overrides: Partial<SiteQuestion> = {}): SiteQuestion => ({
  id: `q${number}`,
  meetingId: 'm',
  siteId: 's',
  number,
  kind: 'hand',
  text: null,
  status: 'waiting',
  siteName: 'Phường Phúc Xá',
  siteCode: 'BD-PX',
  districtName: 'Quận Ba Đình',
  conferenceUrl: null,
  askedByName: 'Nguyễn Văn A',
  askedAt: '2026-12-05T08:00:00.000Z',
  answer: null,
  floorAt: null,
  closedAt: null,
  version: 1,
  ...overrides,
});

describe('the moderator queue on the client', () => {
  it('keeps questions in arrival order whatever order they are heard in', () => {
    const list = upsertQuestion(upsertQuestion([], q(2)), q(1));
    expect(list.map((x) => x.number)).toEqual([1, 2]);
  });

  it('never lets an older broadcast replace a newer state of a question', () => {
    const answered = q(1, { status: 'answered', version: 2 });
    const list = upsertQuestion([answered], q(1, { status: 'waiting', version: 1 }));
    expect(list[0]?.status).toBe('answered');
    expect(upsertQuestion([q(1)], answered)[0]?.status).toBe('answered');
  });

  it('splits what waits (or speaks) from what was dealt with, newest dealt first', () => {
    const { open, done } = splitQueue([
      q(1, { status: 'answered' }),
      q(2, { status: 'floor' }),
      q(3),
      q(4, { status: 'withdrawn' }),
    ]);
    expect(open.map((x) => x.number)).toEqual([2, 3]);
    expect(done.map((x) => x.number)).toEqual([4, 1]);
  });
});
