import { readdir } from 'node:fs/promises';
import path from 'node:path';

export { fsReason } from '../lib/fs-reason.js';

/** Every regular file under `root`, as paths relative to it with forward slashes (sorted). */
export async function listFiles(
  root: string,
  skip: (rel: string) => boolean = () => false,
): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const entry of entries) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (skip(r)) continue;
      if (entry.isDirectory()) await walk(path.join(dir, entry.name), r);
      else if (entry.isFile()) out.push(r);
    }
  }
  await walk(root, '');
  return out.sort();
}
