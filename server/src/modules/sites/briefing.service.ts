import {
  briefingSiteRoom,
  briefingSitesRoom,
  briefingWatchRoom,
  type BriefingRollup,
  type BriefingSite,
  type Meeting,
  type MeetingSitesInput,
  type Participant,
  type SiteReport,
  type SiteReportInput,
} from '@icabinet/shared';
import { callerOfActor, type Caller } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { IoSocket } from '../../realtime/types.js';
import type { MeetingSiteRecord } from '../../store/port.js';
import type { Core } from '../module.js';
import { BriefingPresence } from './briefing.presence.js';
import { rollUp } from './briefing.rollup.js';
import { presentSites } from './sites.present.js';
import { currentFloor } from '../questions/questions.present.js';

/** Statuses in which the roll-call may still be reported and sites kept connected. */
const OPEN = new Set(['draft', 'published', 'in_progress', 'postponed']);
const LIVE = new Set(['published', 'in_progress', 'postponed']);

/** How long after a viewer screen comes or goes the roll-up is sent again (one for many). */
const VIEWER_COUNT_DELAY_MS = 1000;

/** A reported count this far above what the site expects is a typing mistake, not a crowd. */
const absurd = (present: number, expected: number) => present > Math.max(expected * 2, expected + 20);

export type BriefingDeps = Pick<
  Core,
  'store' | 'clock' | 'io' | 'access' | 'audit' | 'bus' | 'logger' | 'config'
> & {
  /** Invites participants not yet invited (the invitations module's publication path). */
  inviteNew: (meeting: Meeting) => Promise<unknown>;
};

/**
 * Online briefings: the sites linked to a meeting, each site's roll-call, and the live roll-up.
 * A site is connected while one of its operator's screens holds a socket in the site's room on
 * any process (each process tells its part, through the Redis adapter when there are several:
 * `BriefingPresence`); the moment its last socket leaves is stored, so every process tells the
 * same "dropped 2 minutes ago". A process that is killed tells nothing: the others notice it gone
 * and store the moment for its sites.
 */
export class BriefingService {
  private readonly recheck = new Map<string, NodeJS.Timeout>();
  private readonly viewerCount = new Map<string, NodeJS.Timeout>();
  /** The roll-up being made and sent, and the one queued after it, per meeting (and scope). */
  private readonly running = new Map<string, Promise<BriefingRollup>>();
  private readonly queued = new Map<string, Promise<BriefingRollup>>();
  /** Briefings whose roll-up this process has made (those a stopped process may have been part of). */
  private readonly known = new Set<string>();
  /** Who is connected where (operators' screens, viewer counters), all processes together. */
  readonly presence: BriefingPresence;

  constructor(private readonly deps: BriefingDeps) {
    this.presence = new BriefingPresence({
      io: deps.io,
      clustered: !!deps.config.redisUrl,
      logger: deps.logger,
    });
  }

  private get dropAfterMs(): number {
    return this.deps.config.briefings.dropAfterMs;
  }

  /** The roll-up of a meeting's sites (any process's sockets count). */
  async rollup(meetingId: string): Promise<BriefingRollup> {
    const { store } = this.deps;
    const links = await store.sites.listLinks(meetingId);
    if (links.length) this.known.add(meetingId);
    else this.known.delete(meetingId);
    const all = await store.sites.list();
    const wanted = new Set(links.flatMap((l) => [l.siteId]));
    const byId = new Map(all.map((s) => [s.id, s]));
    for (const l of links) {
      const parent = byId.get(l.siteId)?.parentId;
      if (parent) wanted.add(parent);
    }
    const views = await presentSites(
      store,
      all.filter((s) => wanted.has(s.id)),
    );
    // Each process's part (site ids and viewer counts per site, never one entry per screen).
    const { sites: live, viewers } = await this.presence.all(meetingId);
    return rollUp({
      meetingId,
      links,
      sites: new Map(views.map((v) => [v.id, v])),
      liveSiteIds: live,
      viewers,
      now: this.deps.clock.now(),
      dropAfterMs: this.dropAfterMs,
      cityName: all.find((s) => s.level === 'city')?.name ?? '',
      floor: await currentFloor(store, meetingId),
    });
  }

  async view(actor: Actor, meetingId: string): Promise<BriefingRollup> {
    await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    return this.rollup(meetingId);
  }

