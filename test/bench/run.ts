/**
 * Runs the benchmarks in test/bench: every `*.bench.ts` in name order, or only the ones named
 * on the command line (`gateway-ack`, `gateway-ack.bench.ts` or a path to the file).
 * Each benchmark runs in its own Node process so one's memory and CPU figures do not leak into
 * the next. Exits non-zero when any benchmark fails or runs past its time limit.
 *
 *   node --import tsx test/bench/run.ts [name ...]
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..', '..');
/**
 * A benchmark that has not finished by then is stopped and counted as failed: 1200 s, or
 * BENCH_TIME_LIMIT_S for the long runs (e.g. the annotation meeting over several minutes).
 */
const PER_BENCH_LIMIT_MS = Number(process.env.BENCH_TIME_LIMIT_S ?? 1200) * 1000;

const available = (await readdir(BENCH_DIR)).filter((f) => f.endsWith('.bench.ts')).sort();

const nameOf = (arg: string): string => path.basename(arg).replace(/\.bench\.ts$/, '');
const wanted = process.argv.slice(2);
const selected = wanted.length ? wanted.map((arg) => `${nameOf(arg)}.bench.ts`) : available;
const unknown = selected.filter((f) => !available.includes(f));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.map(nameOf).join(', ')}`);
  console.error(`Available: ${available.map(nameOf).join(', ') || '(none)'}`);
  process.exit(2);
}
if (!selected.length) {
  console.error('No *.bench.ts files in test/bench.');
  process.exit(2);
}

const runOne = (file: string): Promise<number> =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, file)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: process.env,
    });
    const timer = setTimeout(() => {
      console.error(`${file}: still running after ${PER_BENCH_LIMIT_MS / 1000} s, stopping it`);
      child.kill('SIGTERM');
    }, PER_BENCH_LIMIT_MS);
    child.once('error', (err) => {
      clearTimeout(timer);
      console.error(`${file}: could not start: ${err.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`\n[bench] ${file}: ${signal ? `killed by ${signal}` : `exit ${code}`} after ${secs} s\n`);
      resolve(code ?? 1);
    });
  });

const failed: string[] = [];
for (const file of selected) {
  console.log(`[bench] ${file}`);
  if ((await runOne(file)) !== 0) failed.push(file);
}
if (failed.length) {
  console.error(`[bench] failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`[bench] ${selected.length} benchmark(s) done`);
