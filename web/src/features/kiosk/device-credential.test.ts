import { describe, expect, it } from 'vitest';
import type { Result } from '@icabinet/shared';
import {
  forgetDevice,
  loadDevice,
  localVault,
  readDevice,
  saveDevice,
  shellVault,
  type StoredDevice,
} from './device-credential';

/** Web Storage in memory. */
function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

/** The shell's bridge over a store in memory (what the main process keeps, encrypted, on disk). */
function fakeShell(options: { refuseSave?: boolean } = {}) {
  const shell = { kept: null as string | null };
  const ok = <T>(data: T): Promise<Result<T>> => Promise.resolve({ ok: true, data });
  const bridge = {
    readDeviceCredential: () => ok(shell.kept),
    saveDeviceCredential: (text: string): Promise<Result<null>> => {
      if (options.refuseSave) {
        return Promise.resolve({
          ok: false,
          error: { code: 'internal', message: 'device:save-credential failed' },
        } as Result<null>);
      }
      shell.kept = text;
      return ok(null);
    },
    forgetDeviceCredential: () => {
      shell.kept = null;
      return ok(null);
    },
  };
  return { shell, vault: shellVault(bridge) };
}

const device = (token: string): StoredDevice => ({
  token,
  device: { id: '0193a0f2-7c3e-7a1b-9f00-000000000001', room: 'Phòng họp số 1', seatLabel: 'Ghế 05' },
});
/** 43 URL-safe characters, like the server's credentials. */
const TOKEN = `dev_${'a1B-'.repeat(9)}xyz`;

describe('the tablet device credential', () => {
  it('in a plain browser, lives in localStorage', async () => {
    const storage = memoryStorage();
    await loadDevice(localVault(storage), storage);
    expect(readDevice()).toBeNull();

    const paired = device(TOKEN);
    await saveDevice(paired);

    expect(readDevice()).toEqual(paired);
    expect(JSON.parse(storage.map.get('icabinet.device') ?? 'null')).toEqual(paired);
    await loadDevice(localVault(storage), storage);
    expect(readDevice()).toEqual(paired);
  });

  it('in the shell, goes to the OS-encrypted store and never to localStorage', async () => {
    const storage = memoryStorage();
    const { shell, vault } = fakeShell();
    await loadDevice(vault, storage);

    await saveDevice(device(TOKEN));

    expect(storage.map.size).toBe(0);
    expect(shell.kept).toContain(TOKEN);
    await loadDevice(vault, storage);
    expect(readDevice()?.token).toBe(TOKEN);
    await forgetDevice();
    expect(readDevice()).toBeNull();
    expect(shell.kept).toBeNull();
  });

  it('moves a credential an earlier version left in localStorage into the shell store', async () => {
    const legacy = device(TOKEN);
    const storage = memoryStorage({ 'icabinet.device': JSON.stringify(legacy) });
    const { shell, vault } = fakeShell();

    await expect(loadDevice(vault, storage)).resolves.toEqual(legacy);

    expect(storage.map.has('icabinet.device')).toBe(false);
    expect(JSON.parse(shell.kept ?? 'null')).toEqual(legacy);
  });

  it('leaves the old copy where it is when the shell cannot store it (the tablet stays paired)', async () => {
    const legacy = device(TOKEN);
    const storage = memoryStorage({ 'icabinet.device': JSON.stringify(legacy) });
    const { vault } = fakeShell({ refuseSave: true });

    await expect(loadDevice(vault, storage)).resolves.toEqual(legacy);
    expect(storage.map.has('icabinet.device')).toBe(true);
  });

  it('keeps nothing, and says so, when the shell refuses to store a new credential', async () => {
    const storage = memoryStorage();
    const { vault } = fakeShell({ refuseSave: true });
    await loadDevice(vault, storage);

    await expect(saveDevice(device(TOKEN))).rejects.toThrow('device:save-credential failed');

    expect(readDevice()).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('treats a damaged value as none, so the tablet pairs again', async () => {
    const storage = memoryStorage({ 'icabinet.device': '{"token":' });
    await expect(loadDevice(localVault(storage), storage)).resolves.toBeNull();
    storage.map.set('icabinet.device', JSON.stringify({ token: 42 }));
    await expect(loadDevice(localVault(storage), storage)).resolves.toBeNull();
  });
});
