import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  wireParser,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@icabinet/shared';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects a real socket.io-client with a session cookie; resolves once connected or rejects with the connect_error. */
export function connectClient(
  url: string,
  cookie: string | undefined,
  opts: {
    protocolVersion?: unknown;
    lang?: 'vi' | 'en';
    transports?: ('websocket' | 'polling')[];
    /** A viewer screen: the viewer link's token instead of a session. */
    viewerToken?: unknown;
    /** A paired meeting-room tablet's own socket: its device credential instead of a session. */
    deviceToken?: unknown;
  } = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    auth: {
      protocolVersion: opts.protocolVersion ?? PROTOCOL_VERSION,
      lang: opts.lang ?? 'vi',
      ...(opts.viewerToken !== undefined ? { viewerToken: opts.viewerToken } : {}),
      ...(opts.deviceToken !== undefined ? { deviceToken: opts.deviceToken } : {}),
    },
    extraHeaders: cookie ? { cookie } : {},
    transports: opts.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    parser: wireParser,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Resolves with the next occurrence of an event. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const handler = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as Parameters<ServerToClientEvents[E]>);
    };
    socket.once(event, handler as never);
  });
}
