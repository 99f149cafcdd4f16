import { createHash, randomBytes } from 'node:crypto';
import {
  ViewerToken,
  type ViewerInfo,
  type ViewerLink,
  type ViewerLinkCreateInput,
  type ViewerLinkCreated,
} from '@icabinet/shared';
import { callerOfActor, refusal, type MeetingStanding } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import { t } from '../../i18n/messages.js';
import { newId } from '../../lib/ids.js';
import type { MeetingRecord } from '../../store/port.js';
import type { ViewerLinkRecord } from '../../store/viewers.port.js';
import { viewerRestricted } from '../annotations/annotations.service.js';
import type { DocumentDelivery } from '../documents/documents.library.js';
import type { Core } from '../module.js';
import { currentFloor, forViewers } from '../questions/questions.present.js';

/** Statuses in which a viewer link opens its meeting: until it ends (or is cancelled). */
const OPEN = new Set(['draft', 'published', 'in_progress', 'postponed']);

/** Why a caller who is neither an organiser nor the site's operator is refused. */
function notOrganiser(standing: MeetingStanding) {
  const d = standing.decide('organise');
  return d.allow ? errors.forbidden() : refusal(d);
}

/** SHA-256 of a token, hex: what is stored and looked up. */
export const hashViewerToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A link that opens its meeting, as a viewer screen's socket is bound to it. */
export interface ViewerBinding {
  linkId: string;
  meetingId: string;
  siteId: string | null;
  label: string;
}

export type ViewersDeps = Pick<
  Core,
  'store' | 'clock' | 'access' | 'audit' | 'endUserSessions' | 'logger'
> & {
  blobs: Pick<DiskBlobStore, 'pathOf' | 'sizeOf'>;
  /** The document the meeting's room shows now (from the room's memory). */
  shownDocument: (meetingId: string) => Promise<string | null>;
  /** The socket identity of a link's screens (to disconnect them when it is revoked). */
  identity: (linkId: string) => string;
};

/**
 * Viewer links: read-only screens of a meeting without an account — a site's hall screen, a
 * delegate's own phone. The secretariat makes links for the meeting or any of its sites, a site's
 * operator for their own site. The random token is told once; only its hash is stored. A link
 * opens its meeting until it is revoked or the meeting ends.
 */
export class ViewersService {
  constructor(private readonly deps: ViewersDeps) {}

  private async meetingOrThrow(meetingId: string): Promise<MeetingRecord> {
    const meeting = await this.deps.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    return meeting;
  }

  /**
   * May the caller manage this meeting's links for `siteId` (null: the whole meeting)? Organisers
   * may manage every link; a site's operator only those of their site, while it is linked.
   */
  private async mayManage(actor: Actor, meetingId: string, siteId: string | null): Promise<void> {
    const standing = await this.deps.access.standing(callerOfActor(actor), meetingId);
    if (standing.may('organise')) return;
    const site = siteId ? await this.deps.store.sites.getById(siteId) : null;
    if (site?.operatorId === actor.user.id && (await this.deps.store.sites.getLink(meetingId, site.id)))
      return;
    throw notOrganiser(standing);
  }

  private async view(link: ViewerLinkRecord): Promise<ViewerLink> {
    const site = link.siteId ? await this.deps.store.sites.getById(link.siteId) : null;
    return {
      id: link.id,
      meetingId: link.meetingId,
      siteId: link.siteId,
      siteName: site?.name ?? null,
      label: link.label,
      createdAt: link.createdAt,
      createdBy: link.createdBy,
      revokedAt: link.revokedAt,
    };
  }

  /** Organisers see every link; a site operator the links of their sites; others are refused. */
  async list(actor: Actor, meetingId: string): Promise<{ items: ViewerLink[] }> {
    await this.meetingOrThrow(meetingId);
    const standing = await this.deps.access.standing(callerOfActor(actor), meetingId);
    const all = await this.deps.store.viewerLinks.listByMeeting(meetingId);
    if (standing.may('organise')) return { items: await Promise.all(all.map((l) => this.view(l))) };
    const mine = new Set((await this.deps.store.sites.listByOperator(actor.user.id)).map((s) => s.id));
    const links = await this.deps.store.sites.listLinks(meetingId);
    if (!links.some((l) => mine.has(l.siteId))) throw notOrganiser(standing);
    const items = all.filter((l) => l.siteId !== null && mine.has(l.siteId));
    return { items: await Promise.all(items.map((l) => this.view(l))) };
  }

  async create(
    actor: Actor,
    meetingId: string,
    input: ViewerLinkCreateInput,
    ip: string,
  ): Promise<ViewerLinkCreated> {
    const meeting = await this.meetingOrThrow(meetingId);
    await this.mayManage(actor, meetingId, input.siteId);
    if (input.siteId && !(await this.deps.store.sites.getLink(meetingId, input.siteId)))
      throw errors.notFound('site_not_linked');
    if (!OPEN.has(meeting.status)) throw errors.invalidState('viewer_link_ended');
    if (meeting.confidentiality === 'confidential') throw errors.invalidState('viewer_link_confidential');
    const site = input.siteId ? await this.deps.store.sites.getById(input.siteId) : null;
    const token = randomBytes(32).toString('base64url');
    const record: ViewerLinkRecord = {
      id: newId(),
      meetingId,
      siteId: input.siteId,
      tokenHash: hashViewerToken(token),
      label: input.label ?? site?.name ?? t('vi', 'viewer_label_meeting'),
      createdBy: actor.user.id,
      createdAt: this.deps.clock.now().toISOString(),
      revokedAt: null,
    };
    await this.deps.store.transaction(async () => {
      await this.deps.store.viewerLinks.create(record);
      await this.deps.audit.record({
        actorId: actor.user.id,
        action: 'viewer.link_created',
        targetType: 'meeting',
        targetId: meetingId,
        data: { linkId: record.id, site: site?.code ?? null, label: record.label },
        ip,
      });
    });
    return { link: await this.view(record), token };
  }

