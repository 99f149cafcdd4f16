import { useEffect, useState, useSyncExternalStore } from 'react';
import type { RoomPointer } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { RoomClient, type RoomView } from './room.client';

const IDLE: RoomView = {
  room: null,
  link: 'joining',
  refusal: null,
  clockOffsetMs: 0,
  pending: 0,
  lastEvent: null,
};
const noop = () => () => undefined;

/** Follows one meeting's live room for as long as the page is open. */
export function useRoom(meetingId: string): { client: RoomClient | null; view: RoomView } {
  const { socket } = useConnection();
  const [client, setClient] = useState<RoomClient | null>(null);
  useEffect(() => {
    if (!socket || !meetingId) return;
    const c = new RoomClient(socket, meetingId);
    c.start();
    setClient(c);
    return () => {
      c.stop();
      setClient(null);
    };
  }, [socket, meetingId]);
  const view = useSyncExternalStore(client?.subscribe ?? noop, client?.getView ?? (() => IDLE));
  return { client, view };
}

/** The presenter's latest pointer on the room's document (null when hidden or after a page turn). */
export function useRoomPointer(client: RoomClient | null, page: number | null): RoomPointer | null {
  const [pointer, setPointer] = useState<RoomPointer | null>(null);
  useEffect(() => {
    if (!client) return;
    return client.onPointerMove((p) => setPointer(p.x === null || p.y === null ? null : p));
  }, [client]);
  return pointer && pointer.page === page ? pointer : null;
}

/** The current time, ticking every `ms` (for running timers). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}
