import { briefingWatchRoom } from '@icabinet/shared';
import type { SocketModule } from '../../realtime/gateway.js';
import { watchAccess } from '../../realtime/live-access.js';
import { withAck } from '../../realtime/with-ack.js';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { BriefingService } from './briefing.service.js';

/**
 * `briefing:watch` (chair console, display: the roll-up, then `briefing:rollup`) and
 * `site:connect` (an operator's screen keeps its site connected while its socket lives).
 */
export function sitesSocket(deps: { access: MeetingAccess; briefing: BriefingService }): SocketModule {
  return {
    onConnection(socket, ackDeps) {
      const watching = new Set<string>();
      // A site's viewer screen: the roll-up counts it (a moment later, one broadcast for many).
      const viewer = socket.data.viewer;
      if (viewer?.siteId) deps.briefing.viewersChanged(viewer.meetingId);

      socket.on(
        'briefing:watch',
        withAck(ackDeps, socket, 'briefing:watch', async (_ctx, { meetingId }) => {
          await deps.access.require(socket.data, meetingId, 'view');
          await socket.join(briefingWatchRoom(meetingId));
          watching.add(meetingId);
          return deps.briefing.rollup(meetingId);
        }),
      );

      socket.on(
        'site:connect',
        withAck(ackDeps, socket, 'site:connect', (_ctx, { meetingId, siteId }) =>
          deps.briefing.connect(socket, meetingId, siteId),
        ),
      );

      // Rights changed: a roll-up the user may no longer see is left at once.
      watchAccess(socket, async ({ meetingId }) => {
        for (const m of [...watching]) {
          if (meetingId && m !== meetingId) continue;
          const standing = await deps.access.standing(socket.data, m).catch(() => null);
          if (standing?.decide('view').allow) continue;
          watching.delete(m);
          await socket.leave(briefingWatchRoom(m));
        }
      });

      socket.on('disconnect', () => {
        if (viewer?.siteId) deps.briefing.viewersChanged(viewer.meetingId);
        const sites = socket.data.sites ?? [];
        if (sites.length > 0) void deps.briefing.disconnected(sites);
      });
    },
  };
}
