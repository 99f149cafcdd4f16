import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, MeetingDocument, Result, RoomChanged } from '@icabinet/shared';
import { createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiParticipant, apiStatus, apiUpload, slot } from '../utils/meetings.js';
import { collectChanges, joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { FIXTURES, startServer, type TestServer } from '../utils/server.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { eventually } from '../utils/eventually.js';

interface Person {
  id: string;
  client: ApiClient;
}

/** The text pdf.js reads on page 1 (the watermark is drawn as text with an embedded font). */
async function firstPageText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false }).promise;
  try {
    const content = await (await pdf.getPage(1)).getTextContent();
    return content.items.map((i) => ('str' in i ? i.str : '')).join('');
  } finally {
    await pdf.destroy();
  }
}

const REPORT = 'bao-cao-chuyen-doi-so-2024.pdf';
const PROPOSAL = 'to-trinh-de-an-06.pdf';

/** The three access findings of issue 11 (items 6, 7, 12), each through the real server. */
describe('one meeting-access policy on every path', () => {
  let server: TestServer;
  let secretary: Person;
  let chair: Person;
  let presenter: Person;
  let delegate: Person;
  const sockets: ClientSocket[] = [];

  const connect = async (p: Person) => {
    const s = await connectClient(server.url, p.client.cookie);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    server = await startServer();
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.ap',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    chair = await createUser(server.url, admin, { username: 'chutoa.ap', fullName: 'Nguyễn Văn An' });
    presenter = await createUser(server.url, admin, { username: 'trinhbay.ap', fullName: 'Trần Thị Bình' });
    delegate = await createUser(server.url, admin, { username: 'daibieu.ap', fullName: 'Lê Văn Cường' });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('does not let the room show a document a delegate may not open, nor tell the room its name', async () => {
    const m = await publishedMeeting(secretary.client, chair.id, [
      { userId: presenter.id },
      { userId: delegate.id },
    ]);
    const annex = await apiUpload(server.url, secretary.client, m.id, PROPOSAL, { openBy: 'organisers' });
    const report = await apiUpload(server.url, secretary.client, m.id, REPORT);
    // The presenter cannot open the annex themselves.
    expect((await presenter.client.get(`/api/documents/${annex.id}/file`)).status).toBe(403);

    const c = await connect(chair);
    await joinRoom(c, m.id);
    expect(await roomCommand(c, m.id, { type: 'room.start' })).toMatchObject({ ok: true });
    expect(
      await roomCommand(c, m.id, { type: 'presenter.set', participantId: m.participantIds[0]! }),
    ).toMatchObject({ ok: true });

    const watcher = await connect(delegate);
    await joinRoom(watcher, m.id);
    const seen: RoomChanged[] = collectChanges(watcher);

    const p = await connect(presenter);
    await joinRoom(p, m.id);
    const refused = await roomCommand(p, m.id, { type: 'document.open', documentId: annex.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The chair may open the annex, but the whole room would learn its name and length: refused too.
    const byChair = await roomCommand(c, m.id, { type: 'document.open', documentId: annex.id });
    expect(byChair).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!byChair.ok) expect(byChair.error.message).toMatch(/tài liệu/i);

    // A document everyone may open is shown; it is the first document the room hears of.
    const shown = await roomCommand(p, m.id, { type: 'document.open', documentId: report.id });
    expect(shown).toMatchObject({ ok: true });
    await eventually(() => expect(seen.some((e) => e.patch.document)).toBe(true));
    const withDocument = seen.filter((e) => e.patch.document !== undefined);
    expect(withDocument.map((e) => e.patch.document?.documentId)).toEqual([report.id]);
    expect(JSON.stringify(seen)).not.toContain(annex.name);

    // Reclassified for organisers while it is shown: it is not moved for the room any more, and a
    // delegate who (re)joins is not told what it is; the chair still sees it.
    const current = await secretary.client.get<{ document: MeetingDocument }>(`/api/documents/${report.id}`);
    const patched = await secretary.client.patch(`/api/documents/${report.id}`, {
      version: current.body.document.version,
      classification: { openBy: 'organisers' },
    });
    expect(patched.status).toBe(200);
    const moved = await roomCommand(p, m.id, { type: 'page.goto', page: 2 });
    expect(moved).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const late = await connect(delegate);
    expect((await joinRoom(late, m.id)).state.document).toBeNull();
    expect((await joinRoom(c, m.id)).state.document?.documentId).toBe(report.id);
  });

  it('answers for a draft meeting on no path to a delegate, as lists and search already do', async () => {
    const created = await secretary.client.post<{ meeting: { id: string } }>('/api/meetings', {
      title: 'Dự thảo phiên họp chuyên đề ngân sách',
      location: 'Phòng họp số 2',
      ...slot(5),
      chairId: chair.id,
    });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    await apiParticipant(secretary.client, id, delegate.id, 'delegate');
    const doc = await apiUpload(server.url, secretary.client, id, REPORT);

    // The organisers still work on it.
    expect((await chair.client.get(`/api/meetings/${id}`)).status).toBe(200);
    expect((await secretary.client.get(`/api/documents/${doc.id}/file`)).status).toBe(200);

    const rest = [
      `/api/meetings/${id}`,
      `/api/meetings/${id}/agenda`,
      `/api/meetings/${id}/participants`,
      `/api/meetings/${id}/documents`,
      `/api/meetings/${id}/annotations/mine`,
      `/api/documents/${doc.id}`,
      `/api/documents/${doc.id}/versions`,
      `/api/documents/${doc.id}/file`,
      `/api/documents/${doc.id}/file?download=1`,
      `/api/documents/${doc.id}/annotated.pdf`,
      `/api/documents/${doc.id}/search?q=chuyen`,
    ];
    for (const url of rest) {
      const res = await delegate.client.get(url);
      expect(res.status, url).toBe(403);
    }
    const s = await connect(delegate);
    for (const [event, payload] of [
      ['meeting:join', { meetingId: id }],
      ['room:join', { meetingId: id }],
      ['doc:join', { documentId: doc.id, layer: 'shared', stateVector: new Uint8Array([0]) }],
      ['doc:join', { documentId: doc.id, layer: 'private', stateVector: new Uint8Array([0]) }],
    ] as const) {
      const res = (await s
        .timeout(10_000)
        .emitWithAck(event as 'meeting:join', payload as never)) as Result<unknown>;
      expect(res, event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }

    // Once published, the same delegate reads it on every path.
    await apiStatus(secretary.client, { id }, 'published');
    expect((await delegate.client.get(`/api/meetings/${id}`)).status).toBe(200);
    expect((await delegate.client.get(`/api/documents/${doc.id}/file`)).status).toBe(200);
  });

  it('takes a meeting back to draft away from its invitees: no invitation listed, no reply', async () => {
    const created = await secretary.client.post<{ meeting: { id: string; version: number } }>(
      '/api/meetings',
      {
        title: 'Phiên họp sẽ soạn lại',
        location: 'Phòng họp số 4',
        ...slot(6),
        chairId: chair.id,
      },
    );
    const id = created.body.meeting.id;
    await apiParticipant(secretary.client, id, delegate.id, 'delegate');
    // Someone invited by e-mail, who answers through the personal link.
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const email = 'khach.ap@hanoi.gov.vn';
    const guest = await admin.post<{ user: { id: string } }>('/api/users', {
      username: 'khach.ap',
      fullName: 'Vũ Thị Khách',
      email,
      password: 'Mat-khau-song-chu-1',
    });
    await apiParticipant(secretary.client, id, guest.body.user.id, 'delegate');
    await apiStatus(secretary.client, { id }, 'published');
    const link = await eventually(async () => {
      for (const name of await readdir(path.join(server.dataDir, 'outbox'))) {
        const mail = await readFile(path.join(server.dataDir, 'outbox', name), 'utf8');
        const found = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail);
        if (mail.includes(email) && found) return `${server.url}/invite/${found[1]}`;
      }
      throw new Error('no invitation e-mail yet');
    });
    expect((await fetch(link)).status).toBe(200);
    const mine = async () =>
      (await delegate.client.get<{ items: Invitation[] }>('/api/invitations/mine')).body.items.filter(
        (i) => i.meetingId === id,
      );
    const [invitation] = await mine();
    expect(invitation).toBeDefined();

    await apiStatus(secretary.client, { id }, 'draft');
    expect(await mine()).toEqual([]);
    const reply = await delegate.client.post<ErrorReply>(`/api/invitations/${invitation!.id}/reply`, {
      answer: 'attend',
    });
    expect(reply.status).toBe(403);
    expect(reply.body.error.message).toMatch(/chưa được công bố/);
    const page = await fetch(link);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain('chưa được công bố');

    // Published again, the invitation is back and can be answered.
    await apiStatus(secretary.client, { id }, 'published');
    expect((await mine()).map((i) => i.id)).toContain(invitation!.id);
    expect(
      (await delegate.client.post(`/api/invitations/${invitation!.id}/reply`, { answer: 'attend' })).status,
    ).toBe(200);
  });

  it('stamps every download of a confidential meeting, whatever the document itself asks', async () => {
    const created = await secretary.client.post<{ meeting: { id: string } }>('/api/meetings', {
      title: 'Phiên họp mật về quy hoạch',
      location: 'Phòng họp số 3',
      ...slot(2),
      chairId: chair.id,
      confidentiality: 'confidential',
    });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    await apiParticipant(secretary.client, id, delegate.id, 'delegate');
    const doc: MeetingDocument = await apiUpload(server.url, secretary.client, id, REPORT, {
      watermark: 'false',
    });
    expect(doc.classification.watermark).toBe(false);
    await apiStatus(secretary.client, { id }, 'published');

    const original = new Uint8Array(await readFile(path.join(FIXTURES, 'pdfs', 'vn', REPORT)));
    const fetchBytes = async (url: string) => {
      const res = await fetch(server.url + url, { headers: { cookie: delegate.client.cookie ?? '' } });
      expect(res.status, url).toBe(200);
      return new Uint8Array(await res.arrayBuffer());
    };
    for (const url of [
      `/api/documents/${doc.id}/file?download=1`,
      `/api/documents/${doc.id}/annotated.pdf`,
    ]) {
      const bytes = await fetchBytes(url);
      expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1'), url).toBe('%PDF-');
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(original)), url).not.toBe(0);
      // The copy carries the reader's name on its pages.
      expect(await firstPageText(bytes), url).toContain('Lê Văn Cường');
    }
    expect(await firstPageText(original)).not.toContain('Lê Văn Cường');
  });
});
