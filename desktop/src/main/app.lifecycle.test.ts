import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IpcChannel } from '@icabinet/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDesktop } from './app.lifecycle.js';
import { createFakeElectron, frame, type FakeElectronOptions } from './electron.fake.js';
import { silentLogger } from './logger.js';

let userData: string;
beforeEach(async () => {
  userData = await mkdtemp(path.join(tmpdir(), 'icabinet-lifecycle-'));
});
afterEach(() => rm(userData, { recursive: true, force: true }));

const LOCAL = 'http://localhost:8080/';

/** Starts the app; `serverUrl` is written to config.json first (null: a first run, no file). */
async function start(options: FakeElectronOptions & { serverUrl?: string | null } = {}) {
  const { serverUrl = LOCAL, ...fakeOptions } = options;
  if (serverUrl !== null) {
    await writeFile(path.join(userData, 'config.json'), JSON.stringify({ serverUrl }));
  }
  const fake = createFakeElectron({ userData, ...fakeOptions });
  await startDesktop(fake.electron, {
    paths: { preload: '/app/dist/preload.cjs', webRoot: '/app/web' },
    platform: 'linux',
    log: silentLogger,
  });
  return fake;
}

describe('the desktop app lifecycle', () => {
  it('registers app:// as privileged before it waits for ready', async () => {
    const fake = await start();

    expect(fake.calls.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.calls.indexOf('whenReady'));
    expect(fake.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
  });

  it('treats a server on plain http of the local network as a secure origin, before ready', async () => {
    const fake = await start({ serverUrl: 'http://192.168.1.10:8080/' });

    expect(fake.switches).toEqual([['unsafely-treat-insecure-origin-as-secure', 'http://192.168.1.10:8080']]);
    expect(fake.calls.indexOf('appendSwitch:unsafely-treat-insecure-origin-as-secure')).toBeLessThan(
      fake.calls.indexOf('whenReady'),
    );
  });

  it('trusts no origin for https, loopback or a first run', async () => {
    for (const serverUrl of ['https://hop.ubnd.example/', LOCAL, 'http://127.0.0.1:8080/', null]) {
      await rm(path.join(userData, 'config.json'), { force: true });
      const fake = await start({ serverUrl });
      expect({ serverUrl, switches: fake.switches }).toEqual({ serverUrl, switches: [] });
    }
  });

  it('quits a second launch straight away and opens no window', async () => {
    const fake = await start({ singleInstanceLock: false });

    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);
  });

  it('brings the running window forward when the app is launched again', async () => {
    const fake = await start();
    const window = fake.windows[0]!;
    window.minimized = true;

    fake.emitApp('second-instance');

    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('quits when the last window closes', async () => {
    const fake = await start();

    fake.emitApp('window-all-closed');

    expect(fake.app.quit).toHaveBeenCalled();
  });

  it('opens one secure window on the configured server', async () => {
    const fake = await start({ serverUrl: 'http://10.0.0.5:8080' });

    expect(fake.windows).toHaveLength(1);
    expect(fake.windows[0]?.options.webPreferences).toMatchObject({
      preload: '/app/dist/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(fake.windows[0]?.loaded).toEqual(['http://10.0.0.5:8080/']);
  });

  it('opens the address screen of the bundled app on first run, and nothing else', async () => {
    const fake = await start({ serverUrl: null });

    expect(fake.windows[0]?.loaded).toEqual(['app://bundle/setup']);
    await expect(fake.invoke(IpcChannel.getInfo, frame('app://bundle/setup'))).resolves.toMatchObject({
      ok: true,
      data: { serverUrl: null },
    });
    // No server is trusted yet: only the bundle may be shown.
    expect(fake.windows[0]!.webContents.navigate('http://localhost:8080/')).toBe(true);
  });

  it('lets the address screen save the checked server; the next start opens that server', async () => {
    const first = await start({ serverUrl: null });
    await expect(
      first.invoke(IpcChannel.setServerUrl, frame('app://bundle/setup'), 'http://10.0.0.7:8080'),
    ).resolves.toMatchObject({ ok: true, data: { serverUrl: 'http://10.0.0.7:8080/' } });

    const fake = createFakeElectron({ userData });
    await startDesktop(fake.electron, {
      paths: { preload: '/app/dist/preload.cjs', webRoot: '/app/web' },
      platform: 'linux',
      log: silentLogger,
    });
    expect(fake.windows[0]?.loaded).toEqual(['http://10.0.0.7:8080/']);
  });

  it('falls back to the bundled app when the server is down', async () => {
    const fake = await start({
      loadURL: (url) =>
        url.startsWith('app:') ? Promise.resolve() : Promise.reject(new Error('ERR_CONNECTION_REFUSED')),
    });

    expect(fake.windows[0]?.loaded).toEqual(['http://localhost:8080/', 'app://bundle/']);
  });

  it('guards the window it creates: other origins are blocked, the server is allowed', async () => {
    const fake = await start();
    const contents = fake.windows[0]!.webContents;

    expect(contents.navigate('https://evil.example/')).toBe(true);
    expect(contents.navigate('http://localhost:8080/meetings/1')).toBe(false);
    expect(contents.openWindow('http://localhost:8080/')).toEqual({ action: 'deny' });
  });

  it('serves app:// with the handler that knows the web build', async () => {
    const fake = await start();

    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
  });

  it('denies every permission request and check', async () => {
    const fake = await start();
    const granted: boolean[] = [];

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      fake.permissions.request?.({}, permission, (answer) => granted.push(answer));
      granted.push(fake.permissions.check?.({}, permission) ?? true);
    }
    granted.push(fake.permissions.device?.() ?? true);

    expect(granted.every((answer) => !answer)).toBe(true);
    expect(granted).toHaveLength(11);
  });

  it('answers the bridge once ready, and lets the bundled app repoint the tablet and its guards', async () => {
    const fake = await start();

    await expect(fake.invoke(IpcChannel.getInfo, frame('http://localhost:8080/'))).resolves.toMatchObject({
      ok: true,
      data: { serverUrl: 'http://localhost:8080/', appVersion: '1.2.3', platform: 'linux', kiosk: false },
    });
    await expect(
      fake.invoke(IpcChannel.setServerUrl, frame('app://bundle/'), 'https://icabinet.hanoi.gov.vn'),
    ).resolves.toMatchObject({ ok: true, data: { serverUrl: 'https://icabinet.hanoi.gov.vn/' } });

    const contents = fake.windows[0]!.webContents;
    expect(contents.navigate('https://icabinet.hanoi.gov.vn/')).toBe(false);
    expect(contents.navigate('http://localhost:8080/')).toBe(true);
  });

  it('locks a kiosk tablet: no menu, no DevTools, no reload shortcut', async () => {
    await writeFile(path.join(userData, 'config.json'), JSON.stringify({ serverUrl: LOCAL, kiosk: true }));
    const fake = createFakeElectron({ userData });
    await startDesktop(fake.electron, {
      paths: { preload: '/app/dist/preload.cjs', webRoot: '/app/web' },
      platform: 'linux',
      log: silentLogger,
    });

    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(fake.windows[0]?.options.webPreferences.devTools).toBe(false);
    expect(fake.windows[0]!.webContents.press({ key: 'r', control: true })).toBe(true);
  });

  it('protects the window while a page says a confidential document is open', async () => {
    const fake = await start();
    const window = fake.windows[0]!;

    await fake.invoke(IpcChannel.setContentProtection, frame('http://localhost:8080/meetings/1/room'), true);
    await fake.invoke(IpcChannel.setContentProtection, frame('http://localhost:8080/meetings/1/room'), false);

    expect(window.setContentProtection.mock.calls).toEqual([[true], [false]]);
  });

  it("keeps a server page's device credential in userData, sealed by the OS, for the next start", async () => {
    const page = frame('http://localhost:8080/pair');
    const credential = '{"token":"dev_secret_token_123","device":{"room":"P1","seat":"G5"}}';
    const fake = await start();

    await expect(fake.invoke(IpcChannel.saveDeviceCredential, page, credential)).resolves.toEqual({
      ok: true,
      data: null,
    });

    const onDisk = await readFile(path.join(userData, 'device-credential.bin'));
    expect(onDisk.toString('latin1')).not.toContain('dev_secret_token_123');
    const next = await start();
    await expect(next.invoke(IpcChannel.readDeviceCredential, page)).resolves.toEqual({
      ok: true,
      data: credential,
    });
  });

  it('answers a failure, and keeps nothing, when the OS offers no encryption', async () => {
    const fake = await start({ encryptionAvailable: false });

    await expect(
      fake.invoke(IpcChannel.saveDeviceCredential, frame('http://localhost:8080/pair'), '{"token":"t"}'),
    ).resolves.toEqual({ ok: false, error: { code: 'internal', message: 'device:save-credential failed' } });
    await expect(readFile(path.join(userData, 'device-credential.bin'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('routes a window.open to an https site to the system browser', async () => {
    const fake = await start();

    fake.windows[0]!.webContents.openWindow('https://vanban.chinhphu.vn/');

    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://vanban.chinhphu.vn/');
  });
});
