import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MINUTES_FRAGMENT,
  type AuditEntry,
  type Meeting,
  type MeetingDocument,
  type MinutesApproval,
} from '@icabinet/shared';
import { LayerClient } from '../utils/annotations.js';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import type { ApiClient, ErrorReply } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { minutesCalls, startMinutesServer, type MinutesServer } from '../utils/minutes.js';
import type { TestIdentity } from '../utils/pki.js';
import { ROOT, type TestServer } from '../utils/server.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { pdfsig } from '../utils/pdfsig.js';

const run = promisify(execFile);

/** A paragraph-like element with its text. */
function textEl(name: string, text: string, attrs: Record<string, unknown> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
  el.insert(0, [new Y.XmlText(text)]);
  return el;
}

function list(name: 'bulletList' | 'orderedList', items: string[]): Y.XmlElement {
  const el = new Y.XmlElement(name);
  el.insert(
    0,
    items.map((text) => {
      const li = new Y.XmlElement('listItem');
      li.insert(0, [textEl('paragraph', text)]);
      return li;
    }),
  );
  return el;
}

function table(header: string[], rows: string[][]): Y.XmlElement {
  const el = new Y.XmlElement('table');
  const row = (cells: string[], cell: 'tableHeader' | 'tableCell') => {
    const tr = new Y.XmlElement('tableRow');
    tr.insert(
      0,
      cells.map((c) => {
        const td = new Y.XmlElement(cell);
        td.insert(0, [textEl('paragraph', c)]);
        return td;
      }),
    );
    return tr;
  };
  el.insert(0, [row(header, 'tableHeader'), ...rows.map((r) => row(r, 'tableCell'))]);
  return el;
}

/**
 * The minutes as an official document (issue 14, item 2): the locked text drawn in the Decree 30
 * form with headings, lists and a table, approved by the chair, signed with PAdES by the
 * secretary and then the chair (two incremental signatures that pdfsig both accepts), issued
 * into the library read-only and mailed, with `minutes.signed` told on the bus.
 */
