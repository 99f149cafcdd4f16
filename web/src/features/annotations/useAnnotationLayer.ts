import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { AnnotationLayer } from '@icabinet/shared';
import { indexedDbPersistence, layerStoreName } from '../../lib/collab/indexeddb';
import { LayerSync, type LayerStatus } from '../../lib/collab/layer-sync';
import type { AppSocket } from '../../lib/socket';

/** The origin of this device's own edits: the undo manager tracks only these. */
export const LOCAL_ORIGIN = Symbol('local-annotation');

/** One layer as the UI uses it. */
export interface LayerHandle {
  layer: AnnotationLayer;
  sync: LayerSync;
  doc: Y.Doc;
  /** What is not stored: the strokes being drawn on the layer right now (this device's and others'). */
  awareness: Awareness;
  undo: Y.UndoManager;
  status: LayerStatus;
  canWrite: boolean | null;
}

/**
 * Opens one annotation layer (its Y.Doc, IndexedDB copy and server sync) for as long as the
 * component lives, and re-renders on its status. The socket may still be null while it opens.
 */
export function useAnnotationLayer(
  socket: AppSocket | null,
  userId: string,
  documentId: string,
  layer: AnnotationLayer,
): LayerHandle | null {
  const [handle, setHandle] = useState<{ sync: LayerSync; undo: Y.UndoManager } | null>(null);

  useEffect(() => {
    const sync = new LayerSync(socket, documentId, layer, {
      persistence: indexedDbPersistence(layerStoreName(userId, documentId, layer)),
    });
    // Every page map, including pages noted later, is in scope; only this device's edits are undone.
    const undo = new Y.UndoManager([], {
      doc: sync.doc,
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 0,
    });
    const scope = (name: string) => {
      if (name.startsWith('page:')) undo.addToScope(sync.doc.getMap(name));
    };
    for (const name of sync.doc.share.keys()) scope(name);
    const onUpdate = () => {
      for (const name of sync.doc.share.keys()) scope(name);
    };
    sync.doc.on('beforeTransaction', onUpdate);
    setHandle({ sync, undo });
    return () => {
      sync.doc.off('beforeTransaction', onUpdate);
      undo.destroy();
      sync.destroy();
      setHandle(null);
    };
  }, [socket, userId, documentId, layer]);

  const subscribe = useCallback(
    (fn: () => void) => handle?.sync.subscribe(fn) ?? (() => undefined),
    [handle],
  );
  const version = useSyncExternalStore(subscribe, () =>
    handle ? `${handle.sync.status}:${String(handle.sync.canWrite)}` : '',
  );
  if (!handle || !version) return null;
  return {
    layer,
    sync: handle.sync,
    doc: handle.sync.doc,
    awareness: handle.sync.awareness,
    undo: handle.undo,
    status: handle.sync.status,
    canWrite: handle.sync.canWrite,
  };
}

/** Re-renders whenever the doc changes and returns a counter that changes with it. */
export function useDocVersion(doc: Y.Doc | null): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (!doc) return;
    const bump = () => setVersion((v) => v + 1);
    doc.on('update', bump);
    bump();
    return () => doc.off('update', bump);
  }, [doc]);
  return version;
}
