import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Plain words for the file-system errors an operator can act on. */
export function fsReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException | null)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOENT':
      return 'it does not exist';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

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