describe('the minutes (biên bản) as a signed official document', () => {
  let rig: MinutesServer<'chair' | 'secretary'>;
  let server: TestServer;
  let smtp: TestSmtp;
  let dir: string;
  let admin: ApiClient;
  let cast: Record<'secretary' | 'chair' | 'delegate', TestUser>;
  let ids: { chair: TestIdentity; secretary: TestIdentity };
  let meeting: Meeting;
  const sockets: ClientSocket[] = [];
  const signedEvents: { meetingId: string; documentId: string }[] = [];

  const { state, act, sign } = minutesCalls(() => ({ url: server.url, meetingId: meeting.id }));
  const errorOf = (body: unknown) => (body as ErrorReply).error;

  beforeAll(async () => {
    smtp = await startSmtp();
    rig = await startMinutesServer({
      dirPrefix: 'bien-ban-',
      signers: { chair: 'Nguyễn Văn An', secretary: 'Trần Thị Bích' },
      env: { SMTP_URL: smtp.url },
    });
    ({ server, dir, admin, ids } = rig);
    server.running.app.bus.on('minutes.signed', (e) => void signedEvents.push(e));
    cast = await createCast(server.url, admin, ['secretary', 'chair', 'delegate']);
    const user = await admin.get<{ user: { version: number } }>(`/api/users/${cast.delegate.id}`);
    await admin.patch(`/api/users/${cast.delegate.id}`, {
      email: 'hung.dv@hanoi.gov.vn',
      version: user.body.user.version,
    });
    const sec = cast.secretary.client;
    meeting = await apiMeeting(sec, { title: 'Họp giao ban chuyển đổi số', chairId: cast.chair.id });
    await apiParticipant(sec, meeting.id, cast.delegate.id);
    meeting = await apiStatus(sec, meeting, 'published');
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await rig?.stop();
    await smtp?.stop();
  });

  async function download(client: ApiClient, url: string): Promise<Buffer> {
    const res = await fetch(server.url + url, { headers: { cookie: client.cookie ?? '' } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('writes the minutes with headings, lists and a table, and refuses to submit them unlocked', async () => {
    const socket = await connectClient(server.url, cast.secretary.client.cookie);
    sockets.push(socket);
    const editor = new LayerClient(meeting.id, 'minutes');
    await editor.connect(socket);
    await eventually(() => {
      if (editor.doc.getXmlFragment(MINUTES_FRAGMENT).length === 0) throw new Error('not prefilled yet');
    });
    const fragment = editor.doc.getXmlFragment(MINUTES_FRAGMENT);
    editor.doc.transact(() => {
      fragment.insert(fragment.length, [
        textEl('heading', 'IV. Kết luận của chủ tọa', { level: 2 }),
        textEl('paragraph', 'Chủ tọa thống nhất các nội dung sau:'),
        list('bulletList', ['Giao Sở Nội vụ rà soát quy chế.', 'Hoàn thành trước ngày 15/01.']),
        list('orderedList', ['Triển khai ký số văn bản.', 'Báo cáo kết quả hằng quý.']),
        table(
          ['Đơn vị', 'Nhiệm vụ'],
          [
            ['Sở Tài chính', 'Bố trí kinh phí'],
            ['Văn phòng UBND', 'Tổng hợp báo cáo'],
          ],
        ),
      ]);
    });
    await editor.settle();

    const before = await state(cast.secretary.client);
    expect(before.approval).toMatchObject({ state: 'draft', version: 0, number: null, signatures: [] });
    expect(before.approval.actions).toContain('submit');
    const unlocked = await act(cast.secretary.client, { action: 'submit', version: 0 });
    expect(unlocked.status).toBe(409);
    expect(errorOf(unlocked.body).message).toContain('Hãy khóa biên bản');
  });

  it('goes from locked and submitted to approved, with the right people only', async () => {
    const locked = await cast.secretary.client.post(`/api/meetings/${meeting.id}/minutes/lock`, {});
    expect(locked.status).toBe(200);
    const submitted = await act(cast.secretary.client, { action: 'submit', version: 0 });
    expect(submitted.status).toBe(200);
    expect((submitted.body as { approval: MinutesApproval }).approval.state).toBe('submitted');

    // Submitted minutes keep their locked text.
    const reopen = await cast.secretary.client.post(`/api/meetings/${meeting.id}/minutes/reopen`, {});
    expect(reopen.status).toBe(409);
    expect(errorOf(reopen.body).message).toContain('không mở lại được');

    const bySecretary = await act(cast.secretary.client, { action: 'approve', version: 1 });
    expect(bySecretary.status).toBe(403);
    expect(errorOf(bySecretary.body).message).toBe(
      'Chỉ chủ tọa cuộc họp mới được phê duyệt hoặc trả lại biên bản.',
    );
    const byDelegate = await act(cast.delegate.client, { action: 'approve', version: 1 });
    expect(byDelegate.status).toBe(403);
    const stale = await act(cast.chair.client, { action: 'approve', version: 0 });
    expect(stale.status).toBe(409);
    const approved = await act(cast.chair.client, { action: 'approve', version: 1 });
    expect(approved.status).toBe(200);
    const approval = (approved.body as { approval: MinutesApproval }).approval;
    expect(approval).toMatchObject({ state: 'approved', version: 2 });
    // The secretary signs first, the chair after: "Ký số" is the secretary's now.
    expect(approval.actions).not.toContain('sign');
    expect((await state(cast.secretary.client)).approval.actions).toContain('sign');
  });

  it('is signed by the secretary and then the chair, both signatures valid for pdfsig', async () => {
    // Only the secretary and the chair sign, on the version read.
    const byDelegate = await sign(cast.delegate.client, ids.secretary, 2);
    expect(byDelegate.status).toBe(403);
    const stale = await sign(cast.secretary.client, ids.secretary, 1);
    expect(stale.status).toBe(409);
    const unsigned = await state(cast.secretary.client);
    expect(unsigned.approval.signatures).toEqual([]);

    // Issued means signed: approved minutes nobody signed are not issued (409), and nothing changes.
    expect(unsigned.approval.issueBlocked).toEqual({ missing: ['secretary', 'chair'] });
    expect(unsigned.approval.actions).not.toContain('issue');
    for (const action of ['issue', 'issueUnsigned'] as const) {
      const refused = await act(cast.secretary.client, { action, version: 2 });
      expect(refused.status).toBe(409);
      expect(errorOf(refused.body).message).toBe(
        'Biên bản chưa được ký số nên chưa ban hành được: văn bản ban hành phải có chữ ký số của thư ký và chủ tọa. Hãy ký số (nút "Ký số") rồi ban hành.',
      );
    }
    expect(await state(cast.secretary.client)).toEqual(unsigned);

    const first = await sign(cast.secretary.client, ids.secretary, 2);
    expect(first.status).toBe(200);
    expect(first.body.document.signatures.map((s) => s.role)).toEqual(['secretary']);
    const half = await state(cast.secretary.client);
    // One signature of two: still approved; neither issue is possible yet.
    expect(half.approval).toMatchObject({ state: 'approved', version: 2, number: 1, symbol: 'BB-UBND' });
    expect(half.approval.actions).toEqual([]);
    expect(half.approval.issueBlocked).toEqual({ missing: ['chair'] });
    for (const action of ['issue', 'issueUnsigned'] as const) {
      const refused = await act(cast.secretary.client, { action, version: 2 });
      expect(refused.status).toBe(409);
      expect(errorOf(refused.body).message).toContain('còn thiếu chữ ký số của chủ tọa');
    }
    const again = await sign(cast.secretary.client, ids.secretary, 2);
    expect(again.status).toBe(409);
    const once = await download(
      cast.chair.client,
      `/api/meetings/${meeting.id}/official-documents/minutes/signed.pdf`,
    );

    const second = await sign(cast.chair.client, ids.chair, 2);
    expect(second.status).toBe(200);
    expect(second.body.document.signatures.map((s) => s.role)).toEqual(['secretary', 'chair']);
    const twice = await download(
      cast.chair.client,
      `/api/meetings/${meeting.id}/official-documents/minutes/signed.pdf`,
    );
    expect(twice.subarray(0, once.length).equals(once)).toBe(true);
    const signed = await state(cast.secretary.client);
    expect(signed.approval.state).toBe('signed');
    expect(signed.approval.signed?.sha256).toBe(createHash('sha256').update(twice).digest('hex'));

    const file = path.join(dir, 'bien-ban-da-ky.pdf');
    await writeFile(file, twice);
    const checked = await pdfsig(file);
    expect(checked).toContain('Signature #1');
    expect(checked).toContain('Signature #2');
    expect(checked.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(checked).toContain('Trần Thị Bích');
    expect(checked).toContain('Nguyễn Văn An');
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Số: 1/BB-UBND');
    expect(flat).toContain('BIÊN BẢN');
    expect(flat).toContain('Họp giao ban chuyển đổi số');
    expect(flat).toContain('IV. Kết luận của chủ tọa');
    expect(flat).toContain('- Giao Sở Nội vụ rà soát quy chế.');
    expect(flat).toContain('1. Triển khai ký số văn bản.');
    expect(flat).toContain('2. Báo cáo kết quả hằng quý.');
    expect(text).toMatch(/Sở Tài chính\s+Bố trí kinh phí/);
    expect(text).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    // The last page with both signatures, kept with the test output to be looked at.
    const shots = path.join(ROOT, 'test-output', 'minutes');
    await mkdir(shots, { recursive: true });
    await run('pdftoppm', ['-png', '-r', '70', file, path.join(shots, 'signed-page')]);
  });

  it('issues exactly the signed bytes into the library, read-only, mails them and tells minutes.signed', async () => {
    const issued = await act(cast.secretary.client, { action: 'issue', version: 3 });
    expect(issued.status).toBe(200);
    const approval = (issued.body as { approval: MinutesApproval }).approval;
    expect(approval.state).toBe('issued');
    expect(approval.history.map((h) => h.action)).toEqual(['submit', 'approve', 'sign', 'issue']);
    const signed = await download(
      cast.secretary.client,
      `/api/meetings/${meeting.id}/official-documents/minutes/signed.pdf`,
    );
    const docs = await cast.delegate.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    const doc = docs.body.items.find((d) => d.id === approval.documentId);
    expect(doc).toMatchObject({ readOnly: true, name: 'Bien ban so 1-BB-UBND.pdf' });
    expect((await download(cast.delegate.client, `/api/documents/${doc?.id}/file`)).equals(signed)).toBe(
      true,
    );
    expect(signedEvents).toContainEqual({ meetingId: meeting.id, documentId: approval.documentId });

    const mail = await eventually(() => {
      const found = smtp.received.find((m) => m.parsed.subject?.startsWith('Biên bản cuộc họp số 1/BB-UBND'));
      if (!found) throw new Error('no e-mail yet');
      return found;
    });
    const attached = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(attached?.content.equals(signed)).toBe(true);

    const twice = await act(cast.secretary.client, { action: 'issue', version: approval.version });
    expect(twice.status).toBe(409);
    const audit = await admin.get<{ items: AuditEntry[] }>(`/api/audit?targetId=${meeting.id}`);
    const actions = audit.body.items.map((e) => e.action);
    for (const a of ['minutes.submitted', 'minutes.approved', 'minutes.signed', 'minutes.issued'] as const)
      expect(actions).toContain(a);
  });
});
