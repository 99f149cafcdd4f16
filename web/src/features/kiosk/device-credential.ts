import { DevicePlace, DeviceToken } from '@icabinet/shared';
import { z } from 'zod';

const KEY = 'icabinet.device';

/** What a paired tablet keeps: its credential (told once, at pairing) and its place. */
export const StoredDevice = z.object({ token: DeviceToken, device: DevicePlace });
export type StoredDevice = z.infer<typeof StoredDevice>;

/**
 * The tablet's device credential, kept in the app's own storage (the kiosk's profile). A value
 * that does not parse is treated as none, so a damaged entry leads back to pairing.
 */
export function readDevice(storage: Pick<Storage, 'getItem'> = localStorage): StoredDevice | null {
  try {
    const parsed = StoredDevice.safeParse(JSON.parse(storage.getItem(KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Dispatched on `window` when this tablet was paired or forgot its credential. */
export const DEVICE_CHANGED = 'icabinet:device-changed';

export function saveDevice(value: StoredDevice, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(value));
  window.dispatchEvent(new Event(DEVICE_CHANGED));
}

/** Forgets the credential (revoked or unknown to the server): the tablet pairs again. */
export function forgetDevice(storage: Pick<Storage, 'removeItem'> = localStorage): void {
  storage.removeItem(KEY);
  window.dispatchEvent(new Event(DEVICE_CHANGED));
}

const WIPE_KEY = 'icabinet.device.pendingWipe';

/** A wipe the tablet owes since its meeting ended: kept until done, so a reload or restart resumes it. */
export const PendingWipe = z.object({
  meetingId: z.string(),
  confidentiality: z.enum(['public', 'internal', 'confidential']),
  /** Whose notes and session it was (null: nobody was signed in). */
  userId: z.string().nullable(),
});
export type PendingWipe = z.infer<typeof PendingWipe>;

export function readPendingWipe(storage: Pick<Storage, 'getItem'> = localStorage): PendingWipe | null {
  try {
    const parsed = PendingWipe.safeParse(JSON.parse(storage.getItem(WIPE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function savePendingWipe(value: PendingWipe | null, storage: Storage = localStorage): void {
  if (value) storage.setItem(WIPE_KEY, JSON.stringify(value));
  else storage.removeItem(WIPE_KEY);
}
