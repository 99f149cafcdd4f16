import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of this file: server/src in development and tests, server/dist when built; both sit under server/. */
export const here = path.dirname(fileURLToPath(import.meta.url));

/** The server package's version, reported by /api/health. */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/** Where the built web app is, unless WEB_DIST says otherwise. */
export const DEFAULT_WEB_DIST = path.resolve(here, '..', '..', 'web', 'dist');
