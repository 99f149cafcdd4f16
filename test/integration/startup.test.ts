import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../utils/http.js';
import { spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';

let dir: string;
let proc: SpawnedServer | undefined;

beforeEach(async () => {
  dir = await tempDir('icabinet-startup-');
});
afterEach(async () => {
  await proc?.kill();
  proc = undefined;
  await rm(dir, { recursive: true, force: true });
});

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('server start-up', () => {
  it('creates the first admin with a generated password printed once, and never again', async () => {
    const env = testEnv(dir, { LOG_LEVEL: 'silent' });
    delete env.ICABINET_ADMIN_PASSWORD;
    proc = spawnServer(env);
    const url = await proc.url;
    const password = /password: (\S+)/.exec(proc.output())?.[1];
    expect(password).toBeDefined();
    expect(await new ApiClient(url).login('admin', password!)).toBe(200);
    await proc.kill();

    proc = spawnServer(env);
    const again = await proc.url;
    expect(proc.output()).not.toContain('password:');
    expect(await new ApiClient(again).login('admin', password!)).toBe(200);
  });

  it('serves the Vietnamese web app at / and the API beside it', async () => {
    proc = spawnServer(testEnv(dir));
    const url = await proc.url;
    const page = await fetch(url + '/');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toMatch(/<html lang="vi"/);
    // Client-side routes are answered with the app too, so a reload on /admin/users works.
    expect(await (await fetch(url + '/admin/users')).text()).toBe(html);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const health = (await (await fetch(url + '/api/health')).json()) as { store: string };
    expect(health.store).toBe('sqlite');
  });

  it('explains how to build the web app when it is missing, and keeps the API working', async () => {
    proc = spawnServer(testEnv(dir, { WEB_DIST: path.join(dir, 'no-web-here') }));
    const url = await proc.url;
    const page = await fetch(url + '/');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('npm run build');
    expect((await fetch(url + '/api/health')).status).toBe(200);
  });

  it('refuses to start on a corrupt SQLite file, names the file, and leaves it untouched', async () => {
    const file = path.join(dir, 'icabinet.sqlite');
    await writeFile(file, 'Đây không phải là cơ sở dữ liệu SQLite. '.repeat(200));
    const before = await sha(file);
    proc = spawnServer(testEnv(dir));
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toContain(file);
    expect(await sha(file)).toBe(before);
  });

  it('refuses to start when the data directory is a file, and names it', async () => {
    const notADir = path.join(dir, 'data-is-a-file');
    await writeFile(notADir, 'x');
    proc = spawnServer(testEnv(notADir));
    expect(await proc.exit).toBe(1);
    expect(proc.output()).toContain(notADir);
    expect(await readFile(notADir, 'utf8')).toBe('x');
  });

  it('refuses to start with invalid configuration and lists every problem', async () => {
    await mkdir(path.join(dir, 'd'));
    proc = spawnServer(
      testEnv(path.join(dir, 'd'), {
        PORT: 'eighty',
        MONGODB_URI: 'postgres://x',
        ICABINET_ADMIN_PASSWORD: 'short',
      }),
    );
    expect(await proc.exit).toBe(1);
    const out = proc.output();
    expect(out).toContain('PORT');
    expect(out).toContain('MONGODB_URI');
    expect(out).toContain('ICABINET_ADMIN_PASSWORD');
  });
});