  /** Revokes a link; every screen on it is disconnected at once (on every process). */
  async revoke(actor: Actor, meetingId: string, linkId: string, ip: string): Promise<{ link: ViewerLink }> {
    await this.meetingOrThrow(meetingId);
    const found = await this.deps.store.viewerLinks.getById(linkId);
    const link = found?.meetingId === meetingId ? found : null;
    // Only someone who may manage links hears that there is no such link.
    await this.mayManage(actor, meetingId, link?.siteId ?? null);
    if (!link) throw errors.notFound('viewer_link_not_found');
    if (link.revokedAt) return { link: await this.view(link) };
    const revoked = await this.deps.store.transaction(async () => {
      const r = await this.deps.store.viewerLinks.revoke(linkId, this.deps.clock.now().toISOString());
      await this.deps.audit.record({
        actorId: actor.user.id,
        action: 'viewer.link_revoked',
        targetType: 'meeting',
        targetId: meetingId,
        data: { linkId, label: link.label },
        ip,
      });
      return r;
    });
    this.deps.endUserSessions(this.deps.identity(linkId));
    return { link: await this.view(revoked) };
  }

  /** The link behind a token, with its meeting, if it opens it now; the reason otherwise. */
  private async resolve(token: string): Promise<{ link: ViewerLinkRecord; meeting: MeetingRecord }> {
    if (!ViewerToken.safeParse(token).success) throw errors.notFound('viewer_link_not_found');
    const link = await this.deps.store.viewerLinks.getByTokenHash(hashViewerToken(token));
    if (!link) throw errors.notFound('viewer_link_not_found');
    if (link.revokedAt) throw errors.notFound('viewer_link_revoked');
    const meeting = await this.deps.store.meetings.getById(link.meetingId);
    if (!meeting) throw errors.notFound('viewer_link_not_found');
    if (!OPEN.has(meeting.status)) throw errors.invalidState('viewer_link_ended');
    if (meeting.confidentiality === 'confidential') throw errors.invalidState('viewer_link_confidential');
    return { link, meeting };
  }

  /** The socket handshake of a viewer screen. */
  async authenticate(token: string): Promise<ViewerBinding> {
    const { link } = await this.resolve(token);
    return { linkId: link.id, meetingId: link.meetingId, siteId: link.siteId, label: link.label };
  }

  /** Whether a link still opens its meeting (the gateway's periodic check of live screens). */
  async alive(linkId: string): Promise<boolean> {
    const link = await this.deps.store.viewerLinks.getById(linkId);
    if (!link || link.revokedAt) return false;
    const meeting = await this.deps.store.meetings.getById(link.meetingId);
    return !!meeting && OPEN.has(meeting.status) && meeting.confidentiality !== 'confidential';
  }

  /** `GET /api/view/:token`: the meeting, its site and agenda (items in agenda order). */
  async info(token: string): Promise<ViewerInfo> {
    const { link, meeting } = await this.resolve(token);
    const site = link.siteId ? await this.deps.store.sites.getById(link.siteId) : null;
    const items = await this.deps.store.agenda.list(meeting.id);
    const byOrder = (a: { order: number }, b: { order: number }) => a.order - b.order;
    const top = items.filter((i) => i.parentId === null).sort(byOrder);
    const agenda = top.flatMap((p) => [p, ...items.filter((i) => i.parentId === p.id).sort(byOrder)]);
    return {
      meeting: {
        id: meeting.id,
        title: meeting.title,
        startsAt: meeting.startsAt,
        location: meeting.location,
        status: meeting.status,
      },
      site: site ? { id: site.id, name: site.name } : null,
      label: link.label,
      agenda: agenda.map((i) => ({ id: i.id, title: i.title, parentId: i.parentId, order: i.order })),
      floor: forViewers(await currentFloor(this.deps.store, meeting.id)),
    };
  }

  /** `GET /api/view/:token/documents/:documentId/file`: only the document the room shows now. */
  async file(token: string, documentId: string): Promise<Extract<DocumentDelivery, { kind: 'stored' }>> {
    const { meeting } = await this.resolve(token);
    const doc = await this.deps.store.documents.getById(documentId);
    if (!doc) throw errors.notFound('document_not_found');
    if (doc.meetingId !== meeting.id) throw errors.forbidden('viewer_link_other_meeting');
    if ((await this.deps.shownDocument(meeting.id)) !== documentId)
      throw errors.forbidden('viewer_document_not_shown');
    if (viewerRestricted(doc)) throw errors.forbidden('viewer_document_restricted');
    const variant = doc.optimized ? 'optimized' : 'original';
    const size = await this.deps.blobs.sizeOf(doc.sha256, variant);
    if (size === null) {
      this.deps.logger.error({ documentId, variant }, 'stored file is missing');
      throw errors.notFound('document_not_found');
    }
    return {
      kind: 'stored',
      path: this.deps.blobs.pathOf(doc.sha256, variant),
      size,
      etag: `"${doc.sha256}${variant === 'optimized' ? '.o' : ''}"`,
      name: doc.name,
      disposition: 'inline',
    };
  }
}
