import type { BriefingFloor, Site, SiteQuestion } from '@icabinet/shared';
import type { SiteQuestionRecord, Store } from '../../store/port.js';

/** Sites and people read once per presentation, however many questions mention them. */
export class QuestionNames {
  private readonly sites = new Map<string, Promise<Site | null>>();
  private readonly people = new Map<string, Promise<string>>();

  constructor(private readonly store: Store) {}

  site(id: string): Promise<Site | null> {
    let s = this.sites.get(id);
    if (!s) {
      s = this.store.sites.getById(id);
      this.sites.set(id, s);
    }
    return s;
  }

  person(id: string): Promise<string> {
    let p = this.people.get(id);
    if (!p) {
      p = this.store.users.getById(id).then((u) => u?.fullName ?? '');
      this.people.set(id, p);
    }
    return p;
  }

  /** The district a site belongs to, by name (itself for a district, none for the city). */
  async district(site: Site): Promise<string | null> {
    if (site.level === 'district') return site.name;
    if (site.level === 'commune' && site.parentId) return (await this.site(site.parentId))?.name ?? null;
    return null;
  }
}

/** One stored question as the queue and the site's screen show it. */
export async function presentQuestion(names: QuestionNames, q: SiteQuestionRecord): Promise<SiteQuestion> {
  const site = await names.site(q.siteId);
  return {
    id: q.id,
    meetingId: q.meetingId,
    siteId: q.siteId,
    number: q.number,
    kind: q.kind,
    text: q.text,
    status: q.status,
    siteName: site?.name ?? '',
    siteCode: site?.code ?? '',
    districtName: site ? await names.district(site) : null,
    conferenceUrl: site?.conferenceUrl ?? null,
    askedByName: await names.person(q.askedBy),
    askedAt: q.askedAt,
    answer: q.answer,
    floorAt: q.floorAt,
    closedAt: q.closedAt,
    version: q.version,
  };
}

/** The floor, from the question that holds it. */
export function floorOfQuestion(q: SiteQuestion | null): BriefingFloor | null {
  if (!q || q.status !== 'floor') return null;
  return {
    questionId: q.id,
    siteId: q.siteId,
    siteName: q.siteName,
    districtName: q.districtName,
    conferenceUrl: q.conferenceUrl,
    since: q.floorAt ?? q.askedAt,
  };
}

/** Who has the floor in a meeting now, as stored (any process may have given it). */
export async function currentFloor(store: Store, meetingId: string): Promise<BriefingFloor | null> {
  const holding = (await store.siteQuestions.listByMeeting(meetingId)).find((q) => q.status === 'floor');
  return holding ? floorOfQuestion(await presentQuestion(new QuestionNames(store), holding)) : null;
}

/** The floor as a viewer screen (no account) gets it: never the site's conference link. */
export function forViewers(floor: BriefingFloor | null): (BriefingFloor & { conferenceUrl: null }) | null {
  return floor ? { ...floor, conferenceUrl: null } : null;
}
