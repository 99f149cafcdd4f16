import { IpcChannel } from '@icabinet/shared';
import { describe, expect, it, vi } from 'vitest';
import { createDesktopBridge } from './bridge.js';

function bridgeWithSpy() {
  const ipcRenderer = {
    invoke: vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve({ ok: true, data: null })),
  };
  return { bridge: createDesktopBridge(ipcRenderer), invoke: ipcRenderer.invoke };
}

describe('the preload bridge', () => {
  it('exposes exactly its seven calls, all functions', () => {
    const { bridge } = bridgeWithSpy();

    expect(Object.keys(bridge).sort()).toEqual([
      'forgetDeviceCredential',
      'getInfo',
      'openExternal',
      'readDeviceCredential',
      'saveDeviceCredential',
      'setContentProtection',
      'setServerUrl',
    ]);
    expect(Object.values(bridge).every((value) => typeof value === 'function')).toBe(true);
  });

  it('calls each method on its own channel', async () => {
    const { bridge, invoke } = bridgeWithSpy();

    await bridge.getInfo();
    await bridge.openExternal('https://example.vn/');
    await bridge.setServerUrl('http://10.0.0.5:8080/');
    await bridge.setContentProtection(true);
    await bridge.readDeviceCredential();
    await bridge.saveDeviceCredential('{"token":"x"}');
    await bridge.forgetDeviceCredential();

    expect(invoke.mock.calls).toEqual([
      [IpcChannel.getInfo],
      [IpcChannel.openExternal, 'https://example.vn/'],
      [IpcChannel.setServerUrl, 'http://10.0.0.5:8080/'],
      [IpcChannel.setContentProtection, true],
      [IpcChannel.readDeviceCredential],
      [IpcChannel.saveDeviceCredential, '{"token":"x"}'],
      [IpcChannel.forgetDeviceCredential],
    ]);
  });

  it('passes on only the declared argument, whatever the page adds', async () => {
    const { bridge, invoke } = bridgeWithSpy();
    const openExternal = bridge.openExternal as (...args: unknown[]) => Promise<unknown>;

    await openExternal('https://example.vn/', { extra: true }, 'more');

    expect(invoke).toHaveBeenCalledWith(IpcChannel.openExternal, 'https://example.vn/');
  });

  it('answers what the main process answered', async () => {
    const { bridge } = bridgeWithSpy();

    await expect(bridge.getInfo()).resolves.toEqual({ ok: true, data: null });
  });
});
