import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis.js';
import { ROOT, tempDir } from './server.js';

/** The example configuration shipped in the repository (what an operator copies to conf.d). */
export const NGINX_EXAMPLE = path.join(ROOT, 'deploy', 'nginx', 'icabinet.conf');

export interface TestNginx {
  url: string;
  port: number;
  /** nginx's error log so far (for failure messages). */
  errors(): Promise<string>;
  stop(): Promise<void>;
}

const between = (text: string, marker: string, replacement: string): string => {
  const re = new RegExp(`(# ${marker}: begin\\n)[\\s\\S]*?(\\n\\s*# ${marker}: end)`);
  if (!re.test(text)) throw new Error(`${NGINX_EXAMPLE}: markers "# ${marker}: begin/end" not found`);
  return text.replace(re, (_m, open: string, close: string) => `${open}${replacement}${close}`);
};

/**
 * The example site configuration with the test's upstream ports and a loopback listen port, inside
 * a main configuration whose pid file, logs and temporary folders are in `dir`, run in the
 * foreground as the current user.
 */
export async function renderNginxConfig(opts: {
  appPorts: number[];
  port: number;
  dir: string;
}): Promise<string> {
  const example = await readFile(NGINX_EXAMPLE, 'utf8');
  const options = /server 127\.0\.0\.1:\d+( [^;]*)?;/.exec(example)?.[1] ?? '';
  let site = between(
    example,
    'app processes',
    opts.appPorts.map((p) => `    server 127.0.0.1:${p}${options};`).join('\n'),
  );
  site = between(site, 'listen', `    listen 127.0.0.1:${opts.port};`);
  const d = (name: string) => path.join(opts.dir, name);
  const user = os.userInfo().username;
  return [
    'daemon off;',
    // Only meaningful when started as root: then the workers run as this same user.
    ...(process.getuid?.() === 0 ? [`user ${user};`] : []),
    'worker_processes 1;',
    `pid ${d('nginx.pid')};`,
    `error_log ${d('error.log')} warn;`,
    'events { worker_connections 1024; }',
    'http {',
    `  access_log ${d('access.log')};`,
    `  client_body_temp_path ${d('client_body')};`,
    `  proxy_temp_path ${d('proxy')};`,
    `  fastcgi_temp_path ${d('fastcgi')};`,
    `  uwsgi_temp_path ${d('uwsgi')};`,
    `  scgi_temp_path ${d('scgi')};`,
    site,
    '}',
    '',
  ].join('\n');
}

const nginxBinary = (): string =>
  process.env.NGINX_PATH ??
  ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p)) ??
  'nginx';

/**
 * Starts a real nginx (Debian package `nginx`; `.ci/run` installs it) with the example
 * configuration in front of the given app ports. NGINX_PATH overrides the binary.
 */
export async function startNginx(appPorts: number[]): Promise<TestNginx> {
  const dir = await tempDir('icabinet-nginx-');
  for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) await mkdir(path.join(dir, sub));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, await renderNginxConfig({ appPorts, port, dir }));
  const bin = nginxBinary();
  // -e: the start-up log goes to the temp folder too, never to /var/log/nginx.
  const proc: ChildProcess = spawn(bin, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const exit = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const failed = new Promise<never>((_, reject) => {
    proc.once('error', (err) =>
      reject(new Error(`cannot run ${bin} (apt-get install -y nginx): ${err.message}`)),
    );
    proc.once('exit', (code) => reject(new Error(`nginx stopped (${code}):\n${out}`)));
  });
  failed.catch(() => undefined);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await Promise.race([
      fetch(`${url}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      ),
      failed,
    ]);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`nginx did not answer on ${url}:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    errors: () => readFile(path.join(dir, 'error.log'), 'utf8').catch(() => ''),
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGQUIT');
      await exit;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
