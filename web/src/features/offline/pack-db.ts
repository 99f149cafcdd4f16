/**
 * Where the offline meeting packs live on this device, shared by the page (which downloads) and
 * the service worker (which answers the viewer from it). No imports: the service worker bundle
 * takes this file alone.
 *
 * - Cache API, cache `PACK_FILES`: one entry per content hash (`/__pack/<hash>`), the whole file
 *   the viewer would get from `/api/documents/:id/file`. Two versions or meetings with the same
 *   bytes share one entry.
 * - Cache API, cache `PACK_JSON`: the meeting's JSON (details, agenda, participants, document list)
 *   and `/api/me`, answered when the network is gone.
 * - IndexedDB `icabinet-offline`: `files` (document version id → content hash and size) and
 *   `packs` (one per meeting: what was downloaded and when).
 */

export const PACK_FILES = 'icabinet-pack-files-v1';
export const PACK_JSON = 'icabinet-pack-json-v1';
export const APP_SHELL = 'icabinet-shell-v1';
const DB_NAME = 'icabinet-offline';
/** Header on a JSON answer the service worker took from the pack because the network was gone. */
export const OFFLINE_COPY = 'X-Icabinet-Offline-Copy';

/** Key of a file in the `PACK_FILES` cache. */
export const fileKey = (contentHash: string): string => `/__pack/${contentHash}`;

/** One document version kept on the device. */
export interface StoredFile {
  documentId: string;
  contentHash: string;
  size: number;
  meetingId: string;
}

/** One meeting's pack as downloaded. */
export interface StoredPack {
  meetingId: string;
  /** The signed-in user it was downloaded for (a shared tablet keeps people apart). */
  userId: string;
  packVersion: string;
  fileIds: string[];
  totalBytes: number;
  /** Documents the caller may open that were left online only (confidential). */
  excluded: number;
  resources: string[];
  readyAt: string;
}

type StoreName = 'files' | 'packs';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('files')) db.createObjectStore('files', { keyPath: 'documentId' });
      if (!db.objectStoreNames.contains('packs')) db.createObjectStore('packs', { keyPath: 'meetingId' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('indexedDB.open failed'));
  });
}

async function run<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  op: (s: IDBObjectStore) => IDBRequest | void,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(store, mode);
      const req = op(tx.objectStore(store));
      tx.oncomplete = () => resolve((req ? req.result : undefined) as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const packDb = {
  file: (documentId: string) => run<StoredFile | undefined>('files', 'readonly', (s) => s.get(documentId)),
  files: () => run<StoredFile[]>('files', 'readonly', (s) => s.getAll()),
  putFile: (f: StoredFile) => run<void>('files', 'readwrite', (s) => void s.put(f)),
  deleteFile: (documentId: string) => run<void>('files', 'readwrite', (s) => void s.delete(documentId)),
  pack: (meetingId: string) => run<StoredPack | undefined>('packs', 'readonly', (s) => s.get(meetingId)),
  packs: () => run<StoredPack[]>('packs', 'readonly', (s) => s.getAll()),
  putPack: (p: StoredPack) => run<void>('packs', 'readwrite', (s) => void s.put(p)),
  deletePack: (meetingId: string) => run<void>('packs', 'readwrite', (s) => void s.delete(meetingId)),
  /** Forgets everything (sign-out). */
  clear: async () => {
    await run<void>('files', 'readwrite', (s) => void s.clear());
    await run<void>('packs', 'readwrite', (s) => void s.clear());
  },
};

/** Removes every pack, its files and cached JSON from this device (sign-out, another user). */
export async function wipeOffline(): Promise<void> {
  await Promise.all([caches.delete(PACK_FILES), caches.delete(PACK_JSON)]);
  await packDb.clear();
}
