import { useEffect, useSyncExternalStore } from 'react';
import type { DocumentsChanged } from '@icabinet/shared';
import { useConnection } from '../../app/ConnectionProvider';
import { loadStoredStatus, packStatus, resyncAll, syncPack, type PackStatus } from './pack-sync';

/** One meeting's pack status, live. */
export function usePackStatus(meetingId: string): PackStatus {
  return useSyncExternalStore(
    packStatus.subscribe,
    () => packStatus.get(meetingId),
    () => packStatus.get(meetingId),
  );
}

/**
 * Keeps the packs of these meetings on the device: shows what is already stored, then downloads
 * what is missing in the background.
 */
export function useKeepPacks(meetingIds: readonly string[], userId: string): void {
  const key = meetingIds.join(',');
  useEffect(() => {
    const ids = key ? key.split(',') : [];
    let stopped = false;
    void (async () => {
      for (const id of ids) await loadStoredStatus(id, userId);
      for (const id of ids) if (!stopped) await syncPack(id, userId);
    })();
    return () => {
      stopped = true;
    };
  }, [key, userId]);
}

/**
 * Mounted once in the signed-in shell: every time the realtime connection comes (back), every
 * pack on the device is synced again (a version published while the tablet was offline arrives),
 * and a `documents:changed` broadcast of a packed meeting syncs that pack at once.
 */
export function usePackKeeper(userId: string): void {
  const { socket, status } = useConnection();
  useEffect(() => {
    if (status === 'connected') void resyncAll(userId);
  }, [status, userId]);
  useEffect(() => {
    if (!socket) return;
    const changed = (p: DocumentsChanged) => {
      if (packStatus.get(p.meetingId).state !== 'none') void syncPack(p.meetingId, userId);
    };
    socket.on('documents:changed', changed);
    return () => {
      socket.off('documents:changed', changed);
    };
  }, [socket, userId]);
}
