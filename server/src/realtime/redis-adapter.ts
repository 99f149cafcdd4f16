import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Logger } from '../logger.js';

/** How long the first connection to Redis may take before the server refuses to start. */
const CONNECT_TIMEOUT_MS = 5000;
/**
 * Each process tells the others it is alive this often; one not heard from for the timeout is
 * taken as gone (killed), so requests to every process (roll-ups, presence) stop waiting for it.
 * Removal comes within timeout + 1 s of its last message, before a request's own 5 s timeout,
 * so a request made just after a process was killed is answered by the others, not failed.
 * (The adapter's defaults, 5 s and 10 s, left requests failing for up to 10 s.)
 */
const HEARTBEAT_INTERVAL_MS = 1500;
const HEARTBEAT_TIMEOUT_MS = 4000;

/** Redis is configured but unreachable at start: the message names the server (without credentials). */
export class RedisUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }
}

/** The node-redis client the adapter uses (also the store of shared rate limits). */
export type RedisClient = ReturnType<typeof createClient>;

export interface RedisAdapter {
  /** Pass as Socket.IO's `adapter` option. */
  adapter: ReturnType<typeof createAdapter>;
  /** The connected client, for other shared state (rate limits). */
  client: RedisClient;
  /** The Redis host, for log lines. */
  location: string;
  close(): Promise<void>;
}

/** `redis://:secret@host:6379/0` → `host:6379/0`. */
export function redisLocation(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname === '/' ? '' : u.pathname}`;
}

/**
 * Connects the Redis Streams adapter, so several server processes share rooms, broadcasts,
 * `fetchSockets` (presence) and connection state recovery (DESIGN §8). The first connection must
 * succeed within a few seconds, otherwise start-up fails with a message naming the server; later
 * drops are retried by the client with backoff and logged.
 */
export async function connectRedisAdapter(url: string, logger: Logger): Promise<RedisAdapter> {
  const location = redisLocation(url);
  const log = logger.child({ component: 'redis', location });
  let started = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      // Before the first connection: give up at once (start-up reports it). After: back off up to 5 s.
      reconnectStrategy: (retries) => (started ? Math.min(100 * 2 ** retries, 5000) : false),
    },
  });
  client.on('error', (err: unknown) => {
    if (started) log.warn({ err }, 'Redis connection problem; retrying');
  });
  try {
    await client.connect();
  } catch (err) {
    await client.disconnect().catch(() => undefined);
    const reason = err instanceof Error ? err.message : String(err);
    throw new RedisUnavailableError(
      `cannot connect to Redis at ${location} (REDIS_URL): ${reason}. Start Redis, fix REDIS_URL, or unset it to run a single process.`,
      { cause: err },
    );
  }
  started = true;
  log.info('realtime rooms are shared through Redis streams');
  return {
    adapter: createAdapter(client, {
      streamName: 'icabinet:socket.io',
      sessionKeyPrefix: 'icabinet:sio:session:',
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
    }),
    client,
    location,
    close: async () => {
      started = false;
      try {
        await client.quit();
      } catch {
        await client.disconnect().catch(() => undefined);
      }
    },
  };
}
