import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ArchiveError,
  MANIFEST_FORMAT,
  buildManifest,
  compareWithManifest,
  hashFile,
  isSafeEntryPath,
  parseManifest,
  type ManifestFile,
} from './manifest.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const entry = (p: string, content: string): ManifestFile => ({
  path: p,
  size: Buffer.byteLength(content),
  sha256: sha(content),
});

const files = [entry('icabinet.sqlite', 'db'), entry('files/ab/x.pdf', '%PDF-1.7 tờ trình')];
const manifest = () =>
  buildManifest({
    version: '0.1.0',
    createdAt: '2026-12-05T03:00:00.000Z',
    store: 'sqlite',
    schemaMigration: 8,
    files,
  });

describe('backup manifest', () => {
  it('lists the files sorted by path and reads back what it wrote', () => {
    const m = manifest();
    expect(m.format).toBe(MANIFEST_FORMAT);
    expect(m.files.map((f) => f.path)).toEqual(['files/ab/x.pdf', 'icabinet.sqlite']);
    expect(parseManifest(JSON.stringify(m))).toEqual(m);
  });

  it('hashes a file on disk the same way', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'icabinet-manifest-'));
    try {
      await writeFile(path.join(dir, 'a.pdf'), '%PDF-1.7 tờ trình');
      expect(await hashFile(path.join(dir, 'a.pdf'))).toEqual({
        size: files[1]?.size,
        sha256: files[1]?.sha256,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('finds nothing wrong with an intact archive', () => {
    expect(compareWithManifest(manifest(), [...files].reverse())).toEqual([]);
  });

  it('names a file whose checksum or size does not match', () => {
    const changed = { ...entry('files/ab/x.pdf', '%PDF-1.7 tờ trình'), sha256: sha('khác') };
    expect(compareWithManifest(manifest(), [files[0] as ManifestFile, changed])).toEqual([
      'files/ab/x.pdf does not match its checksum in the manifest',
    ]);
    const shorter = entry('files/ab/x.pdf', '%PDF');
    expect(compareWithManifest(manifest(), [files[0] as ManifestFile, shorter])[0]).toContain('has 4 bytes');
  });

  it('names missing, extra and repeated files', () => {
    const problems = compareWithManifest(manifest(), [
      files[0] as ManifestFile,
      files[0] as ManifestFile,
      entry('files/zz/extra.pdf', 'x'),
    ]);
    expect(problems).toEqual([
      'icabinet.sqlite appears twice in the archive',
      'files/zz/extra.pdf is in the archive but not in its manifest',
      'files/ab/x.pdf is listed in the manifest but missing from the archive',
    ]);
  });

  it('refuses unsafe paths, other formats, broken JSON and a manifest without the database', () => {
    for (const p of ['../etc/passwd', '/abs', 'a//b', 'a/./b', 'a\\b', ''])
      expect(isSafeEntryPath(p)).toBe(false);
    expect(isSafeEntryPath('files/ab/x.opt.pdf')).toBe(true);

    const m = manifest();
    const bad = (value: unknown) => () => parseManifest(JSON.stringify(value));
    expect(bad({ ...m, files: [...m.files, { ...files[0], path: '../x' }] })).toThrow(
      /not a safe relative path/,
    );
    expect(bad({ ...m, format: 'icabinet-backup/9' })).toThrow(/format icabinet-backup\/9/);
    expect(bad({ ...m, files: [files[1]] })).toThrow(/does not list the database/);
    expect(bad({ ...m, files: [...m.files, files[0]] })).toThrow(/twice/);
    expect(() => parseManifest('{"format":')).toThrow(ArchiveError);
    expect(() => buildManifest({ ...m, files: [...files, files[0] as ManifestFile] })).toThrow(/duplicate/);
  });
});
