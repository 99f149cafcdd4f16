import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

/** The manifest's own file name inside every archive; it is always the first entry. */
export const MANIFEST_NAME = 'manifest.json';
/** The format this build writes and reads. */
export const MANIFEST_FORMAT = 'icabinet-backup/1';
/** Where the database copy sits inside the archive. */
export const DATABASE_ENTRY = 'icabinet.sqlite';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A path inside the archive: relative, forward slashes, no empty, `.` or `..` segments, so that
 * extracting it can never write outside the target directory.
 */
export function isSafeEntryPath(p: string): boolean {
  if (p.length === 0 || p.length > 400 || p.startsWith('/') || p.includes('\\') || p.includes('\0')) {
    return false;
  }
  return p.split('/').every((s) => s !== '' && s !== '.' && s !== '..');
}

const ManifestFile = z.object({
  path: z.string().refine(isSafeEntryPath, 'not a safe relative path'),
  size: z.number().int().min(0),
  sha256: z.string().regex(SHA256, 'not a sha256'),
});
export type ManifestFile = z.infer<typeof ManifestFile>;

export const Manifest = z.object({
  format: z.literal(MANIFEST_FORMAT),
  /** The I-Cabinet version that made the backup. */
  version: z.string().min(1),
  /** When the database copy was taken (ISO 8601). */
  createdAt: z.string().datetime(),
  store: z.literal('sqlite'),
  /** The highest schema migration recorded in the database copy. */
  schemaMigration: z.number().int().min(0),
  files: z.array(ManifestFile),
});
export type Manifest = z.infer<typeof Manifest>;

/** Thrown when an archive cannot be trusted; the message says what is wrong in plain words. */
export class ArchiveError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ArchiveError';
  }
}

/** sha256 and size of a file on disk, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    size += buf.length;
    hash.update(buf);
  }
  return { sha256: hash.digest('hex'), size };
}

/** Builds the manifest; files are sorted by path so two backups of the same data list alike. */
export function buildManifest(
  input: Omit<Manifest, 'format' | 'files'> & { files: ManifestFile[] },
): Manifest {
  const files = [...input.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`duplicate path in the manifest: ${f.path}`);
    seen.add(f.path);
  }
  return Manifest.parse({ format: MANIFEST_FORMAT, ...input, files });
}

/** Parses a manifest read from an archive; refuses anything but this format. */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ArchiveError('The archive manifest is not valid JSON: the archive is damaged.', { cause: e });
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== MANIFEST_FORMAT && format.startsWith('icabinet-backup/')) {
    throw new ArchiveError(
      `The archive was written in format ${format}; this version of I-Cabinet reads ${MANIFEST_FORMAT}.`,
    );
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) {
    const what = parsed.error.issues.map((i) => `${i.path.join('.') || 'manifest'}: ${i.message}`).join('; ');
    throw new ArchiveError(`The archive manifest is not an I-Cabinet backup manifest (${what}).`);
  }
  const seen = new Set<string>();
  for (const f of parsed.data.files) {
    if (f.path === MANIFEST_NAME || seen.has(f.path)) {
      throw new ArchiveError(`The archive manifest lists ${f.path} twice: the archive was altered.`);
    }
    seen.add(f.path);
  }
  if (!seen.has(DATABASE_ENTRY)) {
    throw new ArchiveError(`The archive manifest does not list the database (${DATABASE_ENTRY}).`);
  }
  return parsed.data;
}

/**
 * Compares what was found in an archive with its manifest: every listed file present once with
 * the listed size and sha256, nothing extra. Returns the problems in plain words (empty: intact).
 */
export function compareWithManifest(manifest: Manifest, found: readonly ManifestFile[]): string[] {
  const problems: string[] = [];
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  for (const f of found) {
    const expected = listed.get(f.path);
    if (!expected) {
      problems.push(`${f.path} is in the archive but not in its manifest`);
      continue;
    }
    if (seen.has(f.path)) {
      problems.push(`${f.path} appears twice in the archive`);
      continue;
    }
    seen.add(f.path);
    if (expected.size !== f.size) {
      problems.push(`${f.path} has ${f.size} bytes, the manifest says ${expected.size}`);
    } else if (expected.sha256 !== f.sha256) {
      problems.push(`${f.path} does not match its checksum in the manifest`);
    }
  }
  for (const f of manifest.files) {
    if (!seen.has(f.path)) problems.push(`${f.path} is listed in the manifest but missing from the archive`);
  }
  return problems;
}
