import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  Conclusion,
  ConclusionNotice,
  ConclusionsChanged,
  ConclusionsView,
  Meeting,
  MeetingDocument,
} from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { makeCa, makeSigner, type TestIdentity } from '../utils/pki.js';
import { startServer, type TestServer } from '../utils/server.js';
import { connectClient, nextEvent } from '../utils/socket.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';

const run = promisify(execFile);
const OUT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'test-output',
  'conclusions',
);
// 9 March 2027, 15:00 in Hà Nội.
const TODAY = Date.parse('2027-03-09T08:00:00Z');

/** Real time, moved to a known day (sessions and expiries still tick). */
class DayClock {
  private readonly offset = TODAY - Date.now();
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
}

type Saved = { conclusion: Conclusion; notice: ConclusionNotice };

describe('conclusions and the conclusion notice, drafted, approved and issued', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let admin: ApiClient;
  let cast: Record<'secretary' | 'chair' | 'delegate' | 'outsider', TestUser>;
  let meeting: Meeting;
  let items: { budget: string; land: string };
  let chairId: TestIdentity;

  beforeAll(async () => {
    chairId = makeSigner(makeCa('I-Cabinet Test CA'), 'Nguyễn Văn An');
    smtp = await startSmtp();
    server = await startServer({
      clock: new DayClock(),
      env: { REMINDERS: 'off', DOC_SIGNER_NAME: 'Nguyễn Văn An', SMTP_URL: smtp.url },
    });
    admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    cast = await createCast(server.url, admin, ['secretary', 'chair', 'delegate', 'outsider']);
    for (const [who, email, title] of [
      [cast.delegate, 'hung.dv@hanoi.gov.vn', 'Giám đốc Sở Thông tin và Truyền thông'],
      [cast.chair, 'an.nv@hanoi.gov.vn', 'Chủ tịch UBND Thành phố'],
    ] as const) {
      const user = await admin.get<{ user: { version: number } }>(`/api/users/${who.id}`);
      const edited = await admin.patch(`/api/users/${who.id}`, {
        email,
        title,
        version: user.body.user.version,
      });
      expect(edited.status).toBe(200);
    }
    const sec = cast.secretary.client;
    meeting = await apiMeeting(sec, {
      title: 'Phiên họp thường kỳ tháng 3 năm 2027',
      startsAt: '2027-03-09T01:00:00.000Z',
      endsAt: '2027-03-09T04:00:00.000Z',
      chairId: cast.chair.id,
    });
    await apiParticipant(sec, meeting.id, cast.delegate.id);
    const budget = await apiItem(sec, meeting.id, { title: 'Dự toán ngân sách bổ sung năm 2027' });
    const land = await apiItem(sec, meeting.id, { title: 'Điều chỉnh bảng giá đất' });
    items = { budget: budget.item.id, land: land.item.id };
    meeting = await apiStatus(sec, meeting, 'published');
    await mkdir(OUT, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  const put = (client: ApiClient, itemId: string, body: unknown) =>
    client.request<Saved | ErrorReply>('PUT', `/api/meetings/${meeting.id}/conclusions/${itemId}`, body);
  const act = (client: ApiClient, body: unknown) =>
    client.post<{ notice: ConclusionNotice } | ErrorReply>(
      `/api/meetings/${meeting.id}/conclusions/notice`,
      body,
    );
  const view = async (client: ApiClient) =>
    (await client.get<ConclusionsView>(`/api/meetings/${meeting.id}/conclusions`)).body;
  const errorOf = (body: unknown) => (body as ErrorReply).error;
  /** The chair signs the approved notice with the test certificate (PAdES), on the version read. */
  async function signNotice(version: number): Promise<number> {
    const form = new FormData();
    form.set('p12', new Blob([new Uint8Array(chairId.p12)]), 'chu-ky.p12');
    form.set('password', chairId.password);
    form.set('version', String(version));
    const res = await fetch(
      `${server.url}/api/meetings/${meeting.id}/official-documents/conclusion_notice/sign`,
      { method: 'POST', headers: { cookie: cast.chair.client.cookie ?? '' }, body: form },
    );
    return res.status;
  }

  it('keeps each point’s id when the chair edits and reorders, and refuses a stale version', async () => {
    const first = await put(cast.secretary.client, items.budget, {
      version: 0,
      points: [
        { text: 'Giao Sở Tài chính hoàn thiện dự toán, trình HĐND Thành phố trước ngày 20/3/2027.' },
        { text: 'Các quận, huyện rà soát nhu cầu vốn, báo cáo trước ngày 15/3/2027.' },
      ],
    });
    expect(first.status).toBe(200);
    const saved = (first.body as Saved).conclusion;
    expect(saved.version).toBe(1);
    const [a, b] = saved.points;
    if (!a || !b) throw new Error('two points expected');

    // The chair moves the second point up and sharpens the first: ids follow the points.
    const edited = await put(cast.chair.client, items.budget, {
      version: 1,
      points: [
        { id: b.id, text: b.text },
        {
          id: a.id,
          text: 'Giao Sở Tài chính hoàn thiện dự toán, trình HĐND Thành phố trước ngày 18/3/2027.',
        },
        { text: 'Kho bạc Nhà nước Thành phố phối hợp.' },
      ],
    });
    expect(edited.status).toBe(200);
    const after = (edited.body as Saved).conclusion;
    expect(after.version).toBe(2);
    expect(after.points.map((p) => p.id).slice(0, 2)).toEqual([b.id, a.id]);
    expect(after.points[1]?.text).toContain('18/3/2027');

    // The secretary saves on the version read before the chair's edit: refused, nothing changes.
    const stale = await put(cast.secretary.client, items.budget, {
      version: 1,
      points: [{ id: a.id, text: 'Bản cũ của thư ký' }],
    });
    expect(stale.status).toBe(409);
    expect(errorOf(stale.body)).toMatchObject({ code: 'conflict' });
    expect(errorOf(stale.body).message).toContain('vừa được người khác sửa');
    const english = new ApiClient(server.url, 'en');
    english.cookie = cast.secretary.client.cookie;
    const staleEn = await put(english, items.budget, {
      version: 1,
      points: [{ id: a.id, text: 'Bản cũ của thư ký' }],
    });
    expect(errorOf(staleEn.body).message).toContain('Someone else has just changed');
    const stored = (await view(cast.secretary.client)).items.find((c) => c.agendaItemId === items.budget);
    expect(stored?.points).toEqual(after.points);
  });

  it('refuses empty points, unknown point ids and edits by delegates, leaving the conclusions intact', async () => {
    const before = await view(cast.secretary.client);
    const empty = await put(cast.secretary.client, items.land, { version: 0, points: [] });
    expect(empty.status).toBe(400);
    const blank = await put(cast.secretary.client, items.land, { version: 0, points: [{ text: '   ' }] });
    expect(blank.status).toBe(400);
    const stray = await put(cast.secretary.client, items.land, {
      version: 0,
      points: [{ id: '6f1d2f55-2b9e-4d7b-9a49-8f0e5e2f3a10', text: 'Điểm lạ' }],
    });
    expect(stray.status).toBe(400);
    expect(errorOf(stray.body).message).toContain('không thuộc mục chương trình này');
    const byDelegate = await put(cast.delegate.client, items.land, {
      version: 0,
      points: [{ text: 'Ý kiến riêng' }],
    });
    expect(byDelegate.status).toBe(403);
    // Drafts are the organisers': the delegate sees no conclusions before the notice is issued.
    expect((await view(cast.delegate.client)).items).toEqual([]);
    expect(await view(cast.secretary.client)).toEqual(before);
  });

  it('goes through submit, return with comments, approve and issue, with the right people only', async () => {
    let notice = (await view(cast.secretary.client)).notice;
    expect(notice).toMatchObject({ state: 'draft', version: 0, number: null });

    // The chair cannot approve a draft that was not submitted.
    const early = await act(cast.chair.client, { action: 'approve', version: 0 });
    expect(early.status).toBe(409);
    expect(errorOf(early.body).message).toContain('cần được thư ký trình trước');

    const submitted = await act(cast.secretary.client, { action: 'submit', version: 0 });
    expect(submitted.status).toBe(200);
    notice = (submitted.body as { notice: ConclusionNotice }).notice;
    expect(notice.state).toBe('submitted');

    // Once submitted, the conclusions are locked.
    const locked = await put(cast.secretary.client, items.land, {
      version: 0,
      points: [{ text: 'Bổ sung' }],
    });
    expect(locked.status).toBe(409);
    expect(errorOf(locked.body).message).toContain('đã được trình chủ tọa');

    // Only the chair approves: the secretary is told so.
    const notChair = await act(cast.secretary.client, { action: 'approve', version: notice.version });
    expect(notChair.status).toBe(403);
    expect(errorOf(notChair.body).message).toBe(
      'Chỉ chủ tọa cuộc họp mới được phê duyệt hoặc trả lại thông báo kết luận.',
    );
    const byDelegate = await act(cast.delegate.client, { action: 'approve', version: notice.version });
    expect(byDelegate.status).toBe(403);

    // Returning needs a comment.
    const bare = await act(cast.chair.client, { action: 'return', version: notice.version });
    expect(bare.status).toBe(400);
    const returned = await act(cast.chair.client, {
      action: 'return',
      version: notice.version,
      comment: 'Bổ sung kết luận về bảng giá đất.',
    });
    expect(returned.status).toBe(200);
    notice = (returned.body as { notice: ConclusionNotice }).notice;
    expect(notice.state).toBe('returned');
    expect(notice.history.at(-1)).toMatchObject({
      action: 'return',
      comment: 'Bổ sung kết luận về bảng giá đất.',
    });

    const land = await put(cast.secretary.client, items.land, {
      version: 0,
      points: [{ text: 'Thống nhất điều chỉnh bảng giá đất theo đề xuất của Sở Tài nguyên và Môi trường.' }],
    });
    expect(land.status).toBe(200);

    // A stale version of the notice is refused (someone acted in between).
    const staleNotice = await act(cast.secretary.client, { action: 'submit', version: notice.version - 1 });
    expect(staleNotice.status).toBe(409);
    expect(errorOf(staleNotice.body).message).toContain('vừa được người khác xử lý');

    const again = await act(cast.secretary.client, { action: 'submit', version: notice.version });
    notice = (again.body as { notice: ConclusionNotice }).notice;
    const approved = await act(cast.chair.client, { action: 'approve', version: notice.version });
    expect(approved.status).toBe(200);
    notice = (approved.body as { notice: ConclusionNotice }).notice;
    expect(notice.state).toBe('approved');

    // Issued means signed: "Ban hành" waits for the chair's signature, and neither issue goes
    // through before it (409, nothing numbered or filed). The chair's answer offers "Ký số";
    // the secretary's view waits.
    expect(notice.actions).toEqual(['sign']);
    notice = (await view(cast.secretary.client)).notice;
    expect(notice.actions).toEqual([]);
    expect(notice.issueBlocked).toEqual({ missing: ['chair'] });
    for (const action of ['issue', 'issueUnsigned'] as const) {
      const unsigned = await act(cast.secretary.client, { action, version: notice.version });
      expect(unsigned.status).toBe(409);
      expect(errorOf(unsigned.body).message).toContain('chưa được chủ tọa ký số nên chưa ban hành được');
    }
    expect((await view(cast.secretary.client)).notice).toEqual(notice);
    const library = await cast.secretary.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    expect(library.body.items.filter((d) => d.readOnly)).toEqual([]);

    expect(await signNotice(notice.version)).toBe(200);
    notice = (await view(cast.secretary.client)).notice;
    expect(notice).toMatchObject({ state: 'signed', actions: ['issue'], issueBlocked: null });
    const issued = await act(cast.secretary.client, { action: 'issue', version: notice.version });
    expect(issued.status).toBe(200);
    notice = (issued.body as { notice: ConclusionNotice }).notice;
    expect(notice).toMatchObject({
      state: 'issued',
      number: 1,
      symbol: 'TB-UBND',
      actions: [],
      canEdit: false,
    });
    expect(notice.history.map((h) => h.action)).toEqual([
      'submit',
      'return',
      'submit',
      'approve',
      'sign',
      'issue',
    ]);
  });

  it('puts the numbered PDF in the Decree 30 form into the library, read-only', async () => {
    const { notice } = await view(cast.delegate.client);
    expect(notice.state).toBe('issued');
    const docs = await cast.delegate.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    const doc = docs.body.items.find((d) => d.id === notice.documentId);
    expect(doc).toMatchObject({ name: 'Thong bao ket luan so 1-TB-UBND.pdf', readOnly: true });

    const res = await fetch(`${server.url}/api/documents/${doc?.id}/file`, {
      headers: { cookie: cast.delegate.client.cookie ?? '' },
    });
    expect(res.status).toBe(200);
    const file = path.join(OUT, 'thong-bao-ket-luan.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const layout = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    const lines = layout.split('\n').map((l) => l.trim().replace(/\s{2,}/g, ' | '));
    expect(lines).toContain('ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines).toContain('THÀNH PHỐ HÀ NỘI | Độc lập - Tự do - Hạnh phúc');
    expect(lines).toContain('Số: 1/TB-UBND | Hà Nội, ngày 09 tháng 3 năm 2027');
    expect(lines).toContain('THÔNG BÁO');
    const flat = layout.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'Kết luận của Chủ tịch UBND Thành phố Nguyễn Văn An tại phiên họp thường kỳ tháng 3 năm 2027',
    );
    expect(flat).toContain(
      'Ngày 09 tháng 3 năm 2027, tại Phòng họp số 1, tầng 3, đồng chí Nguyễn Văn An, Chủ tịch UBND Thành phố đã chủ trì phiên họp thường kỳ tháng 3 năm 2027.',
    );
    expect(flat).toContain('- đồng chí Đỗ Việt Hùng, Giám đốc Sở Thông tin và Truyền thông');
    expect(flat).toContain('1. Dự toán ngân sách bổ sung năm 2027');
    expect(flat).toContain('1.1. Các quận, huyện rà soát nhu cầu vốn');
    expect(flat).toContain(
      '1.2. Giao Sở Tài chính hoàn thiện dự toán, trình HĐND Thành phố trước ngày 18/3/2027.',
    );
    expect(flat).toContain('1.3. Kho bạc Nhà nước Thành phố phối hợp.');
    expect(flat).toContain('2. Điều chỉnh bảng giá đất');
    expect(flat).toContain('2.1. Thống nhất điều chỉnh bảng giá đất');
    expect(flat).toContain('thông báo để các cơ quan, đơn vị, cá nhân có liên quan biết, thực hiện./.');
    expect(flat).toMatch(/Nơi nhận: .*TL\. CHỦ TỊCH/);
    expect(flat).toContain('- Như thành phần dự họp;');
    expect(flat).toContain('CHÁNH VĂN PHÒNG');
    // Page 1 as an image, kept with the test output to be looked at.
    await run('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(OUT, 'page-1'),
    ]);

    // The issued document cannot be renamed, replaced or deleted.
    const sec = cast.secretary.client;
    const rename = await sec.patch(`/api/documents/${doc?.id}`, { version: doc?.version, name: 'Khác.pdf' });
    expect(rename.status).toBe(409);
    expect(errorOf(rename.body).message).toContain('văn bản đã ban hành');
    expect((await sec.request('DELETE', `/api/documents/${doc?.id}`)).status).toBe(409);

    // And the conclusions cannot be edited after issue.
    const late = await put(sec, items.land, { version: 1, points: [{ text: 'Sửa sau khi ban hành' }] });
    expect(late.status).toBe(409);
    expect((await view(cast.delegate.client)).items).toHaveLength(2);
  });

  it('sends the issued notice to the participants in the app and by e-mail with the PDF', async () => {
    const waitForNotice = async () => {
      for (;;) {
        const mail = smtp.received.find((m) =>
          m.parsed.subject?.startsWith('Thông báo kết luận số 1/TB-UBND'),
        );
        if (mail) return mail;
        await smtp.waitFor(smtp.received.length + 1);
      }
    };
    const mail = await waitForNotice();
    expect(mail.to.length).toBe(1);
    const pdf = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe('Thong bao ket luan so 1-TB-UBND.pdf');
    const mailed = path.join(OUT, 'mailed.pdf');
    await writeFile(mailed, pdf?.content ?? Buffer.alloc(0));
    expect((await run('pdftotext', [mailed, '-'])).stdout).toContain('Số: 1/TB-UBND');

    const notice = await eventually(async () => {
      const inbox = await cast.delegate.client.get<{ items: { kind: string; title: string }[] }>(
        '/api/notifications',
      );
      const found = inbox.body.items.find((n) => n.kind === 'conclusion_notice.issued');
      if (!found) throw new Error('no in-app notice yet');
      return found;
    });
    expect(notice.title).toBe('Thông báo kết luận số 1/TB-UBND: Phiên họp thường kỳ tháng 3 năm 2027');

    const audit = await admin.get<{ items: AuditEntry[] }>(`/api/audit?targetId=${meeting.id}`);
    const actions = audit.body.items.map((e) => e.action);
    for (const a of [
      'conclusion.saved',
      'conclusion.notice_submitted',
      'conclusion.notice_returned',
      'conclusion.notice_approved',
      'conclusion.notice_issued',
    ] as const) {
      expect(actions).toContain(a);
    }
  });

  it('refuses the outsider (403) and a second issue (409)', async () => {
    const outsider = await cast.outsider.client.get(`/api/meetings/${meeting.id}/conclusions`);
    expect(outsider.status).toBe(403);
    const { notice } = await view(cast.secretary.client);
    for (const action of ['issue', 'issueUnsigned'] as const) {
      const twice = await act(cast.secretary.client, { action, version: notice.version });
      expect(twice.status).toBe(409);
    }
  });

  it("tells the organisers' screens of a saved item live, and the delegate's only of the notice's moves", async () => {
    const sec = cast.secretary.client;
    let other = await apiMeeting(sec, { title: 'Họp giao ban tuần', chairId: cast.chair.id });
    await apiParticipant(sec, other.id, cast.delegate.id);
    const { item } = await apiItem(sec, other.id, { title: 'Công tác tuần tới' });
    other = await apiStatus(sec, other, 'published');
    const chairSocket = await connectClient(server.url, cast.chair.client.cookie);
    const delegateSocket = await connectClient(server.url, cast.delegate.client.cookie);
    try {
      const seenByDelegate: ConclusionsChanged[] = [];
      delegateSocket.on('conclusions:changed', (p) => seenByDelegate.push(p));
      for (const s of [chairSocket, delegateSocket]) {
        const joined = (await s.timeout(5000).emitWithAck('meeting:join', { meetingId: other.id })) as {
          ok: boolean;
        };
        expect(joined.ok).toBe(true);
      }
      const chairHears = nextEvent(chairSocket, 'conclusions:changed');
      const saved = await sec.request('PUT', `/api/meetings/${other.id}/conclusions/${item.id}`, {
        version: 0,
        points: [{ text: 'Giao Văn phòng tổng hợp lịch công tác.' }],
      });
      expect(saved.status).toBe(200);
      const [heard] = await chairHears;
      expect(heard.conclusion?.points.map((p) => p.text)).toEqual(['Giao Văn phòng tổng hợp lịch công tác.']);

      // The notice's move reaches the delegate: the marker that the save was broadcast before it.
      const delegateHears = nextEvent(delegateSocket, 'conclusions:changed');
      const submitted = await sec.post(`/api/meetings/${other.id}/conclusions/notice`, {
        action: 'submit',
        version: 0,
      });
      expect(submitted.status).toBe(200);
      const [moved] = await delegateHears;
      expect(moved).toEqual({ meetingId: other.id, notice: 'submitted' });
      // The draft's content never reached the delegate's screen.
      expect(seenByDelegate).toEqual([{ meetingId: other.id, notice: 'submitted' }]);
    } finally {
      chairSocket.close();
      delegateSocket.close();
    }
  });
});
