import { LayerSync, type SyncSocket } from '../../lib/collab/layer-sync';
import { indexedDbPersistence, layerStoreName } from '../../lib/collab/indexeddb';
import type { NotesLayer } from './wipe';

/** The private-notes stores a user has on this device (one IndexedDB database per document). */
export async function privateNoteStores(
  userId: string,
  idb: Pick<IDBFactory, 'databases'> | undefined = globalThis.indexedDB,
): Promise<{ name: string; documentId: string }[]> {
  if (!idb?.databases) return [];
  const prefix = layerStoreName(userId, '', 'private').replace(/:private$/, '');
  const suffix = ':private';
  return (await idb.databases()).flatMap((d) =>
    d.name?.startsWith(prefix) && d.name.endsWith(suffix)
      ? [{ name: d.name, documentId: d.name.slice(prefix.length, -suffix.length) }]
      : [],
  );
}

/**
 * Every private-notes layer this device keeps for a user, opened and joined on `socket` so that
 * notes written offline (even in documents closed since) are sent to the server: the wipe waits
 * for all of them to be `synced` before it drops them.
 */
export async function openPrivateNotes(
  userId: string,
  socket: SyncSocket,
): Promise<{ layers: NotesLayer[]; drop: () => Promise<void>; close: () => void }> {
  const stores = await privateNoteStores(userId);
  const layers = stores.map(
    (s) => new LayerSync(socket, s.documentId, 'private', { persistence: indexedDbPersistence(s.name) }),
  );
  await Promise.all(layers.map((l) => l.loaded));
  const close = () => {
    for (const l of layers) l.destroy();
  };
  return {
    layers,
    close,
    drop: async () => {
      close();
      await Promise.all(
        stores.map(
          (s) =>
            new Promise<void>((resolve) => {
              const req = indexedDB.deleteDatabase(s.name);
              req.onsuccess = () => resolve();
              req.onerror = () => resolve();
              req.onblocked = () => resolve();
            }),
        ),
      );
    },
  };
}
