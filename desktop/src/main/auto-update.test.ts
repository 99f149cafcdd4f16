import { describe, expect, it, vi } from 'vitest';
import { startAutoUpdate, UPDATE_INTERVAL_MS, type UpdaterLike } from './auto-update.js';
import { silentLogger } from './logger.js';

function fakeUpdater(check: () => Promise<unknown> = () => Promise.resolve(null)) {
  const listeners = new Map<string, (arg: never) => void>();
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(check),
    on: (event: string, listener: (arg: never) => void) => listeners.set(event, listener),
  } satisfies UpdaterLike;
  return { updater, listeners };
}

describe('automatic updates', () => {
  it("check the operator's generic server at start and every few hours, installing on quit", () => {
    const { updater } = fakeUpdater();
    const timers: number[] = [];

    const on = startAutoUpdate(updater, {
      updateUrl: 'https://capnhat.hanoi.gov.vn/icabinet/',
      isPackaged: true,
      log: silentLogger,
      setInterval: (_run, ms) => timers.push(ms),
    });

    expect(on).toBe(true);
    expect(updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://capnhat.hanoi.gov.vn/icabinet/',
    });
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
    expect(updater.autoInstallOnAppQuit).toBe(true);
    expect(timers).toEqual([UPDATE_INTERVAL_MS]);
  });

  it.each([
    ['no update server is named', null, true],
    ['the app is not packaged', 'https://capnhat.hanoi.gov.vn/icabinet/', false],
  ])('stay off when %s', (_why, updateUrl, isPackaged) => {
    const { updater } = fakeUpdater();

    expect(startAutoUpdate(updater, { updateUrl, isPackaged, log: silentLogger, setInterval: vi.fn() })).toBe(
      false,
    );
    expect(updater.setFeedURL).not.toHaveBeenCalled();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('log a failed check instead of crashing the tablet', async () => {
    const { updater } = fakeUpdater(() => Promise.reject(new Error('ECONNREFUSED')));
    const log = { ...silentLogger, warn: vi.fn() };

    startAutoUpdate(updater, {
      updateUrl: 'http://10.0.0.9/updates/',
      isPackaged: true,
      log,
      setInterval: vi.fn(),
    });
    await vi.waitFor(() =>
      expect(log.warn).toHaveBeenCalledWith('the update check failed', { error: 'ECONNREFUSED' }),
    );
  });
});
