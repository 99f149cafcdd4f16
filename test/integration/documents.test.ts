import { request as httpRequest } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { randomUUID } from 'node:crypto';
import { DEFAULT_QUORUM, type MeetingRole } from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { eventually } from '../utils/eventually.js';
import { FIXTURES, startServer, type TestServer } from '../utils/server.js';

const PDFS = path.join(FIXTURES, 'pdfs');
const pdf = (rel: string) => path.join(PDFS, rel);

/** Every file under a folder with its size (recursive), to compare disk state before and after. */
async function listFiles(dir: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(path.relative(dir, p), (await stat(p)).size);
    }
  };
  await walk(dir);
  return out;
}

const totalSize = (files: Map<string, number>) => [...files.values()].reduce((a, b) => a + b, 0);

interface UploadReply {
  items: MeetingDocument[];
}

/** Posts a multipart form (text fields first, then the files) with the client's session cookie. */
async function upload(
  client: ApiClient,
  url: string,
  files: { name: string; bytes: Uint8Array<ArrayBuffer> }[],
  fields: Record<string, string> = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('file', new Blob([f.bytes], { type: 'application/pdf' }), f.name);
  const res = await fetch(client.baseUrl + url, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '', 'accept-language': client.lang },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null };
}

const fileOf = async (rel: string) => ({
  name: path.basename(rel),
  bytes: new Uint8Array(await readFile(pdf(rel))),
});

