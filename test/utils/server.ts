import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startIcabinet, type Running } from '@icabinet/server';

/** A clock tests can move forward instead of waiting. */
export class FakeClock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export const ADMIN_PASSWORD = 'Mat-khau-Quan-tri-1';
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The fixtures copied into the repository (PDFs, the demo meeting). */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  adminUsername: 'admin';
  adminPassword: string;
  running: Running;
  stop(): Promise<void>;
}

/** A fresh temporary data directory. */
export const tempDir = (prefix = 'icabinet-test-'): Promise<string> =>
  mkdtemp(path.join(os.tmpdir(), prefix));

/** Environment every test server gets unless overridden. */
export function testEnv(dataDir: string, env: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    ICABINET_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    // A web build elsewhere (two people building and testing the web at once on one checkout).
    ...(process.env.WEB_DIST ? { WEB_DIST: process.env.WEB_DIST } : {}),
    ...env,
  };
}

/**
 * `npm run seed:demo` as a new user runs it (the built script, server/dist/seed-demo.js) into a
 * data directory: the demo meeting, its people and units. Answers the script's output and the
 * demo accounts' shared password.
 */
export async function seedDemo(dataDir: string): Promise<{ stdout: string; password: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [path.join(ROOT, 'server', 'dist', 'seed-demo.js')],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...testEnv(dataDir) }, timeout: 180_000 },
  );
  const password = /mật khẩu chung: (\S+)\)/.exec(stdout)?.[1] ?? '';
  if (!password) throw new Error(`seed:demo printed no password:\n${stdout}`);
  return { stdout, password };
}

/**
 * Starts the real server in this process on port 0 with a temporary SQLite data dir (or
 * MongoDB when MONGODB_URI is set in env). The data dir is removed on stop unless it was given.
 */
export async function startServer(
  opts: {
    dataDir?: string;
    env?: Record<string, string>;
    clock?: { now(): Date };
    /** Resolves webhook receivers' host names instead of the system's resolver (names of the test's own). */
    resolveHost?: (host: string) => Promise<{ address: string; family: 4 | 6 }[]>;
  } = {},
): Promise<TestServer> {
  const dataDir = opts.dataDir ?? (await tempDir());
  const running = await startIcabinet(testEnv(dataDir, opts.env), {
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.resolveHost ? { resolveHost: opts.resolveHost } : {}),
  });
  return {
    url: running.url,
    port: running.port,
    dataDir,
    adminUsername: 'admin',
    adminPassword: ADMIN_PASSWORD,
    running,
    stop: async () => {
      await running.stop();
      if (!opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SpawnedServer {
  proc: ChildProcess;
  url: Promise<string>;
  output: () => string;
  exit: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built server (server/dist/index.js) as a child process, as `npm start` does. */
export function spawnServer(env: Record<string, string>): SpawnedServer {
  const proc = spawn(process.execPath, [path.join(ROOT, 'server', 'dist', 'index.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let resolveUrl: (u: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (resolveUrl = resolve));
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    const m = /I-Cabinet: (http:\/\/\S+)/.exec(out);
    if (m?.[1]) resolveUrl(m[1]);
  };
  proc.stdout.on('data', onData);
  proc.stderr.on('data', onData);
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    url,
    output: () => out,
    exit,
    kill: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exit;
    },
  };
}
