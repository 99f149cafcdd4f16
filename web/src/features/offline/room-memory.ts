import type { RoomState } from '@icabinet/shared';
import { PACK_JSON, packDb } from './pack-db';

/**
 * What the tablet last saw of a meeting's live room — its status, the agenda item under discussion
 * and the document the presenter showed, on which page — so that the room page, reloaded without a
 * network, opens where the room was. Kept beside the pack's JSON (cache `PACK_JSON`, key
 * `/__room/<meetingId>`), so signing out wipes it with the pack.
 */
export interface RoomMemory {
  meetingId: string;
  status: RoomState['status'];
  currentItemId: string | null;
  document: { documentId: string; page: number; zoom: number } | null;
  savedAt: string;
}

const key = (meetingId: string) => `/__room/${meetingId}`;
const available = () => typeof caches !== 'undefined';

/** The part of a live room state worth remembering (equal memories mean nothing to store). */
export function memoryOf(room: RoomState): Omit<RoomMemory, 'savedAt'> {
  return {
    meetingId: room.meetingId,
    status: room.status,
    currentItemId: room.currentItem?.itemId ?? null,
    document: room.document
      ? { documentId: room.document.documentId, page: room.document.page, zoom: room.document.zoom }
      : null,
  };
}

/** Stores what the room shows now (best effort: a full disk loses the memory, not the room). */
export async function rememberRoom(memory: Omit<RoomMemory, 'savedAt'>): Promise<void> {
  if (!available()) return;
  const cache = await caches.open(PACK_JSON);
  const body = JSON.stringify({ ...memory, savedAt: new Date().toISOString() } satisfies RoomMemory);
  await cache.put(
    key(memory.meetingId),
    new Response(body, { headers: { 'Content-Type': 'application/json' } }),
  );
}

/** What the tablet last saw of this room, or null. */
export async function recallRoom(meetingId: string): Promise<RoomMemory | null> {
  if (!available()) return null;
  const hit = await caches.match(key(meetingId), { cacheName: PACK_JSON });
  if (!hit) return null;
  const memory = (await hit.json()) as RoomMemory;
  return memory.meetingId === meetingId ? memory : null;
}

/** The document versions of this meeting the device keeps for this user (null: no pack here). */
export async function packedDocuments(meetingId: string, userId: string): Promise<Set<string> | null> {
  if (typeof indexedDB === 'undefined') return null;
  const pack = await packDb.pack(meetingId);
  return pack && pack.userId === userId ? new Set(pack.fileIds) : null;
}
