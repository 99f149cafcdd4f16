import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';
import type { DocLayer } from '@icabinet/shared';
import type { LayerPersistence } from './layer-sync';

/** The IndexedDB database of one layer on this device: per user, so a shared tablet keeps notes apart. */
export const layerStoreName = (userId: string, documentId: string, layer: DocLayer): string =>
  `icabinet:annotations:${userId}:${documentId}:${layer}`;

/** y-indexeddb persistence for a layer, or none where IndexedDB is missing (private mode in some browsers). */
export function indexedDbPersistence(name: string): (doc: Y.Doc) => LayerPersistence | null {
  return (doc) => (typeof indexedDB === 'undefined' ? null : new IndexeddbPersistence(name, doc));
}
