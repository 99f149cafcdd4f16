import type {
  BriefingDistrictTotals,
  BriefingFloor,
  BriefingRollup,
  BriefingSite,
  Site,
  SiteLinkStatus,
  SiteView,
} from '@icabinet/shared';
import type { MeetingSiteRecord } from '../../store/port.js';

/** A linked site's standing from its durable record and whether a socket of it is live now. */
export function siteStatus(
  link: MeetingSiteRecord,
  live: boolean,
  nowMs: number,
  dropAfterMs: number,
): { status: SiteLinkStatus; since: string | null } {
  if (live) return { status: 'connected', since: link.connectedAt };
  // Gone: since its last socket left, or (a process that held it stopped) since it was last seen.
  const gone = link.disconnectedAt ?? link.lastSeenAt;
  if (!gone) return { status: 'waiting', since: null };
  return { status: nowMs - Date.parse(gone) > dropAfterMs ? 'dropped' : 'reconnecting', since: gone };
}

/** The district a site counts under: itself for a district, its parent for a commune, none for the city. */
export function districtOf(site: Site): string | null {
  if (site.level === 'district') return site.id;
  if (site.level === 'commune') return site.parentId;
  return null;
}

const collator = new Intl.Collator('vi');

/** Rolls the linked sites up by district and for the whole briefing. */
export function rollUp(input: {
  meetingId: string;
  links: MeetingSiteRecord[];
  sites: Map<string, SiteView>;
  liveSiteIds: Set<string>;
  /** The site that has the floor now (questions from sites). */
  floor?: BriefingFloor | null;
  /** Viewer screens per site (absent: none). */
  viewers?: Map<string, number>;
  now: Date;
  dropAfterMs: number;
  cityName: string;
}): BriefingRollup {
  const { links, sites, liveSiteIds, now, dropAfterMs } = input;
  const out: BriefingSite[] = [];
  for (const link of links) {
    const site = sites.get(link.siteId);
    if (!site) continue;
    const { status, since } = siteStatus(link, liveSiteIds.has(site.id), now.getTime(), dropAfterMs);
    out.push({
      siteId: site.id,
      code: site.code,
      name: site.name,
      level: site.level,
      parentId: site.parentId,
      districtId: districtOf(site),
      conferenceUrl: site.conferenceUrl,
      operatorName: site.operatorName,
      expectedDelegates: site.expectedDelegates,
      status,
      since,
      report: link.report,
      viewers: input.viewers?.get(site.id) ?? 0,
    });
  }
  const empty = (districtId: string | null, name: string): BriefingDistrictTotals => ({
    districtId,
    name,
    sites: 0,
    connected: 0,
    dropped: 0,
    expectedDelegates: 0,
    presentDelegates: 0,
    reported: 0,
  });
  const add = (t: BriefingDistrictTotals, s: BriefingSite) => {
    t.sites++;
    if (s.status === 'connected') t.connected++;
    if (s.status === 'dropped') t.dropped++;
    t.expectedDelegates += s.expectedDelegates;
    if (s.report) {
      t.reported++;
      t.presentDelegates += s.report.present;
    }
  };
  const totals = empty(null, '');
  const districts = new Map<string | null, BriefingDistrictTotals>();
  for (const s of out) {
    add(totals, s);
    const name = s.districtId ? (sites.get(s.districtId)?.name ?? s.name) : input.cityName;
    const d = districts.get(s.districtId) ?? empty(s.districtId, name);
    add(d, s);
    districts.set(s.districtId, d);
  }
  const { districtId: _d, name: _n, ...sums } = totals;
  // The city's own site first, then districts by name; sites by district, then name.
  const order = [...districts.values()].sort((a, b) =>
    a.districtId === null ? -1 : b.districtId === null ? 1 : collator.compare(a.name, b.name),
  );
  out.sort((a, b) => {
    const da = order.findIndex((d) => d.districtId === a.districtId);
    const db = order.findIndex((d) => d.districtId === b.districtId);
    return (
      da - db ||
      (a.level === 'commune' ? 1 : 0) - (b.level === 'commune' ? 1 : 0) ||
      collator.compare(a.name, b.name)
    );
  });
  return {
    meetingId: input.meetingId,
    serverTime: now.toISOString(),
    dropAfterSeconds: Math.round(dropAfterMs / 1000),
    totals: sums,
    districts: order,
    sites: out,
    floor: input.floor ?? null,
  };
}
