import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { MOTION_OPTIONS, tally, type Vote } from '@icabinet/shared';
import { en } from '../../i18n/en';
import { vi } from '../../i18n/vi';
import { currentVote, resultSentence } from './votes.format';

const i18n = i18next.createInstance();
await i18n.init({ lng: 'vi', resources: { vi: { translation: vi }, en: { translation: en } } });

function closed(overrides: Partial<Vote>, ballots: string[][], members: number): Vote {
  const base: Vote = {
    id: 'v1',
    meetingId: 'm1',
    agendaItemId: null,
    question: 'Thông qua Tờ trình',
    options: MOTION_OPTIONS.map((o) => ({ ...o })),
    maxChoices: 1,
    kind: 'open',
    rule: 'members',
    allowChange: true,
    durationSeconds: null,
    state: 'closed',
    createdBy: 'u1',
    createdAt: '2026-01-01T01:00:00.000Z',
    openedAt: '2026-01-01T01:01:00.000Z',
    closesAt: null,
    closedAt: '2026-01-01T01:02:00.000Z',
    seats: [],
    members,
    voted: ballots.length,
    result: null,
    annulReason: null,
    annulledAt: null,
    rerunOf: null,
    rerunId: null,
    version: 2,
    ...overrides,
  };
  const t = tally({
    rule: base.rule,
    options: base.options,
    maxChoices: base.maxChoices,
    members,
    entitled: members,
    ballots,
  });
  return { ...base, result: { ...t, voted: [], choices: null } };
}

const many = (n: number, id: string) => Array.from({ length: n }, () => [id]);

describe('the verdict sentence', () => {
  it('reads a motion under a members rule as the chair announces it, in either language', () => {
    const v = closed({}, [...many(9, 'for'), ...many(4, 'against'), ...many(2, 'abstain')], 15);
    expect(resultSentence(v, i18n.getFixedT('vi'))).toBe(
      'Thông qua: 9/15 thành viên tán thành, quá nửa tổng số thành viên',
    );
    expect(resultSentence(v, i18n.getFixedT('en'))).toBe(
      'Passed: 9/15 members in favour, more than half of all members',
    );
    const short = closed({}, [...many(7, 'for'), ...many(1, 'against')], 15);
    expect(resultSentence(short, i18n.getFixedT('vi'))).toBe(
      'Không thông qua: 7/15 thành viên tán thành, quá nửa tổng số thành viên',
    );
  });

  it('counts against the ballots cast under the cast rule, and names the winners of a choice', () => {
    const cast = closed({ rule: 'cast' }, [...many(2, 'for'), ...many(2, 'against')], 9);
    expect(resultSentence(cast, i18n.getFixedT('vi'))).toBe(
      'Không thông qua: 2/4 phiếu tán thành, quá nửa số phiếu đã bỏ',
    );
    const options = ['Quận Hoàn Kiếm', 'Huyện Đan Phượng'].map((label, i) => ({
      id: `c${i + 1}`,
      label,
      meaning: 'choice' as const,
    }));
    const choice = closed({ rule: 'plurality', options }, [...many(4, 'c2'), ...many(1, 'c1')], 9);
    expect(resultSentence(choice, i18n.getFixedT('vi'))).toBe(
      'Thông qua: Huyện Đan Phượng (4) (nhiều phiếu nhất)',
    );
  });

  it('shows the open vote, else the one closed last', () => {
    const a = closed({ id: 'a', closedAt: '2026-01-01T01:05:00.000Z' }, [], 3);
    const b = closed({ id: 'b', closedAt: '2026-01-01T01:09:00.000Z' }, [], 3);
    expect(currentVote([a, b])?.id).toBe('b');
    expect(currentVote([a, { ...b, state: 'prepared' }, { ...a, id: 'c', state: 'open' }])?.id).toBe('c');
    expect(currentVote([{ ...a, state: 'prepared' }])).toBeNull();
  });
});
