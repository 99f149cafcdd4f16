/**
 * A benchmark's server in its own process, so its CPU and memory are measured apart from the
 * clients': the parent forks the benchmark file itself with an environment variable naming the
 * variant; the child starts its server, answers `usage` with its CPU time and RSS, and stops on
 * `stop` (or when the parent goes away).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { pinServer } from './cpus.js';

export interface Usage {
  /**
   * CPU time of every thread (user + system) so far, without the full collections that `usage`
   * itself forces (for a steady `heapUsed`): those are the harness's doing, a full mark of the
   * whole heap each (~100 ms for our server's heap), and would land in the measured window.
   */
  cpuUs: number;
  /** Of which in the kernel (system calls: sockets, file writes). */
  cpuSysUs: number;
  rss: number;
  /** JS heap in use after a collection (steadier than RSS at small sizes). */
  heapUsed: number;
}

type Reply<Info> = { type: 'ready'; info: Info } | { type: 'usage'; usage: Usage };

/** CPU time spent in collections forced by `usageNow` (user, system µs), left out of `cpuUs`. */
const forced = { user: 0, system: 0 };

/**
 * This process's CPU time (user + system, µs) and resident memory, after a full collection when
 * the process runs with --expose-gc (its CPU time is left out of this and every later reading).
 */
export const usageNow = (): Usage => {
  const c0 = process.cpuUsage();
  global.gc?.();
  const c = process.cpuUsage();
  forced.user += c.user - c0.user;
  forced.system += c.system - c0.system;
  const m = process.memoryUsage();
  const user = c.user - forced.user;
  const system = c.system - forced.system;
  return { cpuUs: user + system, cpuSysUs: system, rss: m.rss, heapUsed: m.heapUsed };
};

/** The parent's handle on one server child. */
export class ServerChild<Info> {
  private waiters: ((m: Reply<Info>) => void)[] = [];
  info!: Info;

  private constructor(private readonly proc: ChildProcess) {
    proc.on('message', (m: Reply<Info>) => this.waiters.shift()?.(m));
  }

  /**
   * Forks `file` with `envName=variant` and waits for its `ready`. The child runs on the server's
   * core when the machine has two or more and taskset is there (lib/cpus.ts; `pin: false` not).
   */
  static async start<Info>(
    file: string,
    envName: string,
    variant: string,
    opts: { pin?: boolean; env?: Record<string, string> } = {},
  ): Promise<ServerChild<Info>> {
    const proc = fork(file, [], {
      env: { ...process.env, ...opts.env, [envName]: variant },
      execArgv: [
        '--import',
        'tsx',
        '--expose-gc',
        // Node options for the server children only, e.g. BENCH_CHILD_ARGS=--trace-gc.
        ...(process.env.BENCH_CHILD_ARGS ? process.env.BENCH_CHILD_ARGS.split(' ') : []),
        ...(process.env.BENCH_CHILD_PROF
          ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CHILD_PROF]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const child = new ServerChild<Info>(proc);
    if (opts.pin !== false && proc.pid !== undefined) pinServer(proc.pid);
    const ready = await child.next();
    if (ready.type !== 'ready') throw new Error('child did not start');
    child.info = ready.info;
    return child;
  }

  private next(): Promise<Reply<Info>> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async usage(): Promise<Usage> {
    const reply = this.next();
    this.proc.send('usage');
    const m = await reply;
    if (m.type !== 'usage') throw new Error('unexpected reply');
    return m.usage;
  }

  /** Sends the child a signal (diagnostics a benchmark starts in its children, e.g. SIGUSR2). */
  signal(sig: NodeJS.Signals): void {
    this.proc.kill(sig);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.send('stop');
    });
  }
}

/** The child's side: announce `info`, answer usage requests, stop on request or when orphaned. */
export function serveAsChild<Info>(info: Info, stop: () => Promise<unknown>): void {
  const send = (m: Reply<Info>) => process.send?.(m);
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: unknown) => {
    if (msg === 'usage') {
      send({ type: 'usage', usage: usageNow() });
    } else if (msg === 'stop') {
      void stop().then(() => process.exit(0));
    }
  });
  send({ type: 'ready', info });
}