  /** Sets the linked sites; operators of new sites become observers and get the invitation. */
  async link(actor: Actor, meetingId: string, input: MeetingSitesInput, ip: string): Promise<BriefingRollup> {
    const { store, clock } = this.deps;
    const { meeting } = await this.deps.access.require(callerOfActor(actor), meetingId, 'edit');
    if (meeting.kind !== 'online') throw errors.invalidState('briefing_not_online');
    if (!OPEN.has(meeting.status)) throw errors.invalidState('briefing_closed');
    const all = await store.sites.list();
    const byId = new Map(all.map((s) => [s.id, s]));
    const wanted = new Set<string>();
    for (const [i, id] of input.siteIds.entries()) {
      const site = byId.get(id);
      if (!site) throw errors.invalid([{ path: `siteIds.${i}`, key: 'site_not_found' }], 'site_not_found');
      if (!site.active)
        throw errors.invalid([{ path: `siteIds.${i}`, key: 'site_inactive' }], 'site_inactive');
      wanted.add(id);
    }
    if (input.includeDescendants) {
      for (let grew = true; grew;) {
        grew = false;
        for (const s of all) {
          if (s.active && s.parentId && wanted.has(s.parentId) && !wanted.has(s.id)) {
            wanted.add(s.id);
            grew = true;
          }
        }
      }
    }
    const now = clock.now().toISOString();
    const current = await store.sites.listLinks(meetingId);
    const linked = new Set(current.map((l) => l.siteId));
    const removed = current.filter((l) => !wanted.has(l.siteId));
    const added: MeetingSiteRecord[] = [];
    const newParticipants: Participant[] = [];
    const seats = new Map<string, string>();
    for (const siteId of wanted) {
      if (linked.has(siteId)) continue;
      const operatorId = byId.get(siteId)?.operatorId ?? null;
      let participantId: string | null = null;
      if (operatorId && !seats.has(operatorId)) {
        const existing = await store.participants.getByMeetingAndUser(meetingId, operatorId);
        if (!existing) {
          participantId = newId();
          newParticipants.push({
            id: participantId,
            meetingId,
            userId: operatorId,
            guest: null,
            role: 'observer',
            votingRight: false,
            seat: null,
            deputyForId: null,
            createdAt: now,
          });
        }
        seats.set(operatorId, participantId ?? '');
      }
      added.push({
        meetingId,
        siteId,
        participantId,
        linkedAt: now,
        connectedAt: null,
        lastSeenAt: null,
        disconnectedAt: null,
        report: null,
      });
    }
    // A participant this link created leaves with the last link that needs it.
    const keep = new Set(current.filter((l) => wanted.has(l.siteId)).map((l) => l.participantId));
    const dropParticipants = [
      ...new Set(
        removed.flatMap((l) => (l.participantId && !keep.has(l.participantId) ? [l.participantId] : [])),
      ),
    ];

    await store.transaction(async () => {
      if (newParticipants.length) await store.participants.addMany(newParticipants);
      await store.sites.setLinks(
        meetingId,
        added,
        removed.map((l) => l.siteId),
      );
      for (const pid of dropParticipants)
        if (await store.participants.getById(pid)) await store.participants.remove(pid);
      await this.deps.audit.record({
        actorId: actor.user.id,
        action: 'briefing.sites_linked',
        targetType: 'meeting',
        targetId: meetingId,
        data: {
          added: added.map((l) => byId.get(l.siteId)?.code),
          removed: removed.map((l) => byId.get(l.siteId)?.code),
          operatorsAdded: newParticipants.length,
        },
        ip,
      });
    });
    if (newParticipants.length || dropParticipants.length) {
      await this.deps.bus.emit('meeting.participantsChanged', { meetingId });
      // Operators added after publication get their invitation the way every participant does.
      if (LIVE.has(meeting.status)) await this.deps.inviteNew(meeting);
    }
    return this.broadcast(meetingId);
  }

