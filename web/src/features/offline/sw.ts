/**
 * The service worker (built alone into dist/sw.js by vite.sw.config.ts, scope `/`).
 *
 * - `/api/documents/:id/file` (not `download=1`): answered from the meeting pack when that version
 *   is packed — the whole file or the byte range pdf.js asks for, 0 bytes from the server, online
 *   or not. Otherwise it goes to the network as before.
 * - The pack's JSON (`PACK_JSON`: meeting, agenda, participants, documents, `/api/me`): network
 *   first, the stored copy when the network is gone (the page's pack sync refreshes it).
 * - The app itself: `/assets/*` (hashed, immutable) cache first; pages network first with the
 *   stored index.html when offline. Every asset is stored at install (dist/asset-manifest.json).
 * - Sign-out (`POST /api/auth/logout`) wipes packs and stored JSON from the device.
 */
import { APP_SHELL, fileKey, OFFLINE_COPY, PACK_FILES, PACK_JSON, packDb, wipeOffline } from './pack-db';
import { parseRange } from './pack-range';

interface ExtendableEventLike extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface WorkerScope {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEventLike) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
declare const self: WorkerScope;

const FILE_PATH = /^\/api\/documents\/([^/]+)\/file$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(APP_SHELL);
      const res = await fetch('/asset-manifest.json', { cache: 'no-cache' }).catch(() => null);
      const assets = res?.ok ? ((await res.json()) as { files: string[] }).files : [];
      await shell.addAll(['/', ...assets]).catch(() => undefined);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === 'POST' && url.pathname === '/api/auth/logout') {
    event.waitUntil(wipeOffline().catch(() => undefined));
    return;
  }
  if (request.method !== 'GET') return;
  const file = FILE_PATH.exec(url.pathname);
  if (file?.[1] && !url.searchParams.has('download')) {
    event.respondWith(packedFile(request, file[1]));
    return;
  }
  if (url.pathname.startsWith('/api/')) {
    event.respondWith(packedJson(request));
    return;
  }
  if (url.pathname.startsWith('/socket.io/')) return;
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(page(request));
});

/** A packed document version, whole or the asked range; the network when it is not packed. */
async function packedFile(request: Request, documentId: string): Promise<Response> {
  const entry = await packDb.file(documentId).catch(() => undefined);
  const stored = entry
    ? await caches.match(fileKey(entry.contentHash), { cacheName: PACK_FILES })
    : undefined;
  if (!entry || !stored) return fetch(request);
  const body = await stored.blob();
  const size = body.size;
  const range = parseRange(request.headers.get('Range'), size);
  const headers = {
    'Content-Type': 'application/pdf',
    'Accept-Ranges': 'bytes',
    ETag: `"${entry.contentHash}"`,
    'X-Served-By': 'offline-pack',
  };
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  }
  if (!range)
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
  const part = body.slice(range.start, range.end + 1);
  return new Response(part, {
    status: 206,
    headers: {
      ...headers,
      'Content-Length': String(part.size),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    },
  });
}

/**
 * API JSON: the network; for the pack's own resources, the stored copy when the network is gone.
 * Only the page's pack sync writes that copy (on every sync): one writer, no racing puts.
 */
async function packedJson(request: Request): Promise<Response> {
  try {
    return await fetch(request);
  } catch (e) {
    const url = new URL(request.url);
    const stored =
      (await caches.match(url.pathname + url.search, { cacheName: PACK_JSON })) ??
      (await documentFromList(url.pathname));
    if (!stored) throw e;
    // Marked, so that a pack sync never stores the stored copy onto itself.
    const headers = new Headers(stored.headers);
    headers.set(OFFLINE_COPY, '1');
    return new Response(stored.body, { status: stored.status, statusText: stored.statusText, headers });
  }
}

const DOCUMENT_PATH = /^\/api\/documents\/([^/]+)$/;

/** `GET /api/documents/:id` of a packed version, from its meeting's stored document list. */
async function documentFromList(pathname: string): Promise<Response | undefined> {
  const id = DOCUMENT_PATH.exec(pathname)?.[1];
  const entry = id ? await packDb.file(id).catch(() => undefined) : undefined;
  if (!entry) return undefined;
  const list = await caches.match(`/api/meetings/${entry.meetingId}/documents`, { cacheName: PACK_JSON });
  const items = list ? ((await list.json()) as { items: { id: string }[] }).items : [];
  const document = items.find((d) => d.id === id);
  return document
    ? new Response(JSON.stringify({ document }), {
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      })
    : undefined;
}

async function cacheFirst(request: Request): Promise<Response> {
  const hit = await caches.match(request, { cacheName: APP_SHELL });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    const copy = res.clone();
    void caches
      .open(APP_SHELL)
      .then((c) => c.put(request, copy))
      .catch(() => undefined);
  }
  return res;
}

/** Pages: the network (index.html no-cache), else the stored index.html so the app starts offline. */
async function page(request: Request): Promise<Response> {
  try {
    const res = await fetch(request);
    if (res.ok) {
      const copy = res.clone();
      void caches
        .open(APP_SHELL)
        .then((c) => c.put('/', copy))
        .catch(() => undefined);
    }
    return res;
  } catch (e) {
    const stored = await caches.match('/', { cacheName: APP_SHELL });
    if (stored) return stored;
    throw e;
  }
}
