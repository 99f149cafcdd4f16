import type { Site, SiteReport } from '@icabinet/shared';

export type SitePatch = Partial<
  Pick<Site, 'name' | 'operatorId' | 'expectedDelegates' | 'conferenceUrl' | 'active'>
>;

/** One site linked to one online meeting, with its live standing and roll-call (durable). */
export interface MeetingSiteRecord {
  meetingId: string;
  siteId: string;
  /** The operator's participant record this link created (null: the operator was already one, or none). */
  participantId: string | null;
  linkedAt: string;
  /** When an operator's socket last connected (null: never). */
  connectedAt: string | null;
  /** When the site was last seen connected (a connect, or the moment its last socket left). */
  lastSeenAt: string | null;
  /** When its last operator socket left (null: connected, or never connected). */
  disconnectedAt: string | null;
  report: SiteReport | null;
}

export type MeetingSiteState = Partial<
  Pick<MeetingSiteRecord, 'connectedAt' | 'lastSeenAt' | 'disconnectedAt' | 'report'>
>;

/**
 * Sites (điểm cầu) and their links to online meetings. Site codes are unique
 * (`DuplicateKeyError('code')`); a link is unique per meeting and site.
 */
export interface SitesRepo {
  /** Inserts all or none: on any failure nothing is stored. */
  createMany(sites: Site[]): Promise<void>;
  getById(id: string): Promise<Site | null>;
  /** Every site, in no particular order. */
  list(): Promise<Site[]>;
  /** Which of these codes already exist. */
  existingCodes(codes: string[]): Promise<string[]>;
  listByOperator(userId: string): Promise<Site[]>;
  update(id: string, patch: SitePatch, expectedVersion: number, now: string): Promise<Site>;

  /** The meeting's links, in no particular order. */
  listLinks(meetingId: string): Promise<MeetingSiteRecord[]>;
  getLink(meetingId: string, siteId: string): Promise<MeetingSiteRecord | null>;
  /** The links of these sites to any meeting. */
  listLinksOfSites(siteIds: string[]): Promise<MeetingSiteRecord[]>;
  /** Adds links (existing ones are kept as they are) and removes those of `removeSiteIds`. */
  setLinks(meetingId: string, add: MeetingSiteRecord[], removeSiteIds: string[]): Promise<void>;
  /** Changes a link's standing or report; `RecordNotFoundError` when the link is gone. */
  updateLink(meetingId: string, siteId: string, state: MeetingSiteState): Promise<MeetingSiteRecord>;
}
