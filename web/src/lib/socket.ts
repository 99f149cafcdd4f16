import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  wireParser,
  type ClientToServerEvents,
  type CommandAck,
  type CommandName,
  type CommandPayload,
  type Result,
  type ServerToClientEvents,
} from '@icabinet/shared';
import { currentLanguage } from './i18n';
import { serverBase } from './server-base';

/** The realtime connection, typed once from the shared protocol. */
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What the header shows about the realtime connection. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/**
 * Creates (but does not open) the socket; the session cookie authenticates the handshake. It goes
 * to the page's own origin, or to the desktop shell's configured server from its bundled copy.
 */
export function createSocket(): AppSocket {
  const base = serverBase();
  const options: Partial<ManagerOptions & SocketOptions> = {
    path: '/socket.io',
    withCredentials: true,
    autoConnect: false,
    // WebSocket only, no long-polling: behind a load balancer any server process can take the
    // connection (no sticky sessions needed); see the README's deployment section.
    transports: ['websocket'],
    parser: wireParser,
    // A function, so every (re)connection tells the server the interface language in use now: its
    // refusals (room commands) come back in that language, not the browser's.
    auth: (cb) => cb({ protocolVersion: PROTOCOL_VERSION, lang: currentLanguage() }),
  };
  return base === '' ? io(options) : io(base, options);
}

/**
 * Follows a socket's connection state. A handshake the server refused (signed out, old protocol)
 * is "offline" rather than "reconnecting", because socket.io will not retry it by itself.
 */
export function watchConnection(socket: AppSocket, onChange: (status: ConnectionStatus) => void): () => void {
  const connected = () => onChange('connected');
  const disconnected = () => onChange(socket.active ? 'reconnecting' : 'offline');
  const failed = () => onChange(socket.active ? 'reconnecting' : 'offline');
  socket.on('connect', connected);
  socket.on('disconnect', disconnected);
  socket.on('connect_error', failed);
  return () => {
    socket.off('connect', connected);
    socket.off('disconnect', disconnected);
    socket.off('connect_error', failed);
  };
}

/**
 * Sends a command and waits for its ack, typed by the shared socket contract: the payload is the
 * event's schema input, the answer its `Result`. Rejects when no ack came within `timeoutMs`.
 */
export function emitCommand<K extends CommandName>(
  socket: Pick<AppSocket, 'timeout'>,
  timeoutMs: number,
  event: K,
  payload: CommandPayload<K>,
): Promise<Result<CommandAck<K>>> {
  // Socket.IO's types lose the ack's type once `timeout()` adds the error argument (it becomes
  // `any`); the contract, which typed the event map in the first place, gives it back.
  const timed = socket.timeout(timeoutMs) as unknown as {
    emitWithAck(ev: K, payload: CommandPayload<K>): Promise<Result<CommandAck<K>>>;
  };
  return timed.emitWithAck(event, payload);
}
