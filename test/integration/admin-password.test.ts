import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../utils/eventually.js';
import { ApiClient } from '../utils/http.js';
import { ROOT, spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';

const run = promisify(execFile);
const SEED_PASSWORD = 'Mat-khau-tu-seed-123';

/** `npm run seed:demo` as the README says, on the built server. */
const seed = (env: Record<string, string>) =>
  run(process.execPath, [path.join(ROOT, 'server', 'dist', 'seed-demo.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });

describe('the administrator password across seed:demo and start', () => {
  let dir: string;
  let proc: SpawnedServer | undefined;

  beforeEach(async () => {
    dir = await tempDir('icabinet-admin-');
  });
  afterEach(async () => {
    await proc?.kill();
    proc = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('seed:demo creates admin with ICABINET_ADMIN_PASSWORD when it is set', async () => {
    const out = await seed({ DATA_DIR: dir, ICABINET_ADMIN_PASSWORD: SEED_PASSWORD });
    expect(out.stdout).not.toMatch(/Quản trị: admin \/ \S+-\S+/);
    proc = spawnServer(testEnv(dir, { ICABINET_ADMIN_PASSWORD: SEED_PASSWORD, LOG_LEVEL: 'info' }));
    const url = await proc.url;
    expect(await new ApiClient(url).login('admin', SEED_PASSWORD)).toBe(200);
    // The same password again is no news: no warning (the listening line comes after the check).
    await eventually(() => expect(proc!.output()).toContain('I-Cabinet is listening'));
    expect(proc.output()).not.toContain('ICABINET_ADMIN_PASSWORD was ignored');
  }, 120_000);

  it('warns at start when ICABINET_ADMIN_PASSWORD cannot take effect because users exist', async () => {
    const out = await seed({ DATA_DIR: dir });
    const generated = /Quản trị: admin \/ (\S+)/.exec(out.stdout)?.[1];
    expect(generated).toBeDefined();
    proc = spawnServer(testEnv(dir, { ICABINET_ADMIN_PASSWORD: 'Mat-khau-khac-456', LOG_LEVEL: 'info' }));
    const url = await proc.url;
    await eventually(() => expect(proc!.output()).toContain('I-Cabinet is listening'));
    expect(proc.output()).toMatch(/"level":40[^\n]*ICABINET_ADMIN_PASSWORD was ignored/);
    expect(await new ApiClient(url).login('admin', 'Mat-khau-khac-456')).toBe(401);
    expect(await new ApiClient(url).login('admin', generated!)).toBe(200);
  }, 120_000);
});
