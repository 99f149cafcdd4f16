import { IpcChannel, type DesktopInfo, type Result } from '@icabinet/shared';
import { describe, expect, it, vi } from 'vitest';
import type { DesktopConfig } from '../config.store.js';
import type { CredentialStore } from '../credential.store.js';
import { createFakeElectron, frame } from '../electron.fake.js';
import { silentLogger } from '../logger.js';
import { registerDesktopIpc } from './desktop.ipc.js';
import { identifySender } from './ipc.guard.js';

const SERVER_PAGE = frame('http://localhost:8080/meetings/42');
const BUNDLE_PAGE = frame('app://bundle/settings');

function setup() {
  const fake = createFakeElectron();
  let config: DesktopConfig = { serverUrl: 'http://localhost:8080/', kiosk: true, updateUrl: null };
  const setServerUrl = vi.fn((serverUrl: string) => {
    config = { ...config, serverUrl };
    return Promise.resolve(config);
  });
  const openExternal = vi.fn(() => true);
  const setContentProtection = vi.fn();
  // The credential store in memory, recording the server each call was made for.
  let kept: { server: string | null; text: string } | null = null;
  const credential = {
    read: vi.fn((server: string | null) => Promise.resolve(kept?.server === server ? kept.text : null)),
    save: vi.fn((server: string | null, text: string) => {
      kept = { server, text };
      return Promise.resolve();
    }),
    forget: vi.fn(() => {
      kept = null;
      return Promise.resolve();
    }),
  } satisfies CredentialStore;
  registerDesktopIpc({
    ipcMain: fake.electron.ipcMain,
    platform: 'linux',
    appVersion: '1.2.3',
    config: () => config,
    setServerUrl,
    setContentProtection,
    openExternal,
    credential,
    log: silentLogger,
  });
  const invoke = (channel: string, sender: ReturnType<typeof frame> | null, ...args: unknown[]) =>
    fake.invoke(channel, sender, ...args) as Promise<Result<unknown>>;
  return { invoke, setServerUrl, openExternal, setContentProtection, credential };
}

describe('the desktop IPC handlers', () => {
  it('tell a server page what the tablet is', async () => {
    const { invoke } = setup();

    await expect(invoke(IpcChannel.getInfo, SERVER_PAGE)).resolves.toEqual({
      ok: true,
      data: { platform: 'linux', appVersion: '1.2.3', serverUrl: 'http://localhost:8080/', kiosk: true },
    });
  });

  it('tell the bundled app what the tablet is', async () => {
    const { invoke } = setup();

    await expect(invoke(IpcChannel.getInfo, BUNDLE_PAGE)).resolves.toMatchObject({ ok: true });
  });

  it('refuse a call with extra arguments, naming the channel', async () => {
    const { invoke } = setup();

    await expect(invoke(IpcChannel.getInfo, SERVER_PAGE, 'surprise')).resolves.toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringContaining('invalid arguments for app:get-info') as unknown,
      }) as unknown,
    });
  });

  it('open a vetted https link, passing the normalized URL', async () => {
    const { invoke, openExternal } = setup();

    await expect(invoke(IpcChannel.openExternal, SERVER_PAGE, 'HTTPS://Example.VN/a')).resolves.toEqual({
      ok: true,
      data: null,
    });
    expect(openExternal).toHaveBeenCalledWith('https://example.vn/a');
  });

  it.each([
    ['an http link', 'http://example.vn/'],
    ['a javascript: link', 'javascript:alert(1)'],
    ['a file: link', 'file:///etc/passwd'],
    ['a link with credentials', 'https://user:pw@example.vn/'],
    ['a number', 42],
    ['nothing', undefined],
  ])('refuse to open %s, with a clear error', async (_what, url) => {
    const { invoke, openExternal } = setup();
    const result = await invoke(IpcChannel.openExternal, SERVER_PAGE, url);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toMatch(/^invalid arguments for shell:open-external: .+/);
    expect(result.error.issues?.length).toBeGreaterThan(0);
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('let the bundled app store a new server URL and answer the new info', async () => {
    const { invoke, setServerUrl } = setup();
    const result = (await invoke(
      IpcChannel.setServerUrl,
      BUNDLE_PAGE,
      'https://icabinet.hanoi.gov.vn',
    )) as Result<DesktopInfo>;

    expect(setServerUrl).toHaveBeenCalledWith('https://icabinet.hanoi.gov.vn/');
    expect(result).toMatchObject({ ok: true, data: { serverUrl: 'https://icabinet.hanoi.gov.vn/' } });
  });

  it.each([
    ['a non-http scheme', 'ftp://files.example.vn/'],
    ['credentials', 'http://admin:admin@10.0.0.5:8080/'],
    ['a query', 'http://10.0.0.5:8080/?next=evil'],
    ['not a URL at all', 'localhost:8080'],
  ])('refuse a server URL with %s', async (_what, url) => {
    const { invoke, setServerUrl } = setup();

    await expect(invoke(IpcChannel.setServerUrl, BUNDLE_PAGE, url)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(setServerUrl).not.toHaveBeenCalled();
  });

  it('do not let a page served by the server change the server URL', async () => {
    const { invoke, setServerUrl } = setup();

    await expect(
      invoke(IpcChannel.setServerUrl, SERVER_PAGE, 'https://evil.example/'),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(setServerUrl).not.toHaveBeenCalled();
  });

  it.each([
    ['another site', frame('https://evil.example/')],
    ['the server host on another port', frame('http://localhost:9999/')],
    ['another app:// host', frame('app://other/')],
    ['a file: page', frame('file:///tmp/x.html')],
    ['an iframe inside the server page', frame('http://localhost:8080/embed', SERVER_PAGE)],
    ['a frame that is already gone', null],
  ])('reject every call from %s as forbidden', async (_what, sender) => {
    const { invoke, openExternal } = setup();

    for (const [channel, args] of [
      [IpcChannel.getInfo, []],
      [IpcChannel.openExternal, ['https://example.vn/']],
      [IpcChannel.setServerUrl, ['http://localhost:8080/']],
    ] as const) {
      await expect(invoke(channel, sender, ...args)).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden', message: `${channel} may not be called from this page` },
      });
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('check the sender before the arguments, so a foreign page learns nothing about them', async () => {
    const { invoke } = setup();

    await expect(invoke(IpcChannel.openExternal, frame('https://evil.example/'), 42)).resolves.toMatchObject({
      error: { code: 'forbidden' },
    });
  });

  it('answer an internal error without its details when a handler throws', async () => {
    const fake = createFakeElectron();
    registerDesktopIpc({
      ipcMain: fake.electron.ipcMain,
      platform: 'linux',
      appVersion: '1.2.3',
      config: () => ({ serverUrl: 'http://localhost:8080/', kiosk: false, updateUrl: null }),
      setServerUrl: () => Promise.reject(new Error('EACCES: permission denied, open /home/x/config.json')),
      setContentProtection: () => undefined,
      openExternal: () => true,
      credential: {
        read: () => Promise.resolve(null),
        save: () => Promise.resolve(),
        forget: () => Promise.resolve(),
      },
      log: silentLogger,
    });

    await expect(fake.invoke(IpcChannel.setServerUrl, BUNDLE_PAGE, 'http://10.0.0.5/')).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'config:set-server-url failed' },
    });
  });
});

