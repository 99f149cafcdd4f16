import type { ServerToClientEvents } from '@icabinet/shared';
import type { TestServer } from './server.js';
import type { ClientSocket } from './socket.js';

type Payload<E extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[E]>[0];

/** Whether the server (this process) holds a socket in a room right now. */
export async function inRoom(server: TestServer, room: string, socket: ClientSocket): Promise<boolean> {
  const sockets = await server.running.app.io.in(room).local.fetchSockets();
  return sockets.some((s) => s.id === socket.id);
}

/**
 * Has the server send `marker` on the `event` channel to this socket only, after everything it
 * sent so far, and resolves once the socket received it. A test that must prove something did NOT
 * arrive waits for this instead of a fixed time: a late leak arrives before the marker and is seen.
 * The marker must be told apart from real events (`isMarker`; binary fields come back as Buffers).
 */
export async function markerAfter<E extends keyof ServerToClientEvents>(
  server: TestServer,
  socket: ClientSocket,
  event: E,
  marker: Payload<E>,
  isMarker: (p: Payload<E>) => boolean,
): Promise<void> {
  if (!socket.id) throw new Error('the socket is not connected');
  const arrived = new Promise<void>((resolve) => {
    const onEvent = (p: Payload<E>) => {
      if (!isMarker(p)) return;
      socket.off(event, onEvent as never);
      resolve();
    };
    socket.on(event, onEvent as never);
  });
  (server.running.app.io.to(socket.id).emit as (e: string, p: unknown) => boolean)(event, marker);
  await arrived;
}

/** Records every `event` a socket receives until `settle()`, which waits for a marker (see `markerAfter`). */
export function recordUntilMarker<E extends keyof ServerToClientEvents>(
  server: TestServer,
  socket: ClientSocket,
  event: E,
  marker: Payload<E>,
  isMarker: (p: Payload<E>) => boolean,
): { settle(): Promise<Payload<E>[]> } {
  const seen: Payload<E>[] = [];
  const onEvent = (p: Payload<E>) => {
    if (!isMarker(p)) seen.push(p);
  };
  socket.on(event, onEvent as never);
  return {
    settle: async () => {
      await markerAfter(server, socket, event, marker, isMarker);
      socket.off(event, onEvent as never);
      return seen;
    },
  };
}

/** Markers for the channels tests most often prove silent; their ids name no real record. */
export const MARKER_ID = 'marker';
export const roomMarker = {
  meetingId: MARKER_ID,
  seq: 0,
  event: { type: 'marker' },
  patch: {},
} as unknown as Payload<'room:changed'>;
export const isRoomMarker = (p: { meetingId: string }) => p.meetingId === MARKER_ID;
