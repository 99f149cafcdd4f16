import { z } from 'zod';
import { Id, IsoDateTime, OptionalText, Text, Version } from './common.js';
import type { BriefingFloor } from './site-question.js';

/**
 * Điểm cầu: a place linked live to an online briefing. Sites form a three-level tree — the city's
 * own hall, each district (quận, huyện, thị xã) under it, each commune (xã, phường, thị trấn) under
 * its district. Audio and video stay with the city's video-conference system: a site only carries
 * its conference link; I-Cabinet is the agenda, document and roll-call layer.
 */
export const SiteLevel = z.enum(['city', 'district', 'commune']);
export type SiteLevel = z.infer<typeof SiteLevel>;

/** The level a site's parent must have (null: no parent). */
export const PARENT_LEVEL: Record<SiteLevel, SiteLevel | null> = {
  city: null,
  district: 'city',
  commune: 'district',
};

/** A site code: letters, digits, dot, dash, underscore; stored upper-case. */
export const SiteCode = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9._-]+$/, 'site_code')
  .transform((v) => v.toUpperCase());

/** The most delegates one site may expect (the whole city is about 33,000 across 610 sites). */
export const MAX_SITE_DELEGATES = 5000;

/** The video-conference room of a site: an http(s) address without credentials (custom message `conference_url`). */
export const ConferenceUrl = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, error: 'conference_url' }))
  .refine((href) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(href), 'conference_url');

export const Site = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  level: SiteLevel,
  parentId: Id.nullable(),
  /** The account that signs in at the site and reports its roll-call. */
  operatorId: Id.nullable(),
  expectedDelegates: z.number().int().min(0),
  conferenceUrl: z.string().nullable(),
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  version: Version,
});
export type Site = z.infer<typeof Site>;

/** A site as lists show it: with its operator's name and username. */
export const SiteView = Site.extend({
  operatorName: z.string().nullable(),
  operatorUsername: z.string().nullable(),
});
export type SiteView = z.infer<typeof SiteView>;

/** Edits of one site by an administrator (optimistic: `version` must match). */
export const SiteUpdateInput = z.strictObject({
  name: Text(200).optional(),
  /** The operator's username; null takes the operator away. */
  operatorUsername: z.string().trim().min(1).max(64).nullable().optional(),
  expectedDelegates: z.number().int().min(0).max(MAX_SITE_DELEGATES).optional(),
  conferenceUrl: ConferenceUrl.nullable().optional(),
  active: z.boolean().optional(),
  version: Version,
});
export type SiteUpdateInput = z.infer<typeof SiteUpdateInput>;

export interface SiteImportResult {
  imported: number;
  byLevel: Record<SiteLevel, number>;
}

/** The whole set of sites linked to an online meeting (replaces the previous set). */
export const MeetingSitesInput = z.strictObject({
  siteIds: z.array(Id).max(2000),
  /** Also link every site under each given one (a district with its communes). */
  includeDescendants: z.boolean().default(false),
});
export type MeetingSitesInput = z.infer<typeof MeetingSitesInput>;

/** One person absent at a site, with the reason given. */
export const SiteAbsence = z.strictObject({
  name: Text(120),
  reason: OptionalText(300),
});
export type SiteAbsence = z.infer<typeof SiteAbsence>;

/** A site's roll-call: số đại biểu có mặt, and who is absent. */
export const SiteReportInput = z.strictObject({
  present: z.number().int().min(0).max(MAX_SITE_DELEGATES),
  absences: z.array(SiteAbsence).max(500).default([]),
});
export type SiteReportInput = z.infer<typeof SiteReportInput>;

export interface SiteReport {
  present: number;
  absences: SiteAbsence[];
  reportedAt: string;
  reportedBy: string;
}

/**
 * A linked site's live standing: `waiting` (never connected), `connected` (an operator socket is
 * there), `reconnecting` (gone for less than the grace period), `dropped` (gone longer).
 */
export const SiteLinkStatus = z.enum(['waiting', 'connected', 'reconnecting', 'dropped']);
export type SiteLinkStatus = z.infer<typeof SiteLinkStatus>;

/** One linked site in the roll-up. */
export interface BriefingSite {
  siteId: string;
  code: string;
  name: string;
  level: SiteLevel;
  parentId: string | null;
  /** The district this site belongs to (itself for a district; null for the city). */
  districtId: string | null;
  conferenceUrl: string | null;
  operatorName: string | null;
  expectedDelegates: number;
  status: SiteLinkStatus;
  /** When the site connected (status connected) or was last seen (the other statuses); null if never. */
  since: string | null;
  report: SiteReport | null;
  /** Viewer screens (viewer links, no account) following the meeting for this site now; never delegates. */
  viewers: number;
}

/** Counts for one district (its own site and its communes), or for the city's own site. */
export interface BriefingDistrictTotals {
  /** The district site's id (null: the city's own site and anything outside a district). */
  districtId: string | null;
  name: string;
  sites: number;
  connected: number;
  dropped: number;
  expectedDelegates: number;
  presentDelegates: number;
  reported: number;
}

/** The roll-up the chair's console and the display show, live. */
export interface BriefingRollup {
  meetingId: string;
  serverTime: string;
  /** A site whose operator is gone longer than this is `dropped`. */
  dropAfterSeconds: number;
  totals: Omit<BriefingDistrictTotals, 'districtId' | 'name'>;
  districts: BriefingDistrictTotals[];
  sites: BriefingSite[];
  /** The site that has the floor now (a question from sites), or null. */
  floor: BriefingFloor | null;
}

/** A site its operator runs, and the briefings it is linked to. */
export interface MySite {
  site: SiteView;
  meetings: { id: string; title: string; startsAt: string; status: string }[];
}

/** `site:connect`: an operator's screen keeps the site connected to a briefing. */
export const SiteConnectInput = z.strictObject({ meetingId: Id, siteId: Id });
export type SiteConnectInput = z.infer<typeof SiteConnectInput>;
