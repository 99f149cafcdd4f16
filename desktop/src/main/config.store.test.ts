import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configPath, loadConfig, openConfigStore, saveConfig } from './config.store.js';
import { silentLogger } from './logger.js';

let userData: string;
let file: string;
beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'icabinet-config-'));
  file = configPath(userData);
});
afterEach(() => rm(userData, { recursive: true, force: true }));

describe('the desktop config', () => {
  it('has no server yet (first run: the address screen asks), not in kiosk mode, when there is no file', async () => {
    await expect(loadConfig(file, silentLogger)).resolves.toEqual({
      serverUrl: null,
      kiosk: false,
      updateUrl: null,
    });
  });

  it('reads a valid file and normalizes the server URL', async () => {
    await writeFile(file, JSON.stringify({ serverUrl: 'HTTPS://IChabinet.Hanoi.gov.vn', kiosk: true }));

    await expect(loadConfig(file, silentLogger)).resolves.toEqual({
      serverUrl: 'https://ichabinet.hanoi.gov.vn/',
      kiosk: true,
      updateUrl: null,
    });
  });

  it.each([
    ['not JSON', '{ serverUrl: '],
    ['a javascript: server URL', JSON.stringify({ serverUrl: 'javascript:alert(1)' })],
    ['a kiosk flag that is not a boolean', JSON.stringify({ kiosk: 'yes' })],
  ])('falls back to the defaults, and says so, when the file is %s', async (_what, text) => {
    await writeFile(file, text);
    const log = { ...silentLogger, error: vi.fn() };

    await expect(loadConfig(file, log)).resolves.toEqual({
      serverUrl: null,
      kiosk: false,
      updateUrl: null,
    });
    expect(log.error).toHaveBeenCalledOnce();
  });

  it('writes what it reads back', async () => {
    await saveConfig(file, {
      serverUrl: 'http://10.0.0.5:8080/',
      kiosk: true,
      updateUrl: 'https://capnhat.hanoi.gov.vn/icabinet/',
    });

    await expect(loadConfig(file, silentLogger)).resolves.toEqual({
      serverUrl: 'http://10.0.0.5:8080/',
      kiosk: true,
      updateUrl: 'https://capnhat.hanoi.gov.vn/icabinet/',
    });
  });

  it('persists a new server URL and keeps the last of several quick changes', async () => {
    const store = await openConfigStore(file, silentLogger);

    await Promise.all([
      store.setServerUrl('http://10.0.0.5:8080/'),
      store.setServerUrl('http://10.0.0.6:8080/'),
    ]);

    expect(store.current().serverUrl).toBe('http://10.0.0.6:8080/');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      serverUrl: 'http://10.0.0.6:8080/',
      kiosk: false,
      updateUrl: null,
    });
  });

  it('keeps the old URL in memory when the file cannot be written', async () => {
    const store = await openConfigStore(path.join(file, 'not-a-dir', 'config.json'), silentLogger);
    await writeFile(file, '{}');

    await expect(store.setServerUrl('http://10.0.0.5:8080/')).rejects.toThrow();
    expect(store.current().serverUrl).toBeNull();
  });
});
