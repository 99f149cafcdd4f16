import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  encodeAnnotation,
  pageRoot,
  type AnnotationLayer,
  type MeetingDocument,
  type MyMeetingNotes,
} from '@icabinet/shared';
import { addInk, LayerClient, pagesOfRows } from '../utils/annotations.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiReplace, apiUpload } from '../utils/meetings.js';
import { publishedMeeting } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

interface Person {
  id: string;
  client: ApiClient;
}

/** Puts a sticky note or a text box on a page of a layer's doc, as the web's tools do; returns its id. */
function addText(
  doc: Y.Doc,
  page: number,
  kind: 'note' | 'text',
  text: string,
  author: string,
  createdAt = new Date().toISOString(),
): string {
  const id = randomUUID();
  const common = { id, author, createdAt, text };
  doc
    .getMap(pageRoot(page))
    .set(
      id,
      encodeAnnotation(
        kind === 'note'
          ? { ...common, kind, color: '#f9a825', points: [5000, 2000] }
          : { ...common, kind, color: '#1450a3', rects: [1000, 1000, 4000, 800] },
      ),
    );
  return id;
}

const LONG_TEXT =
  'Đề nghị Sở Tài chính bổ sung thuyết minh chi tiết về nguồn vốn đối ứng của các quận, huyện ' +
  'cho giai đoạn 2025–2027, trong đó nêu rõ tỷ lệ ngân sách thành phố hỗ trợ, lộ trình giải ngân ' +
  'theo từng quý và phương án xử lý khi tiến độ giải phóng mặt bằng chậm so với kế hoạch đã duyệt.';

