import { describe, expect, it } from 'vitest';
import type { SiteView } from '@icabinet/shared';
import type { MeetingSiteRecord } from '../../store/port.js';
import { rollUp } from './briefing.rollup.js';

const NOW = new Date('2026-12-05T08:00:00.000Z');
const site = (id: string, name: string, level: SiteView['level'], parentId: string | null): SiteView => ({
  id,
  code: id.toUpperCase(),
  name,
  level,
  parentId,
  operatorId: null,
  operatorName: null,
  operatorUsername: null,
  expectedDelegates: 10,
  conferenceUrl: null,
  active: true,
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  version: 0,
});
const link = (siteId: string, present: number | null): MeetingSiteRecord => ({
  meetingId: 'm',
  siteId,
  participantId: null,
  linkedAt: NOW.toISOString(),
  connectedAt: NOW.toISOString(),
  lastSeenAt: NOW.toISOString(),
  disconnectedAt: null,
  report: present === null ? null : { present, absences: [], reportedAt: NOW.toISOString(), reportedBy: 'u' },
});

describe('the briefing roll-up', () => {
  it('counts viewer screens per site apart from the delegates present', () => {
    const sites = new Map(
      [site('bd', 'Quận Ba Đình', 'district', null), site('px', 'Phường Phúc Xá', 'commune', 'bd')].map(
        (s) => [s.id, s],
      ),
    );
    const r = rollUp({
      meetingId: 'm',
      links: [link('bd', 7), link('px', null)],
      sites,
      liveSiteIds: new Set(['bd']),
      viewers: new Map([['px', 3]]),
      now: NOW,
      dropAfterMs: 30_000,
      cityName: 'Hà Nội',
    });
    expect(r.sites.map((s) => [s.name, s.viewers])).toEqual(
      expect.arrayContaining([
        ['Quận Ba Đình', 0],
        ['Phường Phúc Xá', 3],
      ]),
    );
    // Three people watching on their phones are not three delegates present.
    expect(r.totals.presentDelegates).toBe(7);
  });
});
