import { describe, expect, it } from 'vitest';
import type { DesktopBridge, DesktopInfo } from '@icabinet/shared';
import { buildUrl } from './api';
import { baseFor, initServerBase, serverBase } from './server-base';

const shell = (serverUrl: string | null): DesktopBridge => {
  const info: DesktopInfo = { platform: 'linux', appVersion: '0.1.0', serverUrl, kiosk: true };
  return {
    getInfo: () => Promise.resolve({ ok: true, data: info }),
    openExternal: () => Promise.resolve({ ok: true, data: null }),
    setServerUrl: () => Promise.resolve({ ok: true, data: info }),
    setContentProtection: () => Promise.resolve({ ok: true, data: null }),
    readDeviceCredential: () => Promise.resolve({ ok: true, data: null }),
    saveDeviceCredential: () => Promise.resolve({ ok: true, data: null }),
    forgetDeviceCredential: () => Promise.resolve({ ok: true, data: null }),
  };
};

describe('where the API and the socket are', () => {
  it("is the page itself in a browser and on the server's own pages", async () => {
    expect(baseFor('http://10.0.0.5:8080/', 'http://10.0.0.5:8080')).toBe('');
    expect(await initServerBase(null, 'http://10.0.0.5:8080')).toBeNull();
    expect(buildUrl('/me')).toBe('/api/me');

    await initServerBase(shell('http://10.0.0.5:8080/'), 'http://10.0.0.5:8080');
    expect(buildUrl('/me')).toBe('/api/me');
  });

  it('is the configured server for the bundled copy on app://bundle', async () => {
    const info = await initServerBase(shell('http://10.0.0.5:8080/'), 'app://bundle');

    expect(info?.serverUrl).toBe('http://10.0.0.5:8080/');
    expect(serverBase()).toBe('http://10.0.0.5:8080');
    expect(buildUrl('/meetings', { q: 'ngân sách' })).toBe(
      'http://10.0.0.5:8080/api/meetings?q=ng%C3%A2n+s%C3%A1ch',
    );
  });

  it('stays on the page when the shell has no server yet or does not answer', async () => {
    await initServerBase(shell('http://10.0.0.5:8080/'), 'app://bundle');
    await initServerBase(shell(null), 'app://bundle');
    expect(serverBase()).toBe('');

    const broken: DesktopBridge = { ...shell(null), getInfo: () => Promise.reject(new Error('gone')) };
    await expect(initServerBase(broken, 'app://bundle')).resolves.toBeNull();
    expect(serverBase()).toBe('');
  });
});
