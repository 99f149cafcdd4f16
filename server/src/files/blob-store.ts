import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const SHA256 = /^[0-9a-f]{64}$/;

/** Which stored copy of a file: the bytes as uploaded, or the smaller rewrite for viewing. */
export type BlobVariant = 'original' | 'optimized';

/**
 * Content-addressed file store on disk, outside any web root: `<root>/<aa>/<sha256>.pdf` and
 * `<sha256>.opt.pdf` for the optimized copy. The same content is stored once. Uploads are
 * written to `<root>/tmp` (same file system, so adding one is an atomic rename).
 */
export class DiskBlobStore {
  readonly tmpDir: string;

  constructor(readonly root: string) {
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Creates the folders and removes temporary files a crash may have left behind. */
  async init(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
    for (const name of await readdir(this.tmpDir)) {
      await rm(path.join(this.tmpDir, name), { force: true, recursive: true });
    }
  }

  /** A fresh path for an upload in progress. */
  tempPath(suffix = '.part'): string {
    return path.join(this.tmpDir, `${randomUUID()}${suffix}`);
  }

  /** Where a blob lives; the sha256 is checked so no caller can build a path from user input. */
  pathOf(sha256: string, variant: BlobVariant = 'original'): string {
    if (!SHA256.test(sha256)) throw new TypeError('not a sha256');
    return path.join(this.root, sha256.slice(0, 2), `${sha256}${variant === 'optimized' ? '.opt' : ''}.pdf`);
  }

  /** Size in bytes, or null when that copy is not stored. */
  async sizeOf(sha256: string, variant: BlobVariant = 'original'): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256, variant))).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /**
   * Moves a finished temporary file into the store under its hash. When that content is stored
   * already the temporary file is deleted instead. Returns whether the blob is new.
   */
  async adopt(tempFile: string, sha256: string, variant: BlobVariant = 'original'): Promise<boolean> {
    const target = this.pathOf(sha256, variant);
    if ((await this.sizeOf(sha256, variant)) !== null) {
      await rm(tempFile, { force: true });
      return false;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await rename(tempFile, target);
    return true;
  }

  /** Deletes both copies of a blob (when no document refers to it any more). */
  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256, 'original'), { force: true });
    await rm(this.pathOf(sha256, 'optimized'), { force: true });
  }
}
