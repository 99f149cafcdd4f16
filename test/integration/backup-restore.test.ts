import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create as createTar, extract } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting, MeetingDocument } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiUpload } from '../utils/meetings.js';
import { ADMIN_PASSWORD, ROOT, spawnServer, tempDir, testEnv, type SpawnedServer } from '../utils/server.js';

const DIST = path.join(ROOT, 'server', 'dist');
const PDFS = [
  'to-trinh-de-an-06.pdf',
  'bao-cao-mo-hinh-quan-huyen-cds.pdf',
  'bao-cao-chuyen-doi-so-2024.pdf',
];

/** Runs one of the built ops scripts (server/dist/backup.js, restore.js) as `npm run` does. */
function runScript(
  script: 'backup' | 'restore',
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(DIST, `${script}.js`), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    proc.once('error', reject);
    proc.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every file under a folder, relative path → sha256. */
async function digests(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else
        out.set(
          path.relative(root, p),
          createHash('sha256')
            .update(await readFile(p))
            .digest('hex'),
        );
    }
  };
  await walk(root);
  return out;
}

const exists = (p: string) =>
  stat(p).then(
    () => true,
    () => false,
  );

async function signedIn(url: string): Promise<ApiClient> {
  const admin = new ApiClient(url);
  expect(await admin.login('admin', ADMIN_PASSWORD)).toBe(200);
  return admin;
}