  /** The operator's roll-call of a site: delegates present and who is absent (durable). */
  async report(
    actor: Actor,
    meetingId: string,
    siteId: string,
    input: SiteReportInput,
    ip: string,
  ): Promise<SiteReport> {
    const { site, meeting } = await this.operatorOf(callerOfActor(actor), meetingId, siteId);
    if (!OPEN.has(meeting.status)) throw errors.invalidState('briefing_report_closed');
    if (absurd(input.present, site.expectedDelegates)) {
      const params = { present: String(input.present), expected: String(site.expectedDelegates) };
      throw errors.invalid(
        [{ path: 'present', key: 'briefing_report_absurd', params }],
        'briefing_report_absurd',
        params,
      );
    }
    const report: SiteReport = {
      present: input.present,
      absences: input.absences,
      reportedAt: this.deps.clock.now().toISOString(),
      reportedBy: actor.user.id,
    };
    await this.deps.store.sites.updateLink(meetingId, siteId, { report });
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'briefing.site_reported',
      targetType: 'meeting',
      targetId: meetingId,
      data: { site: site.code, present: input.present, absent: input.absences.length },
      ip,
    });
    await this.broadcast(meetingId);
    return report;
  }

  /** An operator's screen keeps its site connected (the socket joins the site's rooms). */
  async connect(socket: IoSocket, meetingId: string, siteId: string): Promise<BriefingSite> {
    const { meeting } = await this.operatorOf(socket.data, meetingId, siteId);
    if (!OPEN.has(meeting.status)) throw errors.invalidState('briefing_report_closed');
    const key = `${meetingId}:${siteId}`;
    socket.data.sites = [...new Set([...(socket.data.sites ?? []), key])];
    await socket.join([briefingSitesRoom(meetingId), briefingSiteRoom(meetingId, siteId)]);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.sites.updateLink(meetingId, siteId, {
      connectedAt: now,
      lastSeenAt: now,
      disconnectedAt: null,
    });
    const rollup = await this.broadcast(meetingId);
    const mine = rollup.sites.find((s) => s.siteId === siteId);
    if (!mine) throw errors.notFound('site_not_linked');
    return mine;
  }

  /** A socket is gone: a site none of whose screens remains (on any process) starts counting as gone. */
  async disconnected(keys: string[]): Promise<void> {
    for (const key of keys) {
      const [meetingId, siteId] = key.split(':');
      if (!meetingId || !siteId) continue;
      try {
        if ((await this.presence.all(meetingId)).sites.has(siteId)) continue;
        const now = this.deps.clock.now().toISOString();
        await this.deps.store.sites.updateLink(meetingId, siteId, { lastSeenAt: now, disconnectedAt: now });
        await this.broadcast(meetingId);
        this.scheduleRecheck(meetingId);
      } catch (err) {
        this.deps.logger.warn({ err, meetingId, siteId }, 'site disconnect not recorded');
      }
    }
  }

  /**
   * Sends the roll-up to everyone following it: computed once, then one broadcast (every
   * process's sockets, through the adapter; `local`: this process's followers only). Callers
   * that come while one is being made share the next one, which starts after it (so it sees
   * their change): a burst of operators reconnecting costs two roll-ups, not one each.
   */
  broadcast(meetingId: string, local = false): Promise<BriefingRollup> {
    const key = `${local ? 'local' : 'all'}:${meetingId}`;
    const queued = this.queued.get(key);
    if (queued) return queued;
    const start = async (): Promise<BriefingRollup> => {
      this.queued.delete(key);
      const rollup = await this.rollup(meetingId);
      (local ? this.deps.io.local : this.deps.io)
        .to(briefingWatchRoom(meetingId))
        .emit('briefing:rollup', rollup);
      return rollup;
    };
    const running = this.running.get(key);
    const next = running ? running.catch(() => undefined).then(start) : start();
    if (running) this.queued.set(key, next);
    this.running.set(key, next);
    void next
      .catch(() => undefined)
      .then(() => {
        if (this.running.get(key) === next) this.running.delete(key);
      });
    return next;
  }

  /**
   * Another server process has gone (killed: its sockets never said goodbye). For each briefing
   * this process knows, a site that was connected and has no screen left on any process is stored
   * as gone from now, and this process's followers hear the roll-up (every surviving process does
   * the same for its own followers, so each follower hears it once).
   */
  async processGone(): Promise<void> {
    for (const meetingId of [...this.known]) {
      try {
        const live = (await this.presence.all(meetingId)).sites;
        const now = this.deps.clock.now().toISOString();
        let gone = false;
        for (const link of await this.deps.store.sites.listLinks(meetingId)) {
          if (!link.connectedAt || link.disconnectedAt || live.has(link.siteId)) continue;
          await this.deps.store.sites.updateLink(meetingId, link.siteId, {
            lastSeenAt: now,
            disconnectedAt: now,
          });
          gone = true;
        }
        await this.broadcast(meetingId, true);
        if (gone) this.scheduleRecheck(meetingId, true);
      } catch (err) {
        this.deps.logger.warn({ err, meetingId }, 'roll-up after a server process stopped failed');
      }
    }
  }

  /** Once the grace period has passed, the followers hear that the site has dropped. */
  private scheduleRecheck(meetingId: string, local = false): void {
    clearTimeout(this.recheck.get(meetingId));
    const timer = setTimeout(() => {
      this.recheck.delete(meetingId);
      void this.broadcast(meetingId, local).catch((err: unknown) =>
        this.deps.logger.warn({ err, meetingId }, 'roll-up broadcast failed'),
      );
    }, this.dropAfterMs + 500);
    timer.unref();
    this.recheck.set(meetingId, timer);
  }

  /**
   * A viewer screen came or went: its followers hear the new count once, a moment later (many
   * screens opening together cost one roll-up, not one each).
   */
  viewersChanged(meetingId: string): void {
    if (this.viewerCount.has(meetingId)) return;
    const timer = setTimeout(() => {
      this.viewerCount.delete(meetingId);
      void this.broadcast(meetingId).catch((err: unknown) =>
        this.deps.logger.warn({ err, meetingId }, 'roll-up broadcast failed'),
      );
    }, VIEWER_COUNT_DELAY_MS);
    timer.unref();
    this.viewerCount.set(meetingId, timer);
  }

  close(): void {
    this.presence.close();
    for (const t of this.recheck.values()) clearTimeout(t);
    this.recheck.clear();
    for (const t of this.viewerCount.values()) clearTimeout(t);
    this.viewerCount.clear();
  }

  /** The site, if linked to the meeting and the caller operates it; 404 / 403 otherwise. */
  private async operatorOf(caller: Caller, meetingId: string, siteId: string) {
    const site = await this.deps.store.sites.getById(siteId);
    if (!site) throw errors.notFound('site_not_found');
    if (site.operatorId !== caller.userId) throw errors.forbidden('site_not_operator');
    const meeting = await this.deps.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    if (!(await this.deps.store.sites.getLink(meetingId, siteId))) throw errors.notFound('site_not_linked');
    return { site, meeting };
  }
}
