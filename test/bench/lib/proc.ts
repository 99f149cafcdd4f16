/**
 * What the processes of a benchmark use, read from outside them (Linux /proc and util-linux
 * prlimit): the CPU time of any process by its id, the busy time of the whole machine (so a
 * report can say how much went to processes that are not the benchmark's), and the limit of open
 * files, raised for the processes a benchmark starts when it needs more sockets than allowed.
 * Elsewhere the figures are NaN and the limit is left as it is.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;
const clockTick = (): number => {
  if (ticksPerSecond === null) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    const n = Number(r.stdout?.trim());
    ticksPerSecond = Number.isFinite(n) && n > 0 ? n : 100;
  }
  return ticksPerSecond;
};

/** CPU time (user + system, ms) process `pid` has used so far; NaN when it cannot be read. */
export function cpuMsOf(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields are counted after its closing ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / clockTick();
  } catch {
    return NaN;
  }
}

/** Busy time of all the machine's cores together (ms) so far, every process counted; NaN when unknown. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / clockTick();
  } catch {
    return NaN;
  }
}

/** Open files process `pid` may have (soft and hard limit); null when unknown. */
export function fileLimit(pid = process.pid): { soft: number; hard: number } | null {
  const r = spawnSync(
    'prlimit',
    ['--pid', String(pid), '--nofile', '--noheadings', '--raw', '--output', 'SOFT,HARD'],
    { encoding: 'utf8' },
  );
  if (r.error || r.status !== 0) return null;
  const [soft, hard] = r.stdout
    .trim()
    .split(/\s+/)
    .map((v) => (v === 'unlimited' ? Infinity : Number(v)));
  return soft !== undefined && hard !== undefined && !Number.isNaN(soft) && !Number.isNaN(hard)
    ? { soft, hard }
    : null;
}

/**
 * Makes sure the processes this one starts from now on may each open `need` files (sockets): the
 * soft limit of this process is raised (up to the hard limit, which needs no privilege) and its
 * children inherit it. Returns a line for the report; throws, saying what to do, when even the
 * hard limit is too low.
 */
export function ensureFileLimit(need: number): string {
  const limit = fileLimit();
  if (!limit) return `open files per process: unknown (no prlimit), ${need} needed`;
  if (limit.soft >= need) return `open files per process: ${limit.soft} allowed, ${need} needed`;
  if (limit.hard < need)
    throw new Error(
      `this benchmark needs ${need} open files per process and the OS allows at most ${limit.hard} ` +
        `(hard limit): raise it (limits.conf, or ulimit -Hn as root) or run fewer screens`,
    );
  const r = spawnSync('prlimit', ['--pid', String(process.pid), `--nofile=${need}:${limit.hard}`], {
    stdio: 'ignore',
  });
  if (r.error || r.status !== 0) throw new Error(`could not raise the open-files limit to ${need}`);
  return `open files per process: raised from ${limit.soft} to ${need} (hard limit ${limit.hard})`;
}
