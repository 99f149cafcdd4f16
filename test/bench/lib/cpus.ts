/**
 * Keeps a benchmark's server and its clients on different cores, so the figure is the server's
 * work and not two processes fighting for one core: the server child on the first core, this
 * process (the clients) and any client child on the others. Uses taskset (util-linux); with one
 * core, without taskset, or with BENCH_PIN=0 nothing is pinned and the plan says so.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export interface CpuPlan {
  /** Whether processes are pinned at all. */
  pinned: boolean;
  serverCpus: number[];
  clientCpus: number[];
  /** One line for the report: what was pinned where, or why not. */
  describe: string;
}

let plan: CpuPlan | null = null;

const hasTaskset = (): boolean => {
  const r = spawnSync('taskset', ['-V'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
};

/** The cores this process may run on (as the OS allows), in order. */
function allowedCpus(): number[] {
  const r = spawnSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' });
  const list = /:\s*([\d,\-\s]+)$/.exec(r.stdout?.trim() ?? '')?.[1];
  if (!list) return Array.from({ length: os.availableParallelism() }, (_, i) => i);
  return list.split(',').flatMap((part) => {
    const [a, b] = part.trim().split('-').map(Number);
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i);
  });
}

/** Decides once per process where the server and the clients run. */
export function cpuPlan(): CpuPlan {
  if (plan) return plan;
  const none = (why: string): CpuPlan => ({
    pinned: false,
    serverCpus: [],
    clientCpus: [],
    describe: `not pinned (${why})`,
  });
  if (process.env.BENCH_PIN === '0') plan = none('BENCH_PIN=0');
  else if (!hasTaskset()) plan = none('no taskset');
  else {
    const cpus = allowedCpus();
    if (cpus.length < 2) plan = none(`${cpus.length} core`);
    else {
      const serverCpus = [cpus[0]!];
      const clientCpus = cpus.slice(1);
      plan = {
        pinned: true,
        serverCpus,
        clientCpus,
        describe: `server on CPU ${serverCpus.join(',')}, clients on CPU ${clientCpus.join(',')} (taskset)`,
      };
    }
  }
  return plan;
}

/** Pins every thread of process `pid` to `cpus`; false (and nothing changed) when it cannot. */
export function pin(pid: number, cpus: number[]): boolean {
  if (!cpus.length) return false;
  const r = spawnSync('taskset', ['-a', '-c', '-p', cpus.join(','), String(pid)], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** Pins this process (the clients) to the client cores, when the plan pins. */
export function pinClients(pid = process.pid): CpuPlan {
  const p = cpuPlan();
  if (p.pinned) pin(pid, p.clientCpus);
  return p;
}

/** Pins a server process to the server core, when the plan pins. */
export function pinServer(pid: number): CpuPlan {
  const p = cpuPlan();
  if (p.pinned) pin(pid, p.serverCpus);
  return p;
}

/** "linux x64, 2 CPU (AMD EPYC), node v20…, load 1.23; server on CPU 0, clients on CPU 1 (taskset)" */
export function machineLine(): string {
  const cpus = os.cpus();
  const load = os.loadavg()[0]!.toFixed(2);
  return (
    `${os.platform()} ${os.arch()}, ${cpus.length} CPU (${cpus[0]?.model.trim() ?? '?'}), node ${process.version}, ` +
    `1-min load ${load} at start; ${cpuPlan().describe}`
  );
}