async function fileBytes(client: ApiClient, documentId: string): Promise<Buffer> {
  const res = await fetch(`${client.baseUrl}/api/documents/${documentId}/file`, {
    headers: { cookie: client.cookie ?? '' },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('backup and restore (the restore drill)', () => {
  let work: string;
  let dataA: string;
  let env: Record<string, string>;
  let serverA: SpawnedServer | undefined;
  let serverB: SpawnedServer | undefined;
  let archive: string;

  beforeAll(async () => {
    work = await tempDir('icabinet-backup-');
    dataA = path.join(work, 'data-a');
    env = testEnv(dataA);
  });

  afterAll(async () => {
    await serverA?.kill();
    await serverB?.kill();
    await rm(work, { recursive: true, force: true });
  });

  it('backs up while writes go on, and a restored server has every write acknowledged before it', async () => {
    serverA = spawnServer(env);
    const urlA = await serverA.url;
    const admin = await signedIn(urlA);
    const meeting = await apiMeeting(admin, { title: 'Phiên họp sao lưu' });
    const docs: MeetingDocument[] = [];
    for (const f of PDFS.slice(0, 2)) docs.push(await apiUpload(urlA, admin, meeting.id, f));

    // Keep writing (new meetings, and a document every few) until told to stop; each write is
    // recorded once the server acknowledged it.
    const acked: { meeting?: Meeting; doc?: MeetingDocument }[] = [];
    let stop = false;
    let firstAfterBackup: () => void = () => undefined;
    const oneAfterBackup = new Promise<void>((r) => (firstAfterBackup = r));
    let backupDone = false;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const m = await apiMeeting(admin, { title: `Phiên họp số ${i}` });
        acked.push({ meeting: m });
        if (i % 3 === 0) acked.push({ doc: await apiUpload(urlA, admin, m.id, PDFS[i % PDFS.length] ?? '') });
        if (backupDone) firstAfterBackup();
      }
    })();
    while (acked.length < 3) await new Promise((r) => setTimeout(r, 20));

    const before = [...acked];
    const backupDir = path.join(work, 'backups');
    const backup = await runScript('backup', ['--out', backupDir], env);
    backupDone = true;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    await oneAfterBackup;
    stop = true;
    await writer;
    await serverA.kill();
    serverA = undefined;

    const archives = (await readdir(backupDir)).filter((n) => n.endsWith('.tar.gz'));
    expect(archives).toHaveLength(1);
    archive = path.join(backupDir, archives[0] ?? '');
    expect(backup.stdout).toContain(archive);

    const dataB = path.join(work, 'data-b');
    const restore = await runScript('restore', [archive, '--data-dir', dataB], env);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('checked against the manifest');

    // Every stored file in the restored directory is byte-identical to the original's.
    const filesA = await digests(path.join(dataA, 'files'));
    const filesB = await digests(path.join(dataB, 'files'));
    expect(filesB.size).toBeGreaterThan(0);
    for (const [rel, sha] of filesB) expect(filesA.get(rel), rel).toBe(sha);
    for (const d of [...docs, ...before.flatMap((w) => (w.doc ? [w.doc] : []))]) {
      expect(filesB.get(path.join(d.sha256.slice(0, 2), `${d.sha256}.pdf`))).toBe(d.sha256);
    }
    expect(await readFile(path.join(dataB, 'secrets', 'link.key'))).toEqual(
      await readFile(path.join(dataA, 'secrets', 'link.key')),
    );

    // A second server on the restored directory has every write acknowledged before the backup.
    serverB = spawnServer(testEnv(dataB));
    const clientB = await signedIn(await serverB.url);
    for (const w of [{ meeting }, ...before]) {
      if (w.meeting) {
        const res = await clientB.get<{ meeting: Meeting }>(`/api/meetings/${w.meeting.id}`);
        expect(res.status, w.meeting.title).toBe(200);
        expect(res.body.meeting.title).toBe(w.meeting.title);
      }
    }
    for (const d of [...docs, ...before.flatMap((w) => (w.doc ? [w.doc] : []))]) {
      const original = await readFile(path.join(ROOT, 'test', 'fixtures', 'pdfs', 'vn', d.name));
      expect(createHash('sha256').update(original).digest('hex')).toBe(d.sha256);
      // Served as stored: the original, or its optimized copy when the job had made one.
      const served = createHash('sha256')
        .update(await fileBytes(clientB, d.id))
        .digest('hex');
      const optimized = filesA.get(path.join(d.sha256.slice(0, 2), `${d.sha256}.opt.pdf`));
      expect([d.sha256, optimized]).toContain(served);
    }
    const list = await clientB.get<{ items: MeetingDocument[] }>(`/api/meetings/${meeting.id}/documents`);
    expect(list.body.items.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
    await serverB.kill();
    serverB = undefined;
  });

  it('refuses to restore into a folder that is not empty, and leaves it as it was', async () => {
    const target = path.join(work, 'not-empty');
    await mkdir(target);
    await writeFile(path.join(target, 'ghi-chu.txt'), 'dữ liệu đang dùng');
    const res = await runScript('restore', [archive, '--data-dir', target], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Khôi phục thất bại \/ Restore failed: /);
    expect(res.stderr).toContain('is not empty');
    expect(await readdir(target)).toEqual(['ghi-chu.txt']);
    expect(await readFile(path.join(target, 'ghi-chu.txt'), 'utf8')).toBe('dữ liệu đang dùng');
  });

  it('refuses a truncated archive and leaves no data directory behind', async () => {
    const bytes = await readFile(archive);
    const truncated = path.join(work, 'truncated.tar.gz');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const target = path.join(work, 'from-truncated');
    const res = await runScript('restore', [truncated, '--data-dir', target], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('damaged or incomplete');
    expect(await exists(target)).toBe(false);
  });

  /** Unpacks the good archive, lets `alter` change it, packs it again in the same order. */
  async function tampered(name: string, alter: (dir: string) => Promise<void>): Promise<string> {
    const dir = path.join(work, `${name}-unpacked`);
    await mkdir(dir);
    await extract({ file: archive, cwd: dir });
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      files: { path: string }[];
    };
    await alter(dir);
    const out = path.join(work, `${name}.tar.gz`);
    await createTar({ gzip: true, cwd: dir, file: out }, [
      'manifest.json',
      ...manifest.files.map((f) => f.path),
    ]);
    return out;
  }

  it('refuses an archive whose manifest checksum does not match its contents', async () => {
    const badSum = await tampered('bad-checksum', async (dir) => {
      const file = path.join(dir, 'manifest.json');
      const manifest = JSON.parse(await readFile(file, 'utf8')) as {
        files: { path: string; sha256: string }[];
      };
      const pdf = manifest.files.find((f) => f.path.endsWith('.pdf'));
      if (!pdf) throw new Error('no pdf in the archive');
      pdf.sha256 = createHash('sha256').update('khác').digest('hex');
      await writeFile(file, JSON.stringify(manifest));
    });
    const target = path.join(work, 'from-bad-checksum');
    const res = await runScript('restore', [badSum, '--data-dir', target], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('does not match its checksum in the manifest');
    expect(await exists(target)).toBe(false);

    // The same when the content was changed and the manifest left alone.
    const badContent = await tampered('bad-content', async (dir) => {
      const db = path.join(dir, 'icabinet.sqlite');
      const bytes = await readFile(db);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
      await writeFile(db, bytes);
    });
    const res2 = await runScript('restore', [badContent, '--data-dir', target], env);
    expect(res2.code).toBe(1);
    expect(res2.stderr).toContain('icabinet.sqlite does not match its checksum');
    expect(await exists(target)).toBe(false);
  });

  it('fails with a clear message when the backup folder cannot be written', async () => {
    const blocker = path.join(work, 'a-file');
    await writeFile(blocker, '');
    const res = await runScript('backup', ['--out', path.join(blocker, 'backups')], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Sao lưu thất bại \/ Backup failed: /);
    expect(res.stderr).toContain(`Cannot write the backup to ${path.join(blocker, 'backups')}`);
    expect(res.stderr).toContain('part of the path is a file, not a folder');
  });

  it.skipIf(process.getuid?.() === 0)('fails with a clear message on a read-only folder', async () => {
    const readOnly = path.join(work, 'read-only');
    await mkdir(readOnly, { mode: 0o500 });
    const res = await runScript('backup', ['--out', readOnly], env);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('permission denied');
  });
});
