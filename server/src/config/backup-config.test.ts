import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('backup settings', () => {
  it('are off by default', () => {
    expect(loadConfig({}).backup).toBeNull();
  });

  it('turn on with BACKUP_DIR, with a daily interval and seven archives kept unless set', () => {
    expect(loadConfig({ BACKUP_DIR: 'sao-luu' }).backup).toEqual({
      dir: path.resolve('sao-luu'),
      intervalMs: 24 * 3_600_000,
      keep: 7,
    });
    expect(
      loadConfig({ BACKUP_DIR: '/srv/b', BACKUP_INTERVAL_HOURS: '0.5', BACKUP_KEEP: '30' }).backup,
    ).toEqual({
      dir: '/srv/b',
      intervalMs: 1_800_000,
      keep: 30,
    });
  });

  it('refuse bad values and MongoDB with a clear message', () => {
    expect(() => loadConfig({ BACKUP_DIR: '/srv/b', BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
    expect(() => loadConfig({ BACKUP_DIR: '/srv/b', BACKUP_INTERVAL_HOURS: 'daily' })).toThrow(
      /BACKUP_INTERVAL_HOURS/,
    );
    expect(() => loadConfig({ BACKUP_DIR: '/srv/b', BACKUP_INTERVAL_HOURS: '0' })).toThrow(/one minute/);
    expect(() => loadConfig({ BACKUP_DIR: '/srv/b', MONGODB_URI: 'mongodb://db/icabinet' })).toThrow(
      /mongodump/,
    );
  });
});