describe('content protection', () => {
  it('is switched by server and bundled pages alike, with a boolean only', async () => {
    const { invoke, setContentProtection } = setup();

    await expect(invoke(IpcChannel.setContentProtection, SERVER_PAGE, true)).resolves.toEqual({
      ok: true,
      data: null,
    });
    await expect(invoke(IpcChannel.setContentProtection, BUNDLE_PAGE, false)).resolves.toMatchObject({
      ok: true,
    });
    await expect(invoke(IpcChannel.setContentProtection, SERVER_PAGE, 'yes')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await expect(
      invoke(IpcChannel.setContentProtection, frame('https://evil.example/'), false),
    ).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });

    expect(setContentProtection.mock.calls).toEqual([[true], [false]]);
  });
});

describe('the device credential', () => {
  it('is kept, read and forgotten for the configured server, by server and bundled pages', async () => {
    const { invoke, credential } = setup();

    await expect(invoke(IpcChannel.readDeviceCredential, SERVER_PAGE)).resolves.toEqual({
      ok: true,
      data: null,
    });
    await expect(invoke(IpcChannel.saveDeviceCredential, SERVER_PAGE, '{"token":"t"}')).resolves.toEqual({
      ok: true,
      data: null,
    });
    await expect(invoke(IpcChannel.readDeviceCredential, BUNDLE_PAGE)).resolves.toEqual({
      ok: true,
      data: '{"token":"t"}',
    });
    expect(credential.save).toHaveBeenCalledWith('http://localhost:8080', '{"token":"t"}');
    await expect(invoke(IpcChannel.forgetDeviceCredential, SERVER_PAGE)).resolves.toEqual({
      ok: true,
      data: null,
    });
    await expect(invoke(IpcChannel.readDeviceCredential, SERVER_PAGE)).resolves.toEqual({
      ok: true,
      data: null,
    });
  });

  it('is not read for another server once the tablet is repointed', async () => {
    const { invoke } = setup();
    await invoke(IpcChannel.saveDeviceCredential, SERVER_PAGE, '{"token":"t"}');

    await invoke(IpcChannel.setServerUrl, BUNDLE_PAGE, 'http://10.0.0.9:8080/');

    await expect(invoke(IpcChannel.readDeviceCredential, BUNDLE_PAGE)).resolves.toEqual({
      ok: true,
      data: null,
    });
  });

  it.each([
    ['nothing', []],
    ['an empty text', ['']],
    ['a number', [42]],
    ['a text too long', ['x'.repeat(4097)]],
    ['two texts', ['a', 'b']],
  ])('refuses to save %s', async (_what, args) => {
    const { invoke, credential } = setup();

    await expect(invoke(IpcChannel.saveDeviceCredential, SERVER_PAGE, ...args)).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(credential.save).not.toHaveBeenCalled();
  });

  it('is out of reach of any other page', async () => {
    const { invoke, credential } = setup();
    await invoke(IpcChannel.saveDeviceCredential, SERVER_PAGE, '{"token":"t"}');

    for (const sender of [frame('https://evil.example/'), frame('http://localhost:8080/x', SERVER_PAGE)]) {
      await expect(invoke(IpcChannel.readDeviceCredential, sender)).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      await expect(invoke(IpcChannel.forgetDeviceCredential, sender)).resolves.toMatchObject({
        error: { code: 'forbidden' },
      });
    }
    expect(credential.read).not.toHaveBeenCalled();
    expect(credential.forget).not.toHaveBeenCalled();
  });
});

describe('identifying the sender', () => {
  const origins = { bundle: 'app://bundle', server: 'http://localhost:8080' };

  it('knows the bundled app and the server by origin', () => {
    expect(identifySender(frame('app://bundle/x'), origins)).toBe('bundle');
    expect(identifySender(frame('http://localhost:8080/x'), origins)).toBe('server');
  });

  it('knows no server when none is configured', () => {
    expect(identifySender(frame('http://localhost:8080/x'), { ...origins, server: null })).toBeNull();
  });

  it('does not trust a frame whose URL does not parse', () => {
    expect(identifySender(frame('about:blank'), origins)).toBeNull();
    expect(identifySender(frame(''), origins)).toBeNull();
  });
});
