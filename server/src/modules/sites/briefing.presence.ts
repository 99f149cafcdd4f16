import { briefingSitesRoom, type BriefingPresencePart } from '@icabinet/shared';
import type { Logger } from '../../logger.js';
import type { IoServer } from '../../realtime/types.js';

/** Who is connected to a briefing, all processes together. */
export interface BriefingPresenceTotals {
  /** Linked sites with at least one operator's screen connected (each site once). */
  sites: Set<string>;
  /** Viewer screens per site. */
  viewers: Map<string, number>;
}

/** How often a clustered process checks whether another process has gone (stopped or killed). */
const PROCESS_WATCH_MS = 1000;

/**
 * The live part of the roll-up, kept so that its cost does not grow with the number of screens:
 * each process counts its own viewer screens per site as they come and go (O(1) each), and a
 * roll-up asks every process once for its part — site ids and counts, never the sockets
 * themselves. A process that does not answer (killed: the Redis adapter drops it after its
 * heartbeat timeout) counts for nothing, so its screens stop counting and nothing counts twice.
 */
export class BriefingPresence {
  /** This process's viewer screens: meeting → site → count. */
  private readonly viewers = new Map<string, Map<string, number>>();
  private watcher: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      io: IoServer;
      /** Several processes share rooms (REDIS_URL): the others are asked too. */
      clustered: boolean;
      logger: Logger;
    },
  ) {}

  viewerCame(meetingId: string, siteId: string): void {
    const perSite = this.viewers.get(meetingId) ?? new Map<string, number>();
    perSite.set(siteId, (perSite.get(siteId) ?? 0) + 1);
    this.viewers.set(meetingId, perSite);
  }

  viewerLeft(meetingId: string, siteId: string): void {
    const perSite = this.viewers.get(meetingId);
    const n = (perSite?.get(siteId) ?? 0) - 1;
    if (!perSite) return;
    if (n > 0) perSite.set(siteId, n);
    else perSite.delete(siteId);
    if (perSite.size === 0) this.viewers.delete(meetingId);
  }

  /** This process's part: its operators' sockets (few) and its viewer counters. */
  local(meetingId: string): BriefingPresencePart {
    const nsp = this.deps.io.of('/');
    const sites = new Set<string>();
    for (const id of nsp.adapter.rooms.get(briefingSitesRoom(meetingId)) ?? []) {
      for (const key of nsp.sockets.get(id)?.data.sites ?? []) {
        const [m, siteId] = key.split(':');
        if (m === meetingId && siteId) sites.add(siteId);
      }
    }
    return { sites: [...sites], viewers: [...(this.viewers.get(meetingId) ?? [])] };
  }

  /** Every process's part, merged (a site connected on two processes is one site). */
  async all(meetingId: string): Promise<BriefingPresenceTotals> {
    const parts = [this.local(meetingId), ...(this.deps.clustered ? await this.others(meetingId) : [])];
    const totals: BriefingPresenceTotals = { sites: new Set(), viewers: new Map() };
    for (const part of parts) {
      for (const s of part.sites) totals.sites.add(s);
      for (const [siteId, n] of part.viewers)
        totals.viewers.set(siteId, (totals.viewers.get(siteId) ?? 0) + n);
    }
    return totals;
  }

  private others(meetingId: string): Promise<BriefingPresencePart[]> {
    return new Promise((resolve) => {
      this.deps.io.serverSideEmit('briefing:presence', meetingId, (err: Error | null, parts: unknown[]) => {
        // A process that did not answer in time (stopping, or stalled) is left out of this roll-up.
        if (err) this.deps.logger.warn({ err, meetingId }, 'a server process did not tell its briefing part');
        resolve((parts ?? []).filter(isPart));
      });
    });
  }

  /** Answers the other processes, and (clustered) calls `onGone` when one of them has gone. */
  listen(io: IoServer, onGone: () => void): void {
    io.on('briefing:presence', (meetingId, ack) => {
      if (typeof meetingId === 'string' && typeof ack === 'function') ack(this.local(meetingId));
    });
    if (!this.deps.clustered) return;
    let known = 1;
    this.watcher = setInterval(() => {
      void io
        .of('/')
        .adapter.serverCount()
        .then((count) => {
          const fewer = count < known;
          known = count;
          if (fewer) onGone();
        });
    }, PROCESS_WATCH_MS);
    this.watcher.unref();
  }

  close(): void {
    if (this.watcher) clearInterval(this.watcher);
    this.watcher = null;
  }
}

function isPart(x: unknown): x is BriefingPresencePart {
  if (typeof x !== 'object' || x === null) return false;
  const p = x as Partial<BriefingPresencePart>;
  return (
    Array.isArray(p.sites) &&
    p.sites.every((s) => typeof s === 'string') &&
    Array.isArray(p.viewers) &&
    p.viewers.every((v) => Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'number')
  );
}
