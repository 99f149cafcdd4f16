import { useEffect, useState } from 'react';
import type { BriefingRollup } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { emitCommand } from '../../lib/socket';

export interface BriefingRollupState {
  rollup: BriefingRollup | null;
  offsetMs: number;
}

/**
 * The live roll-up of an online briefing's sites: asked with `briefing:watch` on every
 * (re)connection, then kept current by `briefing:rollup`. `offsetMs` is server time minus ours.
 */
export function useBriefingRollup(
  meetingId: string,
  /** False: the caller already follows the roll-up (its state is passed down). */
  enabled = true,
): BriefingRollupState {
  const { socket } = useConnection();
  const [state, setState] = useState<BriefingRollupState>({
    rollup: null,
    offsetMs: 0,
  });
  useEffect(() => {
    if (!socket || !enabled) return undefined;
    const take = (r: BriefingRollup) => {
      if (r.meetingId === meetingId) setState({ rollup: r, offsetMs: Date.parse(r.serverTime) - Date.now() });
    };
    const watch = () => {
      void emitCommand(socket, 10_000, 'briefing:watch', { meetingId }).then(
        (res) => {
          if (res.ok) take(res.data);
        },
        () => undefined,
      );
    };
    socket.on('briefing:rollup', take);
    socket.on('connect', watch);
    if (socket.connected) watch();
    return () => {
      socket.off('briefing:rollup', take);
      socket.off('connect', watch);
    };
  }, [socket, meetingId, enabled]);
  return state;
}

/** "2 phút trước" from an ISO time and the server's clock. */
export function agoParts(
  sinceIso: string,
  nowMs: number,
): { unit: 'seconds' | 'minutes' | 'hours'; n: number } {
  const s = Math.max(0, Math.round((nowMs - Date.parse(sinceIso)) / 1000));
  if (s < 60) return { unit: 'seconds', n: s };
  if (s < 3600) return { unit: 'minutes', n: Math.floor(s / 60) };
  return { unit: 'hours', n: Math.floor(s / 3600) };
}
