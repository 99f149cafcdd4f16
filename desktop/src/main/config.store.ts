import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ServerUrl } from '@icabinet/shared';
import { z } from 'zod';
import { errorMessage, type Logger } from './logger.js';

/** The desktop settings file, `<userData>/config.json`. Missing keys take their defaults. */
export const DesktopConfig = z.object({
  /**
   * The I-Cabinet server of this tablet. Null until the first-run address screen (`/setup` of the
   * bundled app) has checked an address and saved it: no server is guessed, because a tablet
   * pointed at the wrong machine would send its delegates' passwords there.
   */
  serverUrl: ServerUrl.nullable().default(null),
  /** Meeting-room tablets run full screen with no way out to the desktop. */
  kiosk: z.boolean().default(false),
  /**
   * The operator's update server for electron-updater's `generic` provider (the folder holding
   * `latest.yml` / `latest-linux.yml` and the installers electron-builder made). Null: no updates.
   */
  updateUrl: ServerUrl.nullable().default(null),
});
export type DesktopConfig = z.infer<typeof DesktopConfig>;

/** Where the settings live under Electron's `userData` folder. */
export function configPath(userData: string): string {
  return path.join(userData, 'config.json');
}

/**
 * Reads and validates the settings file. A missing file means defaults; a broken one is logged and
 * also gives defaults, because a tablet that refuses to start is worse in a meeting than one that
 * opens the address screen and lets the secretariat enter the server again.
 */
export async function loadConfig(file: string, log: Logger): Promise<DesktopConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return DesktopConfig.parse({});
    log.error('cannot read the desktop config; using defaults', { file, error: errorMessage(error) });
    return DesktopConfig.parse({});
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    log.error('the desktop config is not JSON; using defaults', { file, error: errorMessage(error) });
    return DesktopConfig.parse({});
  }
  const parsed = DesktopConfig.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  log.error('the desktop config is invalid; using defaults', { file, problems: problems.join('; ') });
  return DesktopConfig.parse({});
}

/**
 * The configured server's address read synchronously, before Electron is ready (Chromium's
 * switches must be set then); null when there is none or the file cannot be read (the async load
 * that follows logs why).
 */
export function peekServerUrl(file: string): string | null {
  try {
    const parsed = DesktopConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data.serverUrl : null;
  } catch {
    return null;
  }
}

/**
 * The origin Chromium must treat as secure for the offline pack: service workers, the Cache API
 * and `navigator.storage` exist only in secure contexts, and a committee's server is often reached
 * as `http://192.168.1.10:8080` on its own network. Null for https and for loopback addresses,
 * which are secure already.
 */
export function insecureOriginToTrust(serverUrl: string | null): string | null {
  if (serverUrl === null) return null;
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:') return null;
  const host = url.hostname;
  if (host === 'localhost' || host === '[::1]' || /^127\./.test(host)) return null;
  return url.origin;
}

/** Writes the settings atomically (temp file + rename) so a power cut never leaves half a file. */
export async function saveConfig(file: string, config: DesktopConfig): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(DesktopConfig.parse(config), null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** The settings in memory, written through to the file on every change. */
export interface ConfigStore {
  current(): DesktopConfig;
  /** Persists a new server URL (already validated) and answers the updated settings. */
  setServerUrl(serverUrl: string): Promise<DesktopConfig>;
}

/** Loads the settings file and keeps it in step with later changes. */
export async function openConfigStore(file: string, log: Logger): Promise<ConfigStore> {
  let config = await loadConfig(file, log);
  // Writes run one after another so the file always ends with the last change made in memory.
  let writes: Promise<unknown> = Promise.resolve();
  return {
    current: () => config,
    setServerUrl(serverUrl) {
      const next = DesktopConfig.parse({ ...config, serverUrl });
      const write = writes.then(() => saveConfig(file, next));
      writes = write.catch(() => undefined);
      return write.then(() => {
        config = next;
        log.info('server URL changed', { serverUrl: next.serverUrl });
        return next;
      });
    },
  };
}
