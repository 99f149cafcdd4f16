import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { createMeeting, createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { FIXTURES, spawnServer, startServer, tempDir, testEnv, type TestServer } from '../utils/server.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A real paper saved without object streams, which qpdf can make smaller. */
async function plainPdf(): Promise<PDFDocument> {
  const bytes = await readFile(path.join(FIXTURES, 'pdfs', 'real', 'tracemonkey.pdf'));
  return PDFDocument.load(bytes);
}

/**
 * The same paper with a signature field as signing software writes it: an AcroForm with
 * SigFlags 3 and a /Sig value holding /ByteRange and /Contents.
 */
async function signedPdf(): Promise<Uint8Array<ArrayBuffer>> {
  const pdf = await plainPdf();
  const page = pdf.getPage(0);
  const sig = pdf.context.register(
    pdf.context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'adbe.pkcs7.detached',
      ByteRange: [0, 1000, 3000, 1000],
      Contents: PDFHexString.of('00'.repeat(512)),
      M: PDFString.of("D:20241128080000+07'00'"),
    }),
  );
  const widget = pdf.context.register(
    pdf.context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      Rect: [0, 0, 0, 0],
      F: 132,
      T: PDFString.of('Chu ky so 1'),
      V: sig,
      P: page.ref,
    }),
  );
  page.node.addAnnot(widget);
  pdf.catalog.set(PDFName.of('AcroForm'), pdf.context.obj({ Fields: [widget], SigFlags: 3 }));
  return new Uint8Array(await pdf.save({ useObjectStreams: false }));
}

async function unsignedPdf(): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await (await plainPdf()).save({ useObjectStreams: false }));
}

async function upload(client: ApiClient, url: string, bytes: Uint8Array<ArrayBuffer>, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), name);
  const res = await fetch(client.baseUrl + url, {
    method: 'POST',
    headers: { cookie: client.cookie ?? '' },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

async function fileOf(client: ApiClient, id: string, download: boolean) {
  const res = await fetch(`${client.baseUrl}/api/documents/${id}/file${download ? '?download=1' : ''}`, {
    headers: { cookie: client.cookie ?? '' },
  });
  return { etag: res.headers.get('etag'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('qpdf rewrite of uploaded PDFs', () => {
  let server: TestServer;
  let secretary: { id: string; client: ApiClient };
  let meetingId: string;

  beforeAll(async () => {
    server = await startServer();
    const admin = new ApiClient(server.url);
    expect(await admin.login(server.adminUsername, server.adminPassword)).toBe(200);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.qpdf',
      fullName: 'Phạm Thu Trang',
      systemRole: 'secretary',
    });
    meetingId = await createMeeting(server.running, secretary.id, [
      { userId: secretary.id, role: 'secretary' },
    ]);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('serves a smaller object-stream copy for viewing, and the original bytes for download', async () => {
    const original = await unsignedPdf();
    const res = await upload(
      secretary.client,
      `/api/meetings/${meetingId}/documents`,
      original,
      'ban-thuong.pdf',
    );
    expect(res.status).toBe(201);
    const doc = (res.body as { items: MeetingDocument[] }).items[0]!;
    expect(doc.optimized).toBe(true);
    const view = await fileOf(secretary.client, doc.id, false);
    expect(view.bytes.byteLength).toBeLessThan(original.byteLength);
    expect(Buffer.from(view.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(view.etag).toBe(`"${doc.sha256}.o"`);
    // The copy has the same pages.
    expect((await PDFDocument.load(view.bytes)).getPageCount()).toBe(14);
    const download = await fileOf(secretary.client, doc.id, true);
    expect(sha(download.bytes)).toBe(sha(original));
  });

  it('never rewrites a signed PDF: viewers and downloads get the signed bytes', async () => {
    const signed = await signedPdf();
    const res = await upload(
      secretary.client,
      `/api/meetings/${meetingId}/documents`,
      signed,
      'da-ky-so.pdf',
    );
    expect(res.status, JSON.stringify(res.body as ErrorReply)).toBe(201);
    const doc = (res.body as { items: MeetingDocument[] }).items[0]!;
    expect(doc.optimized).toBe(false);
    for (const download of [false, true]) {
      const file = await fileOf(secretary.client, doc.id, download);
      expect(sha(file.bytes)).toBe(sha(signed));
    }
  });
});

describe('the built server (dist) inspects PDFs in its bundled worker', () => {
  it('accepts a real PDF and refuses a damaged one with a clear message', async () => {
    const dir = await tempDir('icabinet-worker-');
    const proc = spawnServer(testEnv(dir));
    try {
      const url = await proc.url;
      const admin = new ApiClient(url);
      expect(await admin.login('admin', testEnv(dir).ICABINET_ADMIN_PASSWORD!)).toBe(200);
      const start = new Date(Date.now() + 86_400_000);
      const meeting = await admin.post<{ meeting: { id: string } }>('/api/meetings', {
        title: 'Họp kiểm tra bộ đọc PDF',
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 3_600_000).toISOString(),
      });
      expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
      const docs = `/api/meetings/${meeting.body.meeting.id}/documents`;
      const good = new Uint8Array(await readFile(path.join(FIXTURES, 'pdfs', 'real', 'inks.pdf')));
      const ok = await upload(admin, docs, good, 'inks.pdf');
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      const bad = new Uint8Array(
        await readFile(path.join(FIXTURES, 'pdfs', 'malformed', 'truncated-tracemonkey.pdf')),
      );
      const refused = await upload(admin, docs, bad, 'hong.pdf');
      expect(refused.status).toBe(422);
      expect((refused.body as ErrorReply).error.message).toMatch(/hong\.pdf.*hỏng/);
    } finally {
      await proc.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
