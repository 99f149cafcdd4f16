import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Site } from '@icabinet/shared';
import {
  DuplicateKeyError,
  RecordNotFoundError,
  VersionConflictError,
  type MeetingSiteRecord,
} from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting, makeUser } from './fixtures.js';

function makeSite(overrides: Partial<Site> = {}): Site {
  return {
    id: randomUUID(),
    code: `S${randomUUID().slice(0, 6).toUpperCase()}`,
    name: 'Phường Phúc Xá',
    level: 'commune',
    parentId: null,
    operatorId: null,
    expectedDelegates: 18,
    conferenceUrl: 'https://hoinghi.example.gov.vn/phong/px',
    active: true,
    createdAt: at(1),
    updatedAt: at(1),
    version: 0,
    ...overrides,
  };
}

const link = (
  meetingId: string,
  siteId: string,
  overrides: Partial<MeetingSiteRecord> = {},
): MeetingSiteRecord => ({
  meetingId,
  siteId,
  participantId: null,
  linkedAt: at(5),
  connectedAt: null,
  lastSeenAt: null,
  disconnectedAt: null,
  report: null,
  ...overrides,
});

/** Sites: a tree stored all or nothing, unique codes, versioned edits; their links to meetings. */
export function sitesContract(store: CurrentStore): void {
  describe('sites', () => {
    it('stores a city, a district and a commune together and reads them back', async () => {
      const operator = await store().users.create(makeUser({ username: 'dc.badinh' }));
      const city = makeSite({ code: 'HN', name: 'UBND Thành phố Hà Nội', level: 'city' });
      const district = makeSite({
        code: 'BD',
        name: 'Quận Ba Đình',
        level: 'district',
        parentId: city.id,
        operatorId: operator.id,
      });
      const commune = makeSite({ code: 'BD-PX', parentId: district.id, conferenceUrl: null });
      await store().sites.createMany([city, district, commune]);
      await expect(store().sites.getById(district.id)).resolves.toEqual(district);
      await expect(store().sites.getById(commune.id)).resolves.toEqual(commune);
      expect((await store().sites.list()).map((s) => s.code).sort()).toEqual(['BD', 'BD-PX', 'HN']);
      await expect(store().sites.listByOperator(operator.id)).resolves.toEqual([district]);
      expect((await store().sites.existingCodes(['HN', 'BD-PX', 'HK'])).sort()).toEqual(['BD-PX', 'HN']);
      await expect(store().sites.getById(randomUUID())).resolves.toBeNull();
    });

    it('stores none of a batch when one code is taken', async () => {
      await store().sites.createMany([makeSite({ code: 'HK', level: 'district' })]);
      const batch = [
        makeSite({ code: 'DP', level: 'district' }),
        makeSite({ code: 'HK', level: 'district' }),
      ];
      const attempt = store().sites.createMany(batch);
      await expect(attempt).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(attempt).rejects.toMatchObject({ field: 'code' });
      expect((await store().sites.list()).map((s) => s.code)).toEqual(['HK']);
    });

    it('applies a versioned edit and refuses a stale one or an unknown site', async () => {
      const site = makeSite();
      await store().sites.createMany([site]);
      const edited = await store().sites.update(
        site.id,
        { name: 'Phường Phúc Xá (mới)', expectedDelegates: 25, conferenceUrl: null },
        0,
        at(9),
      );
      expect(edited).toEqual({
        ...site,
        name: 'Phường Phúc Xá (mới)',
        expectedDelegates: 25,
        conferenceUrl: null,
        updatedAt: at(9),
        version: 1,
      });
      await expect(store().sites.getById(site.id)).resolves.toEqual(edited);
      await expect(store().sites.update(site.id, { name: 'Cũ' }, 0, at(10))).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await expect(store().sites.update(randomUUID(), { name: 'X' }, 0, at(10))).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });

    it('links sites to a meeting, keeps an existing link as it is, and removes what is asked', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const [a, b, c] = [makeSite({ code: 'A' }), makeSite({ code: 'B' }), makeSite({ code: 'C' })];
      await store().sites.createMany([a, b, c]);
      await store().sites.setLinks(meeting.id, [link(meeting.id, a.id), link(meeting.id, b.id)], []);
      await store().sites.updateLink(meeting.id, a.id, { connectedAt: at(6), lastSeenAt: at(6) });
      // Linking A again does not reset its standing; B goes, C comes.
      await store().sites.setLinks(
        meeting.id,
        [link(meeting.id, a.id), link(meeting.id, c.id, { linkedAt: at(7) })],
        [b.id],
      );
      const links = (await store().sites.listLinks(meeting.id)).sort((x, y) =>
        x.siteId.localeCompare(y.siteId),
      );
      expect(links).toEqual(
        [
          link(meeting.id, a.id, { connectedAt: at(6), lastSeenAt: at(6) }),
          link(meeting.id, c.id, { linkedAt: at(7) }),
        ].sort((x, y) => x.siteId.localeCompare(y.siteId)),
      );
      await expect(store().sites.getLink(meeting.id, b.id)).resolves.toBeNull();
      expect((await store().sites.listLinksOfSites([a.id, b.id])).map((l) => l.siteId)).toEqual([a.id]);
    });

    it('keeps a roll-call report and the moments a site came and went', async () => {
      const meeting = await store().meetings.create(makeMeeting());
      const site = makeSite();
      await store().sites.createMany([site]);
      await store().sites.setLinks(meeting.id, [link(meeting.id, site.id)], []);
      const report = {
        present: 16,
        absences: [
          { name: 'Nguyễn Văn Hải', reason: 'Đi công tác' },
          { name: 'Trần Thị Kim', reason: null },
        ],
        reportedAt: at(8),
        reportedBy: randomUUID(),
      };
      await store().sites.updateLink(meeting.id, site.id, { report });
      const gone = await store().sites.updateLink(meeting.id, site.id, {
        lastSeenAt: at(9),
        disconnectedAt: at(9),
      });
      expect(gone).toEqual(link(meeting.id, site.id, { report, lastSeenAt: at(9), disconnectedAt: at(9) }));
      await expect(store().sites.getLink(meeting.id, site.id)).resolves.toEqual(gone);
      await expect(store().sites.updateLink(meeting.id, randomUUID(), { report })).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });
  });
}
