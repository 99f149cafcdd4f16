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
