import type { AppSocket } from './socket';

/** How many mounted views of this tab follow each meeting, per socket. */
const holders = new WeakMap<AppSocket, Map<string, number>>();

/**
 * Follows a meeting's room for one view and returns the release function. Several views of one
 * tab may follow the same meeting at once (the meeting editor and its tabs): the socket joins once,
 * when the first view arrives, and leaves only when the last one goes, so a tab closing does not
 * take the editor out of the room (it would stop hearing `meeting:changed` and show as offline).
 * Call it while connected; after a reconnect every view follows again.
 */
export function followMeeting(socket: AppSocket, meetingId: string): () => void {
  let counts = holders.get(socket);
  if (!counts) {
    counts = new Map();
    holders.set(socket, counts);
  }
  const n = counts.get(meetingId) ?? 0;
  counts.set(meetingId, n + 1);
  if (n === 0) socket.emit('meeting:join', { meetingId }, () => undefined);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (counts.get(meetingId) ?? 1) - 1;
    if (left > 0) {
      counts.set(meetingId, left);
      return;
    }
    counts.delete(meetingId);
    if (socket.connected) socket.emit('meeting:leave', { meetingId }, () => undefined);
  };
}
