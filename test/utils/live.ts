import type { ServerToClientEvents } from '@icabinet/shared';
import type { TestServer } from './server.js';
import type { ClientSocket } from './socket.js';

/** Whether the server (this process) holds a socket in a room right now. */
export async function inRoom(server: TestServer, room: string, socket: ClientSocket): Promise<boolean> {
  const sockets = await server.running.app.io.in(room).local.fetchSockets();
  return sockets.some((s) => s.id === socket.id);
}

/**
 * Records every `event` a socket receives, and lets a test prove that nothing it must not get
 * arrived: `settle()` has the server send a marker on the same channel, to that socket only,
 * after everything sent so far, and resolves with what came before the marker. A late leak
 * arrives before the marker and fails the test; no fixed wait is involved.
 */
export function recordUntilMarker<E extends keyof ServerToClientEvents>(
  server: TestServer,
  socket: ClientSocket,
  event: E,
  marker: Parameters<ServerToClientEvents[E]>[0],
  /** Tells the marker apart (binary fields come back as Buffers, so compare an id). */
  isMarker: (p: Parameters<ServerToClientEvents[E]>[0]) => boolean,
): { settle(): Promise<Parameters<ServerToClientEvents[E]>[0][]> } {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  let done: (() => void) | null = null;
  const onEvent = (p: Parameters<ServerToClientEvents[E]>[0]) => {
    if (isMarker(p)) return done?.();
    seen.push(p);
  };
  socket.on(event, onEvent as never);
  return {
    settle: async () => {
      const arrived = new Promise<void>((resolve) => (done = resolve));
      const io = server.running.app.io;
      if (!socket.id) throw new Error('the socket is not connected');
      (io.to(socket.id).emit as (e: string, p: unknown) => boolean)(event, marker);
      await arrived;
      socket.off(event, onEvent as never);
      return seen;
    },
  };
}
