import { z } from 'zod';
import { Id, IsoDateTime, Text } from './common.js';

/**
 * Viewer links (liên kết theo dõi): a screen at a site, or a delegate's own phone, follows the
 * presenter read-only without an account. The token is random (32 bytes, base64url) and only its
 * hash is stored, so it is shown once, when the link is made.
 */
export const ViewerToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'viewer_token');

/** Make a viewer link for a meeting, for one of its sites or (siteId null) for the meeting as a whole. */
export const ViewerLinkCreateInput = z.object({
  siteId: Id.nullable().default(null),
  /** A name people recognise ("Màn hình hội trường UBND phường"); the site's name when left out. */
  label: Text(120).nullable().optional(),
});
export type ViewerLinkCreateInput = z.infer<typeof ViewerLinkCreateInput>;

/** A viewer link as the secretariat and the site operator see it (never with its token). */
export const ViewerLink = z.object({
  id: Id,
  meetingId: Id,
  siteId: Id.nullable(),
  siteName: z.string().nullable(),
  label: z.string(),
  createdAt: IsoDateTime,
  createdBy: Id,
  revokedAt: IsoDateTime.nullable(),
});
export type ViewerLink = z.infer<typeof ViewerLink>;

/** A link just made: the only time its token (and the address built from it) is told. */
export const ViewerLinkCreated = z.object({ link: ViewerLink, token: ViewerToken });
export type ViewerLinkCreated = z.infer<typeof ViewerLinkCreated>;

/** What a viewer screen needs besides the live room (which names the speaker): the meeting and its agenda. */
export const ViewerInfo = z.object({
  meeting: z.object({
    id: Id,
    title: z.string(),
    startsAt: IsoDateTime,
    location: z.string().nullable(),
    status: z.string(),
  }),
  site: z.object({ id: Id, name: z.string() }).nullable(),
  label: z.string(),
  agenda: z.array(z.object({ id: Id, title: z.string(), parentId: Id.nullable(), order: z.number() })),
  /** The site speaking now (questions from sites), without its conference link; then `briefing:floor`. */
  floor: z
    .object({
      questionId: Id,
      siteId: Id,
      siteName: z.string(),
      districtName: z.string().nullable(),
      conferenceUrl: z.null(),
      since: IsoDateTime,
    })
    .nullable(),
});
export type ViewerInfo = z.infer<typeof ViewerInfo>;
