import { documentsContract, type MeetingPack } from '@icabinet/shared';
import { call } from '../../lib/api';
import { fileKey, OFFLINE_COPY, PACK_FILES, PACK_JSON, packDb, type StoredPack } from './pack-db';
import { garbagePlan } from './pack-gc';

/** What the home screen shows about one meeting's pack. */
export type PackStatus =
  | { state: 'none' }
  | { state: 'downloading'; done: number; total: number }
  | { state: 'ready'; totalBytes: number; files: number; excluded: number; readyAt: string }
  | { state: 'error'; kind: PackErrorKind; needBytes?: number; freeBytes?: number };

/** Why a pack could not be kept: no room left on the device, the network, or no offline storage at all. */
export type PackErrorKind = 'quota' | 'network' | 'unsupported';

const statuses = new Map<string, PackStatus>();
/** One object, so `useSyncExternalStore` sees no change while nothing is known. */
const NONE: PackStatus = { state: 'none' };
const listeners = new Set<() => void>();
const running = new Map<string, Promise<void>>();
/** When each meeting's pack was last brought up to date: the home screen and the reconnect both ask. */
const syncedAt = new Map<string, number>();
/** A pack synced this recently is not synced again (one sync, not a burst, per page or reconnect). */
const FRESH_MS = 10_000;
/**
 * The document versions and content hashes running syncs need (their manifests), counted per
 * sync: another meeting's garbage collection keeps them while their pack is not stored yet, so it
 * never removes a version record or a file between a sync's records and its pack.
 */
const inFlight = { ids: new Map<string, number>(), hashes: new Map<string, number>() };
const hold = (m: Map<string, number>, keys: string[]) => {
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
};
const release = (m: Map<string, number>, keys: string[]) => {
  for (const k of keys) {
    const n = (m.get(k) ?? 1) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
  }
};

function set(meetingId: string, status: PackStatus): void {
  statuses.set(meetingId, status);
  for (const l of [...listeners]) l();
}

export const packStatus = {
  get: (meetingId: string): PackStatus => statuses.get(meetingId) ?? NONE,
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Whether this browser can keep packs (Cache API, IndexedDB and a service worker). */
export function offlineSupported(): boolean {
  return typeof caches !== 'undefined' && typeof indexedDB !== 'undefined' && 'serviceWorker' in navigator;
}

const isQuota = (e: unknown): boolean =>
  e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);

/** Reads what is already on the device, so a badge shows at once after a reload. */
export async function loadStoredStatus(meetingId: string, userId: string): Promise<void> {
  if (!offlineSupported() || statuses.has(meetingId)) return;
  const stored = await packDb.pack(meetingId).catch(() => undefined);
  if (stored && stored.userId === userId) set(meetingId, readyOf(stored));
}

const readyOf = (p: StoredPack): PackStatus => ({
  state: 'ready',
  totalBytes: p.totalBytes,
  files: p.fileIds.length,
  excluded: p.excluded,
  readyAt: p.readyAt,
});

/**
 * Brings one meeting's pack up to date: the manifest, then every file not already kept (by content
 * hash), the JSON the room reads, then the record that makes the badge appear. Files of versions
 * no pack needs any more are removed. One sync per meeting at a time; a second call joins it.
 */
export function syncPack(meetingId: string, userId: string): Promise<void> {
  if (!offlineSupported()) {
    set(meetingId, { state: 'error', kind: 'unsupported' });
    return Promise.resolve();
  }
  const current = running.get(meetingId);
  if (current) return current;
  if (Date.now() - (syncedAt.get(meetingId) ?? 0) < FRESH_MS) return Promise.resolve();
  const job = download(meetingId, userId)
    .then(() => void syncedAt.set(meetingId, Date.now()))
    .catch((e: unknown) => {
      const previous = statuses.get(meetingId);
      if (isQuota(e)) set(meetingId, { state: 'error', kind: 'quota' });
      // Offline with a pack already kept: the pack stays ready, it is synced again on reconnect.
      else if (previous?.state !== 'ready') set(meetingId, { state: 'error', kind: 'network' });
    })
    .finally(() => running.delete(meetingId));
  running.set(meetingId, job);
  return job;
}

async function download(meetingId: string, userId: string): Promise<void> {
  const manifest: MeetingPack = await call(documentsContract.pack, { params: { id: meetingId } });
  const stored = await packDb.pack(meetingId);
  if (stored?.packVersion === manifest.packVersion && stored.userId === userId) {
    set(meetingId, readyOf(stored));
    await storeJson(manifest.resources);
    return;
  }
  const ids = manifest.files.map((f) => f.documentId);
  const hashes = manifest.files.map((f) => f.contentHash);
  hold(inFlight.ids, ids);
  hold(inFlight.hashes, hashes);
  try {
    await fetchAndStore(meetingId, userId, manifest);
  } finally {
    release(inFlight.ids, ids);
    release(inFlight.hashes, hashes);
  }
}

