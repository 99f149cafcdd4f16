import { DevicePlace, DeviceToken, type DesktopBridge, type Result } from '@icabinet/shared';
import { z } from 'zod';
import { desktopBridge } from '../../lib/bridge';

const KEY = 'icabinet.device';

/** What a paired tablet keeps: its credential (told once, at pairing) and its place. */
export const StoredDevice = z.object({ token: DeviceToken, device: DevicePlace });
export type StoredDevice = z.infer<typeof StoredDevice>;

/**
 * Where the credential is kept: inside the desktop shell, encrypted by the operating system
 * (Electron `safeStorage`, through the preload bridge, bound to the configured server); in a plain
 * browser, the app's own localStorage (the kiosk browser's profile).
 */
export interface CredentialVault {
  /** Whether this is the shell's OS-encrypted store (else the browser's localStorage). */
  readonly sealed: boolean;
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
  remove(): Promise<void>;
}

/** The browser's localStorage as a vault. */
export function localVault(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): CredentialVault {
  return {
    sealed: false,
    read: () => Promise.resolve(storage.getItem(KEY)),
    write: (text) => Promise.resolve(storage.setItem(KEY, text)),
    remove: () => Promise.resolve(storage.removeItem(KEY)),
  };
}

/** The shell's OS-encrypted store as a vault (a failed call rejects with the shell's message). */
export function shellVault(
  bridge: Pick<DesktopBridge, 'readDeviceCredential' | 'saveDeviceCredential' | 'forgetDeviceCredential'>,
): CredentialVault {
  const unwrap = async <T>(call: Promise<Result<T>>): Promise<T> => {
    const res = await call;
    if (!res.ok) throw new Error(res.error.message);
    return res.data;
  };
  return {
    sealed: true,
    read: () => unwrap(bridge.readDeviceCredential()),
    write: async (text) => void (await unwrap(bridge.saveDeviceCredential(text))),
    remove: async () => void (await unwrap(bridge.forgetDeviceCredential())),
  };
}

/** The shell's store when the shell has one (an older shell has not), else localStorage. */
function defaultVault(): CredentialVault | null {
  const bridge = desktopBridge();
  if (bridge && typeof bridge.readDeviceCredential === 'function') return shellVault(bridge);
  return typeof localStorage === 'undefined' ? null : localVault(localStorage);
}

const parse = (text: string | null): StoredDevice | null => {
  try {
    const parsed = StoredDevice.safeParse(JSON.parse(text ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

/** Dispatched on `window` when this tablet was paired or forgot its credential. */
export const DEVICE_CHANGED = 'icabinet:device-changed';

/** What this tablet holds, read once at start (`loadDevice`) and kept in step by save/forget. */
let current: StoredDevice | null = null;
let vault: CredentialVault | null = null;

const changed = () => {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(DEVICE_CHANGED));
};

/**
 * Reads the credential from its vault before the app renders (main.tsx), so the screens can ask
 * `readDevice()` synchronously. A value that does not parse is treated as none, so a damaged entry
 * leads back to pairing. In the shell, a credential an earlier version left in localStorage is
 * moved into the OS-encrypted store and removed from localStorage (kept there only if the move
 * fails, so the tablet is not unpaired by an update).
 */
export async function loadDevice(
  into: CredentialVault | null = defaultVault(),
  legacy: Pick<Storage, 'getItem' | 'removeItem'> | null = typeof localStorage === 'undefined'
    ? null
    : localStorage,
): Promise<StoredDevice | null> {
  vault = into;
  current = parse(await (into?.read() ?? Promise.resolve(null)).catch(() => null));
  if (into?.sealed && legacy) {
    const left = parse(legacy.getItem(KEY));
    if (left && !current) {
      current = left;
      await into.write(JSON.stringify(left)).then(
        () => legacy.removeItem(KEY),
        () => undefined,
      );
    } else if (left) legacy.removeItem(KEY);
  }
  return current;
}

/** The tablet's device credential (read at start by `loadDevice`), or null when not paired. */
export function readDevice(): StoredDevice | null {
  return current;
}

/** Keeps the credential told at pairing; rejects (keeping nothing) when the vault refuses it. */
export async function saveDevice(value: StoredDevice): Promise<void> {
  if (!vault) throw new Error('no storage for the device credential');
  await vault.write(JSON.stringify(value));
  current = value;
  changed();
}

/** Forgets the credential (revoked or unknown to the server): the tablet pairs again. */
export async function forgetDevice(): Promise<void> {
  current = null;
  changed();
  await vault?.remove().catch(() => undefined);
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