/** GET with extra headers and the raw bytes back. */
async function getBytes(client: ApiClient, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(client.baseUrl + url, { headers: { cookie: client.cookie ?? '', ...headers } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * A conditional GET as a browser's cache sends it. fetch() adds `Cache-Control: no-cache` to any
 * request with If-None-Match (Fetch standard), which asks for an end-to-end reload, not a 304.
 */
function revalidate(client: ApiClient, url: string, etag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      client.baseUrl + url,
      { headers: { cookie: client.cookie ?? '', 'if-none-match': etag } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A published meeting put straight into the store, with these participants. */
async function createMeetingWithParticipants(
  server: TestServer,
  createdBy: string,
  participants: { userId: string; role: MeetingRole }[],
): Promise<string> {
  const now = new Date().toISOString();
  const id = randomUUID();
  await server.running.store.meetings.create({
    id,
    title: 'Phiên họp UBND Thành phố thường kỳ',
    description: null,
    kind: 'regular',
    location: 'Phòng họp tầng 3',
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    status: 'published',
    confidentiality: 'internal',
    chairId: null,
    quorumRule: DEFAULT_QUORUM,
    statusReason: null,
    agendaVersion: 0,
    seriesId: null,
    sharedAnnotationsOpen: false,
    createdBy,
    createdAt: now,
    updatedAt: now,
    version: 0,
  });
  for (const p of participants) {
    await server.running.store.participants.add({
      id: randomUUID(),
      meetingId: id,
      userId: p.userId,
      guest: null,
      role: p.role,
      votingRight: p.role === 'delegate',
      seat: null,
      deputyForId: null,
      createdAt: now,
    });
  }
  return id;
}

describe('document library', () => {
  let server: TestServer;
  let admin: ApiClient;
  let secretary: { id: string; client: ApiClient };
  let delegate: { id: string; client: ApiClient };
  let outsider: { id: string; client: ApiClient };
  let meetingId: string;
  let filesDir: string;

  beforeAll(async () => {
    server = await startServer();
    admin = new ApiClient(server.url);
    expect(await admin.login(server.adminUsername, server.adminPassword)).toBe(200);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.tl',
      fullName: 'Phạm Thu Trang',
      systemRole: 'secretary',
    });
    delegate = await createUser(server.url, admin, { username: 'gd.tttt', fullName: 'Đỗ Việt Hùng' });
    outsider = await createUser(server.url, admin, { username: 'cv.khac', fullName: 'Lê Văn Khác' });
    meetingId = await createMeetingWithParticipants(server, secretary.id, [
      { userId: secretary.id, role: 'secretary' },
      { userId: delegate.id, role: 'delegate' },
    ]);
    filesDir = path.join(server.dataDir, 'files');
  });

  afterAll(async () => {
    await server.stop();
  });

  it('accepts real PDFs with the right page counts', async () => {
    const cases: [string, number][] = [
      ['real/tracemonkey.pdf', 14],
      ['vn/bao-cao-chuyen-doi-so-2024.pdf', 10],
      ['vn/to-trinh-de-an-06.pdf', 8],
      ['vn/bao-cao-mo-hinh-quan-huyen-cds.pdf', 3],
    ];
    const res = await upload(
      secretary.client,
      `/api/meetings/${meetingId}/documents`,
      await Promise.all(cases.map(([rel]) => fileOf(rel))),
    );
    expect(res.status).toBe(201);
    const items = (res.body as UploadReply).items;
    expect(items.map((d) => [d.name, d.pages])).toEqual(
      cases.map(([rel, pages]) => [path.basename(rel), pages]),
    );
    for (const d of items) {
      expect(d).toMatchObject({ versionNo: 1, latest: true, previousId: null, mime: 'application/pdf' });
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    // The search text of a Vietnamese document is kept for indexing.
    const service = server.running.app.services.documents.library;
    const text = await service.textOf(items[1]!.id);
    expect(text).toHaveLength(10);
    expect(text.join(' ')).toContain('THÀNH PHỐ HÀ NỘI');
  });

  it('stores the same file uploaded twice only once', async () => {
    const file = await fileOf('real/alphatrans.pdf');
    const first = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [file]);
    const second = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [file]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    const [a] = (first.body as UploadReply).items;
    const [b] = (second.body as UploadReply).items;
    expect(a!.id).not.toBe(b!.id);
    expect(a!.sha256).toBe(b!.sha256);
    const stored = [...(await listFiles(filesDir)).keys()].filter(
      (f) => f.includes(a!.sha256) && !f.endsWith('.opt.pdf'),
    );
    expect(stored).toHaveLength(1);
  });

  it('refuses every malformed file with a clear message, stores nothing and keeps serving', async () => {
    const malformed = (await readdir(pdf('malformed'))).sort();
    expect(malformed.length).toBeGreaterThanOrEqual(9);
    const countBefore = await server.running.store.documents.countByMeeting(meetingId);
    const filesBefore = await listFiles(filesDir);
    for (const name of malformed) {
      const res = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [
        await fileOf(`malformed/${name}`),
      ]);
      expect(res.status, name).toBeGreaterThanOrEqual(400);
      expect(res.status, name).toBeLessThan(500);
      const { error } = res.body as ErrorReply;
      // A sentence a secretary can act on, naming the file, never an internal detail.
      expect(error.message, name).toMatch(/không phải là tệp PDF|bị hỏng|mật khẩu|rỗng/);
      expect(error.message, name).toContain(name);
      expect((await admin.get('/api/health')).status).toBe(200);
    }
    expect(await server.running.store.documents.countByMeeting(meetingId)).toBe(countBefore);
    expect(await listFiles(filesDir)).toEqual(filesBefore);
  });

  it('says which problem it is: not a PDF, damaged, password-protected (also in English)', async () => {
    const url = `/api/meetings/${meetingId}/documents`;
    const html = await upload(secretary.client, url, [await fileOf('malformed/html-named-pdf.pdf')]);
    expect(html.status).toBe(415);
    expect((html.body as ErrorReply).error.code).toBe('unsupported_media_type');
    const damaged = await upload(secretary.client, url, [
      await fileOf('malformed/truncated-tracemonkey.pdf'),
    ]);
    expect(damaged.status).toBe(422);
    expect((damaged.body as ErrorReply).error.message).toContain('bị hỏng');
    const locked = await upload(secretary.client, url, [await fileOf('malformed/empty_protected.pdf')]);
    expect(locked.status).toBe(422);
    expect((locked.body as ErrorReply).error.message).toContain('mật khẩu');
    const english = new ApiClient(server.url, 'en');
    english.cookie = secretary.client.cookie;
    const en = await upload(english, url, [await fileOf('malformed/empty_protected.pdf')]);
    expect((en.body as ErrorReply).error.message).toContain('password-protected');
  });

  it('refuses a whole upload when one of several files is bad, storing none of them', async () => {
    const before = await server.running.store.documents.countByMeeting(meetingId);
    const res = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [
      await fileOf('real/inks.pdf'),
      await fileOf('malformed/poppler-85140-0.pdf'),
    ]);
    expect(res.status).toBe(422);
    expect(await server.running.store.documents.countByMeeting(meetingId)).toBe(before);
  });

  it('stores path-like, long and Vietnamese file names safely', async () => {
    const bytes = (await fileOf('real/inks.pdf')).bytes;
    const long = `${'Báo cáo tổng hợp '.repeat(30)}.pdf`;
    const res = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [
      { name: '../../etc/passwd.pdf', bytes },
      { name: long, bytes },
      { name: 'Tờ trình số 06 – Đề án.pdf', bytes },
    ]);
    expect(res.status).toBe(201);
    const names = (res.body as UploadReply).items.map((d) => d.name);
    expect(names[0]).toBe('passwd.pdf');
    expect(names[1]!.length).toBeLessThanOrEqual(200);
    expect(names[1]).toMatch(/\.pdf$/);
    expect(names[2]).toBe('Tờ trình số 06 – Đề án.pdf');
    const file = await getBytes(
      secretary.client,
      `/api/documents/${(res.body as UploadReply).items[2]!.id}/file`,
    );
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''T%E1%BB%9D");
  });

  it('refuses an upload by a member who is not a secretary of the meeting', async () => {
    const file = await fileOf('real/inks.pdf');
    const asDelegate = await upload(delegate.client, `/api/meetings/${meetingId}/documents`, [file]);
    expect(asDelegate.status).toBe(403);
    const asOutsider = await upload(outsider.client, `/api/meetings/${meetingId}/documents`, [file]);
    expect(asOutsider.status).toBe(403);
  });

  it('answers a 1 GB upload with 413 while it streams, leaving no large file on disk', async () => {
    const before = await listFiles(server.dataDir);
    const boundary = '----icabinet-test-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="khong-lo.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n%PDF-1.7\n',
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const GB = 1024;
    const result = await new Promise<{ status: number; body: string; sentMb: number }>((resolve, reject) => {
      let sentMb = 0;
      let done = false;
      const req = httpRequest(
        `${server.url}/api/meetings/${meetingId}/documents`,
        {
          method: 'POST',
          headers: {
            cookie: secretary.client.cookie ?? '',
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
          },
        },
        (res) => {
          done = true;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body, sentMb });
          });
        },
      );
      req.on('error', (err) => {
        if (!done) reject(err);
      });
      req.write(head);
      // Generated on the fly, 1 MB at a time, respecting back-pressure; never on disk.
      const pump = () => {
        while (!done && sentMb < GB) {
          sentMb++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!done) req.end(`\r\n--${boundary}--\r\n`);
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect((JSON.parse(result.body) as ErrorReply).error.message).toContain('khong-lo.pdf');
    // Refused long before the whole gigabyte was sent.
    expect(result.sentMb).toBeLessThan(GB);
    // Nothing left behind: no temporary file, and disk usage back where it was.
    // The upload's temporary file is removed once the refused request is torn down.
    await eventually(async () => {
      const after = await listFiles(server.dataDir);
      const grown = [...after].filter(([f, size]) => size > 1024 * 1024 && !before.has(f));
      expect(grown).toEqual([]);
      expect(await readdir(path.join(filesDir, 'tmp'))).toEqual([]);
      expect(totalSize(after) - totalSize(before)).toBeLessThan(1024 * 1024);
    });
    expect((await admin.get('/api/health')).status).toBe(200);
  });

  it('serves the file with nosniff, ETag (304) and ranges (206, 416)', async () => {
    const res = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [
      await fileOf('real/TAMReview.pdf'),
    ]);
    const doc = (res.body as UploadReply).items[0]!;
    const url = `/api/documents/${doc.id}/file`;
    const full = await getBytes(delegate.client, url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('application/pdf');
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    const etag = full.headers.get('etag');
    expect(etag).toBeTruthy();
    expect(Buffer.from(full.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const size = full.bytes.byteLength;

    expect(await revalidate(delegate.client, url, etag!)).toBe(304);
    // An end-to-end reload (what fetch() sends with If-None-Match) gets the file again.
    expect((await getBytes(delegate.client, url, { 'if-none-match': etag! })).status).toBe(200);

    const part = await getBytes(delegate.client, url, { range: 'bytes=100-1123' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1123/${size}`);
    expect(Buffer.from(part.bytes).equals(Buffer.from(full.bytes.subarray(100, 1124)))).toBe(true);

    const tail = await getBytes(delegate.client, url, { range: 'bytes=-500' });
    expect(tail.status).toBe(206);
    expect(tail.bytes.byteLength).toBe(500);

    const outside = await getBytes(delegate.client, url, { range: `bytes=${size}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);

    // The original as uploaded is what a download gets.
    const original = await readFile(pdf('real/TAMReview.pdf'));
    const download = await getBytes(delegate.client, `${url}?download=1`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(Buffer.from(download.bytes).equals(original)).toBe(true);
  });

  it('respects classification: open by organisers only, no download, watermark', async () => {
    const url = `/api/meetings/${meetingId}/documents`;
    const organisers = await upload(secretary.client, url, [await fileOf('real/annotation-highlight.pdf')], {
      openBy: 'organisers',
    });
    const noDownload = await upload(secretary.client, url, [await fileOf('real/annotation-freetext.pdf')], {
      download: 'false',
    });
    const stamped = await upload(
      secretary.client,
      url,
      [await fileOf('vn/bao-cao-mo-hinh-quan-huyen-cds.pdf')],
      {
        watermark: 'true',
      },
    );
    const secret = (organisers.body as UploadReply).items[0]!;
    const viewOnly = (noDownload.body as UploadReply).items[0]!;
    const marked = (stamped.body as UploadReply).items[0]!;
    expect(secret.classification).toEqual({ openBy: 'organisers', download: true, watermark: false });

    expect((await getBytes(delegate.client, `/api/documents/${secret.id}/file`)).status).toBe(403);
    expect((await delegate.client.get(`/api/documents/${secret.id}`)).status).toBe(403);
    expect((await getBytes(secretary.client, `/api/documents/${secret.id}/file`)).status).toBe(200);
    const listed = await delegate.client.get<UploadReply>(url);
    expect(listed.body.items.map((d) => d.id)).not.toContain(secret.id);
    expect(listed.body.items.map((d) => d.id)).toContain(viewOnly.id);

    expect((await getBytes(delegate.client, `/api/documents/${viewOnly.id}/file`)).status).toBe(200);
    expect((await getBytes(delegate.client, `/api/documents/${viewOnly.id}/file?download=1`)).status).toBe(
      403,
    );
    expect((await getBytes(secretary.client, `/api/documents/${viewOnly.id}/file?download=1`)).status).toBe(
      200,
    );

    const copy = await getBytes(delegate.client, `/api/documents/${marked.id}/file?download=1`);
    expect(copy.status).toBe(200);
    expect(copy.headers.get('etag')).toBeNull();
    expect(Buffer.from(copy.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const original = await readFile(pdf('vn/bao-cao-mo-hinh-quan-huyen-cds.pdf'));
    expect(Buffer.from(copy.bytes).equals(original)).toBe(false);

    // Someone who takes no part in the meeting sees nothing.
    expect((await getBytes(outsider.client, `/api/documents/${viewOnly.id}/file`)).status).toBe(403);
    expect((await outsider.client.get(url)).status).toBe(403);
  });

  it('keeps the old version in the chain when a document is replaced', async () => {
    const first = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [
      await fileOf('vn/to-trinh-de-an-06.pdf'),
    ]);
    const v1 = (first.body as UploadReply).items[0]!;
    const replaced = await upload(secretary.client, `/api/documents/${v1.id}/versions`, [
      await fileOf('vn/bao-cao-chuyen-doi-so-2024.pdf'),
    ]);
    expect(replaced.status).toBe(201);
    const v2 = (replaced.body as { document: MeetingDocument }).document;
    expect(v2).toMatchObject({ versionNo: 2, previousId: v1.id, latest: true, pages: 10 });

    const chain = await secretary.client.get<UploadReply>(`/api/documents/${v2.id}/versions`);
    expect(chain.body.items.map((d) => [d.id, d.versionNo, d.latest])).toEqual([
      [v1.id, 1, false],
      [v2.id, 2, true],
    ]);
    // The old version still opens; replacing it again is refused (only the newest can be replaced).
    expect((await getBytes(delegate.client, `/api/documents/${v1.id}/file`)).status).toBe(200);
    const again = await upload(secretary.client, `/api/documents/${v1.id}/versions`, [
      await fileOf('real/inks.pdf'),
    ]);
    expect(again.status).toBe(409);
    // The meeting list shows the latest only, unless an organiser asks for every version.
    const latest = await secretary.client.get<UploadReply>(`/api/meetings/${meetingId}/documents`);
    expect(latest.body.items.map((d) => d.id)).not.toContain(v1.id);
    const all = await secretary.client.get<UploadReply>(`/api/meetings/${meetingId}/documents?all=1`);
    expect(all.body.items.map((d) => d.id)).toContain(v1.id);
  });

  it('edits classification with a version check and deletes a document with its versions', async () => {
    const res = await upload(secretary.client, `/api/meetings/${meetingId}/documents`, [
      await fileOf('real/160F-2019.pdf'),
    ]);
    const doc = (res.body as UploadReply).items[0]!;
    const edited = await secretary.client.patch<{ document: MeetingDocument }>(`/api/documents/${doc.id}`, {
      version: doc.version,
      name: 'Mẫu 160F.pdf',
      classification: { download: false },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.document.classification).toEqual({
      openBy: 'participants',
      download: false,
      watermark: false,
    });
    const stale = await secretary.client.patch(`/api/documents/${doc.id}`, {
      version: doc.version,
      name: 'x.pdf',
    });
    expect(stale.status).toBe(409);
    const byDelegate = await delegate.client.patch(`/api/documents/${doc.id}`, { version: 1, name: 'x.pdf' });
    expect(byDelegate.status).toBe(403);

    const gone = await secretary.client.request('DELETE', `/api/documents/${doc.id}`);
    expect(gone.status).toBe(204);
    expect((await secretary.client.get(`/api/documents/${doc.id}`)).status).toBe(404);
    const stored = [...(await listFiles(filesDir)).keys()].filter((f) => f.includes(doc.sha256));
    expect(stored).toEqual([]);
  });
});
