import { briefingWatchRoom } from '@icabinet/shared';
import type { SocketModule } from '../../realtime/gateway.js';
import type { IoSocket } from '../../realtime/types.js';
import { watchAccess } from '../../realtime/live-access.js';
import { withAck } from '../../realtime/with-ack.js';
import type { MeetingAccess } from '../../access/meeting-access.js';
import type { BriefingService } from './briefing.service.js';

/**
 * `briefing:watch` (chair console, display: the roll-up, then `briefing:rollup`) and
 * `site:connect` (an operator's screen keeps its site connected while its socket lives).
 */
export function sitesSocket(deps: { access: MeetingAccess; briefing: BriefingService }): SocketModule {
  /** A site's viewer screen goes: one listener for every screen (the socket is `this`). */
  function viewerLeft(this: IoSocket) {
    const viewer = this.data.viewer;
    if (!viewer?.siteId) return;
    deps.briefing.presence.viewerLeft(viewer.meetingId, viewer.siteId);
    deps.briefing.viewersChanged(viewer.meetingId);
  }
  return {
    onViewer(socket) {
      // A site's viewer screen: counted at once on this process; the roll-up follows a moment
      // later (one roll-up and one broadcast for many screens, not one each).
      const viewer = socket.data.viewer;
      if (!viewer?.siteId) return;
      deps.briefing.presence.viewerCame(viewer.meetingId, viewer.siteId);
      deps.briefing.viewersChanged(viewer.meetingId);
      socket.on('disconnect', viewerLeft);
    },
    onServer(io) {
      // Other processes ask for this one's part of a roll-up; a process that goes is noticed.
      deps.briefing.presence.listen(io, () => void deps.briefing.processGone());
    },
    onConnection(socket, ackDeps) {
      const watching = new Set<string>();

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
        const sites = socket.data.sites ?? [];
        if (sites.length > 0) void deps.briefing.disconnected(sites);
      });
    },
  };
}