describe('"Ghi chú của tôi" across the documents of a meeting', () => {
  let server: TestServer;
  let secretary: Person;
  let chair: Person;
  let alice: Person;
  let bob: Person;
  let outsider: Person;
  let meetingId: string;
  /** The report, not tied to an agenda item. */
  let docA: string;
  /** The proposal, attached to the agenda item: listed before the report. */
  let docB: string;
  /** An annex only the organisers may open. */
  let docC: MeetingDocument;
  const ids: Record<string, string> = {};
  const sockets: ClientSocket[] = [];

  /** Writes on a layer through a real socket as `who`, then waits for the server to store it. */
  const write = async (
    who: Person,
    documentId: string,
    layer: AnnotationLayer,
    edit: (doc: Y.Doc) => void,
  ) => {
    const socket = await connectClient(server.url, who.client.cookie);
    sockets.push(socket);
    const c = new LayerClient(documentId, layer);
    const join = await c.connect(socket);
    expect(join.canWrite).toBe(true);
    edit(c.doc);
    await c.settle();
    expect(c.errors).toEqual([]);
    c.disconnect();
  };
  /** What the store holds for a layer, as plain JSON. */
  const storedLayer = async (documentId: string, layer: string) =>
    pagesOfRows(await server.running.store.annotations.load(documentId, layer));
  const mine = (who: Person, id = meetingId) =>
    who.client.get<MyMeetingNotes & ErrorReply>(`/api/meetings/${id}/annotations/mine`);

  beforeAll(async () => {
    server = await startServer();
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    secretary = await createUser(server.url, admin, {
      username: 'thuky.tonghop',
      fullName: 'Phạm Thu Hà',
      systemRole: 'secretary',
    });
    chair = await createUser(server.url, admin, { username: 'chutich.tonghop', fullName: 'Nguyễn Văn An' });
    alice = await createUser(server.url, admin, { username: 'daibieu.lan', fullName: 'Trần Thị Lan' });
    bob = await createUser(server.url, admin, { username: 'daibieu.minh', fullName: 'Lê Văn Minh' });
    outsider = await createUser(server.url, admin, { username: 'ngoai.tonghop', fullName: 'Người Ngoài' });
    const meeting = await publishedMeeting(
      secretary.client,
      chair.id,
      [{ userId: alice.id }, { userId: bob.id }],
      {
        document: true,
      },
    );
    meetingId = meeting.id;
    docA = meeting.documentId!;
    docB = (
      await apiUpload(server.url, secretary.client, meetingId, 'to-trinh-de-an-06.pdf', {
        agendaItemId: meeting.itemId,
      })
    ).id;
    docC = await apiUpload(server.url, secretary.client, meetingId, 'bao-cao-mo-hinh-quan-huyen-cds.pdf', {
      openBy: 'organisers',
    });
    // Delegates may write the shared layer while the meeting opens it to all participants.
    const got = await secretary.client.get<{ meeting: { version: number } }>(`/api/meetings/${meetingId}`);
    const opened = await secretary.client.patch(`/api/meetings/${meetingId}`, {
      version: got.body.meeting.version,
      sharedAnnotationsOpen: true,
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);

    const t = (minute: number) => `2024-12-02T08:${String(minute).padStart(2, '0')}:00.000Z`;
    // Alice: private notes in the report, shared markup on the proposal.
    await write(alice, docA, 'private', (doc) => {
      ids.aliceNoteA = addText(doc, 3, 'note', '  Cần làm rõ\nsố liệu quý IV  ', alice.id, t(10));
      ids.aliceInkA = addInk(doc, 1, [100, 100, 900, 900], { author: alice.id });
      ids.aliceLateA = addInk(doc, 3, [200, 200, 300, 300], { author: alice.id, color: '#1450a3' });
    });
    await write(alice, docB, 'shared', (doc) => {
      ids.aliceTextB = addText(doc, 5, 'text', LONG_TEXT, alice.id, t(20));
      ids.aliceInkB = addInk(doc, 2, [400, 400, 600, 800], { author: alice.id });
    });
    // Others' notes: Bob's private ones and everybody else's shared markup stay out of Alice's list.
    await write(bob, docA, 'private', (doc) => {
      ids.bobNoteA = addText(doc, 3, 'note', 'Ghi chú riêng của anh Minh', bob.id);
    });
    await write(bob, docB, 'shared', (doc) => {
      ids.bobInkB = addInk(doc, 2, [10, 10, 20, 20], { author: bob.id });
    });
    await write(chair, docA, 'shared', (doc) => {
      ids.chairInkA = addInk(doc, 1, [50, 50, 60, 60], { author: chair.id });
    });
    // The secretary's note in the annex Alice may not open.
    await write(secretary, docC.id, 'private', (doc) => {
      ids.secretaryNoteC = addText(doc, 1, 'note', 'Phụ lục chỉ dành cho thư ký', secretary.id);
    });
  }, 90_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('lists my private notes and my shared markup, document by document in agenda order', async () => {
    const res = await mine(alice);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.meetingId).toBe(meetingId);
    // The proposal (on the agenda item) and the report; the organisers' annex is not looked at.
    expect(res.body.documentsChecked).toBe(2);
    expect(res.body.documents.map((d) => d.documentId)).toEqual([docB, docA]);
    const [b, a] = res.body.documents;
    expect(b!.name).toBe('to-trinh-de-an-06.pdf');
    expect(b!.items.map((i) => [i.id, i.layer, i.page, i.kind])).toEqual([
      [ids.aliceInkB, 'shared', 2, 'ink'],
      [ids.aliceTextB, 'shared', 5, 'text'],
    ]);
    const text = b!.items[1]!.text!;
    expect(text).toHaveLength(200);
    expect(LONG_TEXT.startsWith(text)).toBe(true);
    expect(b!.items[0]).toMatchObject({ color: '#d32f2f', text: null });

    expect(a!.name).toBe('bao-cao-chuyen-doi-so-2024.pdf');
    // By page, then oldest first on a page.
    expect(a!.items.map((i) => [i.id, i.layer, i.page, i.kind])).toEqual([
      [ids.aliceInkA, 'private', 1, 'ink'],
      [ids.aliceNoteA, 'private', 3, 'note'],
      [ids.aliceLateA, 'private', 3, 'ink'],
    ]);
    expect(a!.items[1]).toMatchObject({
      text: 'Cần làm rõ số liệu quý IV',
      color: '#f9a825',
      createdAt: '2024-12-02T08:10:00.000Z',
    });
    expect(a!.items[2]).toMatchObject({ color: '#1450a3', text: null });
  });

  it('leaves out other people’s private notes and their marks on the shared layer', async () => {
    const res = await mine(alice);
    const listed = res.body.documents.flatMap((d) => d.items.map((i) => i.id));
    for (const other of [ids.bobNoteA, ids.bobInkB, ids.chairInkA, ids.secretaryNoteC]) {
      expect(listed).not.toContain(other);
    }
    const bobs = await mine(bob);
    expect(bobs.status).toBe(200);
    expect(bobs.body.documents.map((d) => [d.documentId, d.items.map((i) => [i.id, i.layer])])).toEqual([
      [docB, [[ids.bobInkB, 'shared']]],
      [docA, [[ids.bobNoteA, 'private']]],
    ]);
  });

  it('looks through every document an organiser may open, and says so when none holds a note', async () => {
    const chairs = await mine(chair);
    expect(chairs.status).toBe(200);
    expect(chairs.body.documentsChecked).toBe(3);
    expect(chairs.body.documents).toEqual([
      {
        documentId: docA,
        name: 'bao-cao-chuyen-doi-so-2024.pdf',
        versionNo: 1,
        latest: true,
        items: [expect.objectContaining({ id: ids.chairInkA, layer: 'shared', page: 1 })],
      },
    ]);
    const secretaries = await mine(secretary);
    expect(secretaries.body.documentsChecked).toBe(3);
    expect(secretaries.body.documents.map((d) => [d.documentId, d.items.map((i) => i.text)])).toEqual([
      [docC.id, ['Phụ lục chỉ dành cho thư ký']],
    ]);
  });

  it('refuses a user who is not a participant of the meeting with 403', async () => {
    const res = await mine(outsider);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect(res.body.error.message).toBe(
      'Bạn không có quyền xem cuộc họp này nên không xem được ghi chú trong tài liệu của cuộc họp.',
    );
    const en = new ApiClient(server.url, 'en');
    en.cookie = outsider.client.cookie;
    const english = await en.get<ErrorReply>(`/api/meetings/${meetingId}/annotations/mine`);
    expect(english.body.error.message).toBe(
      "You may not view this meeting, so its documents' notes cannot be listed.",
    );
  });

  it('answers 404 for a meeting that does not exist and 400 for a malformed id', async () => {
    const unknown = await mine(alice, randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'not_found', message: 'Không tìm thấy cuộc họp.' });
    const malformed = await mine(alice, 'khong-phai-ma');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_input');
    expect(malformed.body.error.message).toBe(
      'Đường dẫn có mã cuộc họp không hợp lệ; hãy mở lại cuộc họp từ danh sách.',
    );
    expect(malformed.body.error.issues?.map((i) => i.path)).toEqual(['meetingId']);
  });

  it('asks for a session', async () => {
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.get(`/api/meetings/${meetingId}/annotations/mine`)).status).toBe(401);
  });

  it('changes nothing: layers, documents and the meeting read the same after many calls', async () => {
    const layers: [string, string][] = [];
    for (const d of [docA, docB, docC.id])
      for (const l of [
        'shared',
        `u:${alice.id}`,
        `u:${bob.id}`,
        `u:${chair.id}`,
        `u:${secretary.id}`,
        `u:${outsider.id}`,
      ])
        layers.push([d, l]);
    const snapshot = async () => ({
      layers: await Promise.all(layers.map(([d, l]) => storedLayer(d, l))),
      documents: (await secretary.client.get(`/api/meetings/${meetingId}/documents?all=1`)).body,
      meeting: (await secretary.client.get(`/api/meetings/${meetingId}`)).body,
    });
    const before = await snapshot();
    for (const who of [alice, bob, chair, secretary, outsider]) await mine(who);
    await Promise.all([mine(alice), mine(alice), mine(bob)]);
    expect(await snapshot()).toEqual(before);
    // A layer nobody wrote is not created by being looked at.
    expect(await server.running.store.annotations.load(docA, `u:${outsider.id}`)).toEqual([]);
    expect(await server.running.store.annotations.load(docC.id, `u:${alice.id}`)).toEqual([]);
  });

  // Last: it replaces the report with a new version.
  it('keeps my notes on a version since replaced, listed after the current one as an earlier version', async () => {
    const v2 = await apiReplace(server.url, secretary.client, docA, 'bao-cao-chuyen-doi-so-2024.pdf');
    expect(v2).toMatchObject({ versionNo: 2, latest: true });
    await write(alice, v2.id, 'private', (doc) => {
      ids.aliceNoteV2 = addText(doc, 2, 'note', 'Bản mới: đã có số liệu quý IV', alice.id);
    });
    const res = await mine(alice);
    expect(res.status).toBe(200);
    // Still two documents in the meeting; the report's first version follows its current one.
    expect(res.body.documentsChecked).toBe(2);
    expect(res.body.documents.map((d) => [d.documentId, d.versionNo, d.latest, d.items.length])).toEqual([
      [docB, 1, true, 2],
      [v2.id, 2, true, 1],
      [docA, 1, false, 3],
    ]);
    expect(res.body.documents[2]!.items.map((i) => i.id)).toEqual([
      ids.aliceInkA,
      ids.aliceNoteA,
      ids.aliceLateA,
    ]);
  });
  it('refuses a nested note whose author is changed to the chair afterwards; own nested edits still pass', async () => {
    const socket = await connectClient(server.url, bob.client.cookie);
    sockets.push(socket);
    const c = new LayerClient(docB, 'shared');
    expect((await c.connect(socket)).canWrite).toBe(true);
    // An older client's format: the note as a nested Y.Map of fields, in Bob's own name.
    const id = randomUUID();
    const note = new Y.Map<unknown>();
    c.doc.getMap(pageRoot(9)).set(id, note);
    note.set('kind', 'note');
    note.set('color', '#f9a825');
    note.set('author', bob.id);
    note.set('createdAt', '2024-12-02T09:00:00.000Z');
    note.set('points', [5000, 2000]);
    note.set('text', 'Ý kiến của anh Minh');
    await c.settle();
    expect(c.errors).toEqual([]);
    // A field of his own note: allowed.
    note.set('text', 'Ý kiến đã sửa của anh Minh');
    await c.settle();
    expect(c.errors).toEqual([]);
    const rows = (await server.running.store.annotations.load(docB, 'shared')).length;

    // The forgery: one level down, the author becomes the chair.
    note.set('author', chair.id);
    await c.settle();
    expect(c.errors).toEqual(['forbidden']);
    c.disconnect();
    expect((await server.running.store.annotations.load(docB, 'shared')).length).toBe(rows);
    const stored = (await storedLayer(docB, 'shared'))['page:9'] as Record<string, { author: string }>;
    expect(stored[id]?.author).toBe(bob.id);
    const chairs = await mine(chair);
    expect(chairs.body.documents.flatMap((d) => d.items.map((i) => i.id))).not.toContain(id);
    const bobs = await mine(bob);
    expect(bobs.body.documents.flatMap((d) => d.items.map((i) => i.id))).toContain(id);
  });
});
