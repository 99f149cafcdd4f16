import type { Running } from '@icabinet/server';

/** One layer of an Express 5 router stack, as far as the walk below needs it. */
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * Every REST route of the running app as "METHOD /path" (e.g. "GET /api/meetings/:id"), read
 * from the Express router stack itself, mounted routers included: a route added anywhere shows up.
 */
export function expressRoutes(running: Running): string[] {
  const router = (running.app.express as unknown as { router: { stack: Layer[] } }).router;
  const out = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all')
            out.add(`${method.toUpperCase()} ${prefix}${String(layer.route.path)}`);
        }
      } else if (layer.handle?.stack) {
        const at = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + at);
      }
    }
  };
  walk(router.stack, '');
  return [...out].sort();
}

/** Events Socket.IO itself emits on a server socket; not commands a client sends. */
const RESERVED = new Set(['disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);

/**
 * Every client→server event a connected socket has a handler for, read from the server-side
 * socket of `socketId` (the handlers the gateway's modules registered on connection).
 */
export function socketEvents(running: Running, socketId: string): string[] {
  const socket = running.app.io.sockets.sockets.get(socketId);
  if (!socket) throw new Error(`no server socket ${socketId}`);
  return socket
    .eventNames()
    .map(String)
    .filter((e) => !RESERVED.has(e))
    .sort();
}
