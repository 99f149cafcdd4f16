import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface TestRedis {
  url: string;
  /** The redis-server's process id (benchmarks count its CPU time). */
  pid: number | undefined;
  stop(): Promise<void>;
}

/** A free loopback port (bound and released; the tiny race is acceptable in tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real, throw-away redis-server (Debian package `redis-server`; `.ci/run` installs it)
 * on a free loopback port, without persistence. REDIS_SERVER_PATH overrides the binary.
 */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const bin = process.env.REDIS_SERVER_PATH ?? 'redis-server';
  const proc: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${out}`)), 10_000);
    proc.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${bin} (apt-get install -y redis-server): ${err.message}`));
    });
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  const exit = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: proc.pid,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exit;
    },
  };
}
