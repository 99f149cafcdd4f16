import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { credentialPath, openCredentialStore } from './credential.store.js';
import { createFakeSafeStorage } from './electron.fake.js';
import { silentLogger } from './logger.js';

const SERVER = 'http://10.0.0.5:8080';
const CREDENTIAL = JSON.stringify({
  token: 'dev_0123456789abcdef',
  device: { room: 'Phòng họp số 1', seat: 'Ghế 05' },
});

let userData: string;
let file: string;
beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'icabinet-credential-'));
  file = credentialPath(userData);
});
afterEach(() => rm(userData, { recursive: true, force: true }));

describe('the device credential store', () => {
  it('keeps the credential encrypted by the OS, never in clear, and reads it back', async () => {
    const safeStorage = createFakeSafeStorage();
    const store = openCredentialStore(file, safeStorage, silentLogger);

    await expect(store.read(SERVER)).resolves.toBeNull();
    await store.save(SERVER, CREDENTIAL);

    const onDisk = await readFile(file);
    expect(onDisk.toString('latin1')).not.toContain('dev_0123456789abcdef');
    expect(safeStorage.encryptString).toHaveBeenCalledOnce();
    await expect(store.read(SERVER)).resolves.toBe(CREDENTIAL);
    // A new start of the app (a new store on the same file) finds it.
    await expect(openCredentialStore(file, safeStorage, silentLogger).read(SERVER)).resolves.toBe(CREDENTIAL);
  });

  it.runIf(process.platform !== 'win32')('writes a file only its owner may read', async () => {
    const store = openCredentialStore(file, createFakeSafeStorage(), silentLogger);
    await store.save(SERVER, CREDENTIAL);

    expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('answers nothing for another server: a repointed tablet never sends it elsewhere', async () => {
    const store = openCredentialStore(file, createFakeSafeStorage(), silentLogger);
    await store.save(SERVER, CREDENTIAL);

    await expect(store.read('http://10.0.0.9:8080')).resolves.toBeNull();
    await expect(store.read(null)).resolves.toBeNull();
  });

  it('refuses to store without the OS encryption, and writes nothing', async () => {
    const store = openCredentialStore(file, createFakeSafeStorage({ available: false }), silentLogger);

    await expect(store.save(SERVER, CREDENTIAL)).rejects.toThrow(/no encryption/);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('forgets it', async () => {
    const store = openCredentialStore(file, createFakeSafeStorage(), silentLogger);
    await store.save(SERVER, CREDENTIAL);

    await store.forget();

    await expect(store.read(SERVER)).resolves.toBeNull();
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.forget()).resolves.toBeUndefined();
  });

  it.each([
    ['written in clear by someone else', (f: string) => writeFile(f, CREDENTIAL)],
    [
      'sealed by another OS user',
      (f: string) => writeFile(f, createFakeSafeStorage({ key: 0x33 }).encryptString('{}')),
    ],
    [
      'sealed but not a credential record',
      (f: string) => writeFile(f, createFakeSafeStorage().encryptString('{"x":1}')),
    ],
  ])('treats a file %s as none, and says so in the log', async (_what, plant) => {
    await plant(file);
    const log = { ...silentLogger, error: vi.fn() };

    await expect(openCredentialStore(file, createFakeSafeStorage(), log).read(SERVER)).resolves.toBeNull();
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('reads nothing while the keyring is away, and the file is still there when it is back', async () => {
    const safeStorage = createFakeSafeStorage();
    const store = openCredentialStore(file, safeStorage, silentLogger);
    await store.save(SERVER, CREDENTIAL);

    safeStorage.available = false;
    await expect(store.read(SERVER)).resolves.toBeNull();
    safeStorage.available = true;
    await expect(store.read(SERVER)).resolves.toBe(CREDENTIAL);
  });

  it('ends with the last of several quick changes', async () => {
    const store = openCredentialStore(file, createFakeSafeStorage(), silentLogger);

    await Promise.all([store.save(SERVER, '{"a":1}'), store.forget(), store.save(SERVER, '{"b":2}')]);

    await expect(store.read(SERVER)).resolves.toBe('{"b":2}');
  });
});
