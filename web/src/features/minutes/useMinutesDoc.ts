import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { indexedDbPersistence, layerStoreName } from '../../lib/collab/indexeddb';
import { LayerSync, type LayerStatus } from '../../lib/collab/layer-sync';
import type { AppSocket } from '../../lib/socket';

/** The minutes' Yjs document as the page uses it. */
export interface MinutesDoc {
  sync: LayerSync;
  status: LayerStatus;
  canWrite: boolean | null;
  /** Edits made here that the server did not take (locked while this device was offline). */
  unsentRefused: boolean;
}

/**
 * Opens the minutes of a meeting: the annotations' sync (`doc:*` with layer `minutes`) with a
 * copy in IndexedDB, so a tablet that loses the network keeps writing and merges on reconnect.
 * `minutes:changed` (locked, reopened, the chair's toggle) makes it join again for the new rights.
 */
export function useMinutesDoc(
  socket: AppSocket | null,
  userId: string,
  meetingId: string,
): MinutesDoc | null {
  const [sync, setSync] = useState<LayerSync | null>(null);

  useEffect(() => {
    const s = new LayerSync(socket, meetingId, 'minutes', {
      persistence: indexedDbPersistence(layerStoreName(userId, meetingId, 'minutes')),
    });
    setSync(s);
    const onChanged = (p: { meetingId: string }) => {
      if (p.meetingId === meetingId) void s.join();
    };
    socket?.on('minutes:changed', onChanged);
    return () => {
      socket?.off('minutes:changed', onChanged);
      s.destroy();
      setSync(null);
    };
  }, [socket, userId, meetingId]);

  const subscribe = useCallback((fn: () => void) => sync?.subscribe(fn) ?? (() => undefined), [sync]);
  const version = useSyncExternalStore(subscribe, () =>
    sync ? `${sync.status}:${String(sync.canWrite)}:${String(sync.unsentRefused)}` : '',
  );
  if (!sync || !version) return null;
  return { sync, status: sync.status, canWrite: sync.canWrite, unsentRefused: sync.unsentRefused };
}
