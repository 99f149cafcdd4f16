import type { Result } from './result.js';

/** One person online in a meeting. */
export interface OnlineUser {
  userId: string;
  fullName: string;
  /** Number of devices (sockets) this user has connected to the meeting. */
  devices: number;
}

export interface PresenceSnapshot {
  meetingId: string;
  users: OnlineUser[];
}

export interface PresenceChanged {
  meetingId: string;
  user: OnlineUser;
  /** `offline` once the user's last device left. */
  status: 'online' | 'offline';
}

export interface MeetingJoinPayload {
  meetingId: string;
}

type Ack<T> = (result: Result<T>) => void;

/** Commands a client sends. Every one carries an ack. Names are `domain:verb`. */
export interface ClientToServerEvents {
  'meeting:join': (payload: MeetingJoinPayload, ack: Ack<PresenceSnapshot>) => void;
  'meeting:leave': (payload: MeetingJoinPayload, ack: Ack<null>) => void;
}

/** Broadcasts the server sends; past tense. */
export interface ServerToClientEvents {
  'presence:changed': (payload: PresenceChanged) => void;
  'session:expired': () => void;
  /**
   * Sent to each socket right after it connects. Besides telling the client who it is, it gives
   * the client a recovery offset at once, so even a tablet that has heard nothing else yet gets
   * its rooms and missed events back after a short drop (connection state recovery).
   */
  'session:ready': (info: SessionReady) => void;
}

export interface SessionReady {
  userId: string;
  /** True when this connection resumed an earlier one (rooms and missed events restored). */
  recovered: boolean;
}

/** Events between server processes (Redis adapter). */
export type InterServerEvents = Record<string, never>;

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  userId: string;
  fullName: string;
  systemRole: 'admin' | 'secretary' | 'member';
  sessionId: string;
  lang: 'vi' | 'en';
  /** Meetings this socket has joined (for presence). */
  meetings: string[];
}