async function fetchAndStore(meetingId: string, userId: string, manifest: MeetingPack): Promise<void> {
  const files = await caches.open(PACK_FILES);
  const missing: typeof manifest.files = [];
  for (const f of manifest.files) if (!(await files.match(fileKey(f.contentHash)))) missing.push(f);
  const total = missing.reduce((s, f) => s + f.size, 0);
  // Ask before filling the disk: the browser's own estimate of what is left for this site.
  const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
  if (
    estimate?.quota !== undefined &&
    estimate.usage !== undefined &&
    total > estimate.quota - estimate.usage
  ) {
    set(meetingId, {
      state: 'error',
      kind: 'quota',
      needBytes: total,
      freeBytes: estimate.quota - estimate.usage,
    });
    return;
  }
  void navigator.storage?.persist?.().catch(() => false);
  let done = 0;
  set(meetingId, { state: 'downloading', done, total });
  for (const f of missing) {
    const res = await fetch(f.url, { credentials: 'same-origin' });
    if (res.status !== 200 || !res.body) throw new Error(`pack file ${f.documentId}: ${res.status}`);
    const chunks: Uint8Array<ArrayBuffer>[] = [];
    const reader = res.body.getReader();
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      chunks.push(value);
      done += value.byteLength;
      set(meetingId, { state: 'downloading', done, total });
    }
    const blob = new Blob(chunks, { type: 'application/pdf' });
    await files.put(
      fileKey(f.contentHash),
      new Response(blob, {
        headers: { 'Content-Type': 'application/pdf', 'Content-Length': String(blob.size) },
      }),
    );
  }
  for (const f of manifest.files) {
    await packDb.putFile({ documentId: f.documentId, contentHash: f.contentHash, size: f.size, meetingId });
  }
  await storeJson(manifest.resources);
  const pack: StoredPack = {
    meetingId,
    userId,
    packVersion: manifest.packVersion,
    fileIds: manifest.files.map((f) => f.documentId),
    totalBytes: manifest.totalBytes,
    excluded: manifest.excluded.length,
    resources: manifest.resources,
    readyAt: new Date().toISOString(),
  };
  await packDb.putPack(pack);
  await collectGarbage();
  set(meetingId, readyOf(pack));
}

/** Stores the room's JSON (and who is signed in) for reading without a network. */
async function storeJson(resources: string[]): Promise<void> {
  const cache = await caches.open(PACK_JSON);
  // Every answer is read first, then all are stored: a network that goes away half-way leaves the
  // stored set as it was, never half old and half new.
  const fresh: [string, Response][] = [];
  for (const url of [...resources, '/api/me']) {
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    // A pack is marked ready only with all of its JSON: the previous one stays until then.
    if (!res.ok) throw new Error(`pack resource ${url}: ${res.status}`);
    // The network went away during the sync: the stored copy stays as it is.
    if (res.headers.has(OFFLINE_COPY)) throw new Error(`pack resource ${url}: offline`);
    // Read whole before it replaces the stored copy: a network that drops half-way through the
    // body must not cost the copy already kept.
    const body = await res.blob();
    fresh.push([url, new Response(body, { status: res.status, headers: res.headers })]);
  }
  for (const [url, res] of fresh) await cache.put(url, res);
}

/** Drops files and version records no pack on the device refers to any more. */
async function collectGarbage(): Promise<void> {
  const files = await caches.open(PACK_FILES);
  const keys = await files.keys();
  const hashOf = (key: Request) => new URL(key.url).pathname.replace('/__pack/', '');
  const plan = garbagePlan(await packDb.packs(), await packDb.files(), keys.map(hashOf), {
    ids: new Set(inFlight.ids.keys()),
    hashes: new Set(inFlight.hashes.keys()),
  });
  for (const id of plan.records) await packDb.deleteFile(id);
  const drop = new Set(plan.hashes);
  for (const key of keys) if (drop.has(hashOf(key))) await files.delete(key);
}

/** Syncs again every pack kept on the device for this user (reconnect, documents changed). */
export async function resyncAll(userId: string): Promise<void> {
  if (!offlineSupported()) return;
  const packs = await packDb.packs().catch(() => []);
  for (const p of packs) if (p.userId === userId) await syncPack(p.meetingId, userId);
}
