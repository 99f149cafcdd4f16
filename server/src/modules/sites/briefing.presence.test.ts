import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../logger.js';
import type { IoServer } from '../../realtime/types.js';
import { BriefingPresence } from './briefing.presence.js';

/** A real Socket.IO server, not attached to any HTTP server (nothing to listen or close). */
const presence = () => {
  const io: IoServer = new Server();
  return new BriefingPresence({ io, clustered: false, logger: createLogger('silent') });
};

describe('BriefingPresence counters', () => {
  it('counts viewer screens per site as they come and go, per meeting, never below zero', async () => {
    const p = presence();
    p.viewerCame('m1', 'px');
    p.viewerCame('m1', 'px');
    p.viewerCame('m1', 'tb');
    p.viewerCame('m2', 'px');
    p.viewerLeft('m1', 'tb');
    // A screen that never counted (its meeting unknown here) changes nothing.
    p.viewerLeft('m3', 'px');
    expect(p.local('m1').viewers).toEqual([['px', 2]]);
    const all = await p.all('m1');
    expect([...all.viewers]).toEqual([['px', 2]]);
    expect(all.sites.size).toBe(0);
    p.viewerLeft('m2', 'px');
    p.viewerLeft('m2', 'px');
    expect(p.local('m2').viewers).toEqual([]);
    p.viewerCame('m2', 'px');
    expect(p.local('m2').viewers).toEqual([['px', 1]]);
  });
});
