import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  ConclusionNotice,
  ConclusionsView,
  Meeting,
  MeetingDocument,
  SignedDocumentSummary,
} from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiItem, apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { makeCa, makeSigner, type TestIdentity } from '../utils/pki.js';
import { startServer, type TestServer } from '../utils/server.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { pdfsig } from '../utils/pdfsig.js';

const run = promisify(execFile);

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * The conclusion notice signed by the chair with PAdES (issue 14, item 1): only the approved
 * notice, only by the chair, only on the version read; the signed bytes are what is issued into
 * the library and mailed; an approved notice that is not signed is never issued (issued means signed).
 */
describe('signing the conclusion notice (PAdES) and issuing the signed PDF', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let dir: string;
  let cast: Record<'secretary' | 'chair' | 'delegate', TestUser>;
  let ids: { chair: TestIdentity; secretary: TestIdentity };
  let admin: ApiClient;
  const issuedEvents: { meetingId: string; documentId: string; signed: boolean }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ky-thong-bao-'));
    const ca = makeCa('I-Cabinet Test CA');
    ids = { chair: makeSigner(ca, 'Nguyễn Văn An'), secretary: makeSigner(ca, 'Trần Thị Bích') };
    const roots = path.join(dir, 'roots');
    await run('mkdir', ['-p', roots]);
    await writeFile(path.join(roots, 'test-ca.pem'), ca.certPem);
    smtp = await startSmtp();
    server = await startServer({
      env: { REMINDERS: 'off', TRUSTED_ROOTS_DIR: roots, SMTP_URL: smtp.url },
    });
    server.running.app.bus.on('conclusion.issued', (e) => void issuedEvents.push(e));
    admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    cast = await createCast(server.url, admin, ['secretary', 'chair', 'delegate']);
    const user = await admin.get<{ user: { version: number } }>(`/api/users/${cast.delegate.id}`);
    const edited = await admin.patch(`/api/users/${cast.delegate.id}`, {
      email: 'hung.dv@hanoi.gov.vn',
      version: user.body.user.version,
    });
    expect(edited.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A published meeting with one item's conclusions, its notice submitted (and approved if asked). */
  async function meetingWithNotice(title: string, approve: boolean): Promise<Meeting> {
    const sec = cast.secretary.client;
    let meeting = await apiMeeting(sec, { title, chairId: cast.chair.id });
    await apiParticipant(sec, meeting.id, cast.delegate.id);
    const { item } = await apiItem(sec, meeting.id, { title: 'Chuyển đổi số năm 2027' });
    meeting = await apiStatus(sec, meeting, 'published');
    const put = await sec.request('PUT', `/api/meetings/${meeting.id}/conclusions/${item.id}`, {
      version: 0,
      points: [{ text: 'Giao Sở Thông tin và Truyền thông trình kế hoạch trước ngày 15/01.' }],
    });
    expect(put.status).toBe(200);
    const submitted = await act(sec, meeting.id, { action: 'submit', version: 0 });
    expect(submitted.status).toBe(200);
    if (approve) {
      const approved = await act(cast.chair.client, meeting.id, { action: 'approve', version: 1 });
      expect(approved.status).toBe(200);
    }
    return meeting;
  }

  const act = (client: ApiClient, meetingId: string, body: unknown) =>
    client.post<{ notice: ConclusionNotice } | ErrorReply>(
      `/api/meetings/${meetingId}/conclusions/notice`,
      body,
    );
  const notice = async (meetingId: string) =>
    (await cast.secretary.client.get<ConclusionsView>(`/api/meetings/${meetingId}/conclusions`)).body.notice;

  async function sign(
    client: ApiClient,
    meetingId: string,
    id: TestIdentity,
    fields: { version?: string; password?: string } = {},
  ) {
    const form = new FormData();
    form.set('p12', new Blob([new Uint8Array(id.p12)]), 'chu-ky.p12');
    form.set('password', fields.password ?? id.password);
    if (fields.version !== undefined) form.set('version', fields.version);
    const res = await fetch(
      `${server.url}/api/meetings/${meetingId}/official-documents/conclusion_notice/sign`,
      {
        method: 'POST',
        headers: { cookie: client.cookie ?? '', 'accept-language': 'vi' },
        body: form,
      },
    );
    return {
      status: res.status,
      body: (await res.json()) as { document: SignedDocumentSummary } & ErrorReply,
    };
  }

  async function signedStatus(meetingId: string) {
    const res = await cast.secretary.client.get<{ document: SignedDocumentSummary | null }>(
      `/api/meetings/${meetingId}/official-documents/conclusion_notice/signatures`,
    );
    expect(res.status).toBe(200);
    return res.body.document;
  }

  async function download(client: ApiClient, url: string): Promise<Buffer> {
    const res = await fetch(server.url + url, { headers: { cookie: client.cookie ?? '' } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('refuses to sign a notice that is not approved, by anyone but the chair, or on a stale version, changing nothing', async () => {
    const meeting = await meetingWithNotice('Họp ký thông báo: các lần từ chối', false);

    // Submitted, not approved yet: the chair cannot sign.
    const early = await sign(cast.chair.client, meeting.id, ids.chair, { version: '1' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('Văn bản chưa được phê duyệt nên chưa thể ký số.');

    const approved = await act(cast.chair.client, meeting.id, { action: 'approve', version: 1 });
    expect(approved.status).toBe(200);
    const before = await notice(meeting.id);
    expect(before).toMatchObject({ state: 'approved', version: 2, number: null });
    // Issued means signed: the secretary's "Ban hành" waits for the chair's signature.
    expect(before.actions).toEqual([]);
    expect(before.issueBlocked).toEqual({ missing: ['chair'] });
    for (const action of ['issue', 'issueUnsigned'] as const) {
      const early = await act(cast.secretary.client, meeting.id, { action, version: 2 });
      expect(early.status).toBe(409);
      expect((early.body as ErrorReply).error.message).toBe(
        'Thông báo kết luận chưa được chủ tọa ký số nên chưa ban hành được: văn bản ban hành phải là bản đã ký số. Chủ tọa ký số (nút "Ký số") rồi Văn phòng mới ban hành.',
      );
    }

    // The secretary (with her own valid certificate) and the delegate are not the notice's signer.
    const bySecretary = await sign(cast.secretary.client, meeting.id, ids.secretary, { version: '2' });
    expect(bySecretary.status).toBe(403);
    expect(bySecretary.body.error.message).toBe('Chỉ chủ tọa cuộc họp được ký số văn bản này.');
    const byDelegate = await sign(cast.delegate.client, meeting.id, ids.chair, { version: '2' });
    expect(byDelegate.status).toBe(403);

    // A stale version (someone acted since the page was opened), no version, a bad one.
    const stale = await sign(cast.chair.client, meeting.id, ids.chair, { version: '1' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('vừa được người khác xử lý');
    const none = await sign(cast.chair.client, meeting.id, ids.chair);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toContain('Thiếu phiên bản');
    const garbage = await sign(cast.chair.client, meeting.id, ids.chair, { version: 'hai' });
    expect(garbage.status).toBe(400);

    // The wrong password of the right certificate.
    const wrong = await sign(cast.chair.client, meeting.id, ids.chair, { version: '2', password: 'sai' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('Mật khẩu của tệp chứng thư số');

    // "Signing" through the approval route without a signed PDF is refused too.
    const bare = await act(cast.chair.client, meeting.id, { action: 'sign', version: 2 });
    expect(bare.status).toBe(400);

    // Nothing changed: same state and version, no number taken, nothing signed.
    expect(await notice(meeting.id)).toEqual(before);
    expect(await signedStatus(meeting.id)).toBeNull();

    // An unsigned, a tampered, or another document's signed PDF handed to the flow as the signed
    // notice is refused, the notice untouched (the chair's signed invitation serves as the other).
    const form = new FormData();
    form.set('p12', new Blob([new Uint8Array(ids.chair.p12)]), 'chu-ky.p12');
    form.set('password', ids.chair.password);
    const invitation = await fetch(
      `${server.url}/api/meetings/${meeting.id}/official-documents/invitation/sign`,
      { method: 'POST', headers: { cookie: cast.chair.client.cookie ?? '' }, body: form },
    );
    expect(invitation.status).toBe(200);
    const signedElsewhere = await download(
      cast.chair.client,
      `/api/meetings/${meeting.id}/official-documents/invitation/signed.pdf`,
    );
    const flow = server.running.app.services.conclusions.notice;
    const unsigned = await download(
      cast.secretary.client,
      `/api/meetings/${meeting.id}/conclusions/notice.pdf`,
    );
    await expect(flow.attachSigned(meeting.id, cast.chair.id, unsigned, 2)).rejects.toMatchObject({
      key: 'signature_pdf_not_signed',
    });
    const tampered = Buffer.from(signedElsewhere);
    tampered[tampered.indexOf('/MediaBox') + 1] = 'm'.charCodeAt(0);
    await expect(flow.attachSigned(meeting.id, cast.chair.id, tampered, 2)).rejects.toMatchObject({
      key: 'signature_pdf_not_signed',
    });
    await expect(flow.attachSigned(meeting.id, cast.chair.id, signedElsewhere, 2)).rejects.toMatchObject({
      key: 'signature_pdf_not_signed',
    });
    await expect(flow.attachSigned(meeting.id, cast.secretary.id, signedElsewhere, 2)).rejects.toMatchObject({
      key: 'approval_role_signer',
    });
    await expect(flow.attachSigned(meeting.id, cast.chair.id, signedElsewhere, 1)).rejects.toMatchObject({
      key: 'notice_conflict',
    });
    expect(await notice(meeting.id)).toEqual(before);
  });

  it('the chair signs the approved notice, pdfsig checks it, and the secretary issues exactly those bytes', async () => {
    const meeting = await meetingWithNotice('Họp ký thông báo kết luận', true);
    const approved = await notice(meeting.id);
    // The chair is offered the signature; the secretary is not.
    expect(approved.actions).not.toContain('sign');
    const chairView = await cast.chair.client.get<ConclusionsView>(`/api/meetings/${meeting.id}/conclusions`);
    expect(chairView.body.notice.actions).toContain('sign');

    const signed = await sign(cast.chair.client, meeting.id, ids.chair, {
      version: String(approved.version),
    });
    expect(signed.status).toBe(200);
    expect(signed.body.document.signatures.map((s) => [s.fullName, s.role])).toEqual([
      ['Nguyễn Văn An', 'chair'],
    ]);

    const moved = await notice(meeting.id);
    expect(moved.state).toBe('signed');
    expect(moved.number).not.toBeNull();
    expect(moved.actions).toContain('issue');
    expect(moved.actions).not.toContain('issueUnsigned');
    expect(moved.issueBlocked).toBeNull();
    const signedPdf = await download(
      cast.secretary.client,
      `/api/meetings/${meeting.id}/official-documents/conclusion_notice/signed.pdf`,
    );
    expect(moved.signed?.sha256).toBe(sha256(signedPdf));
    const signedFile = path.join(dir, 'thong-bao-da-ky.pdf');
    await writeFile(signedFile, signedPdf);
    const checked = await pdfsig(signedFile);
    expect(checked).toContain('Signature #1');
    expect(checked).toContain('Signature Validation: Signature is Valid.');
    expect(checked).toContain('Nguyễn Văn An');
    expect((await run('pdftotext', [signedFile, '-'])).stdout).toContain(`Số: ${moved.number}/TB-UBND`);

    // Signed once: a second signature and the approval route's moves on the old version are refused.
    const again = await sign(cast.chair.client, meeting.id, ids.chair, { version: String(moved.version) });
    expect(again.status).toBe(409);
    const lateUnsigned = await act(cast.secretary.client, meeting.id, {
      action: 'issueUnsigned',
      version: moved.version,
    });
    expect(lateUnsigned.status).toBe(409);

    const issued = await act(cast.secretary.client, meeting.id, { action: 'issue', version: moved.version });
    expect(issued.status).toBe(200);
    const done = (issued.body as { notice: ConclusionNotice }).notice;
    expect(done.state).toBe('issued');
    expect(done.history.map((h) => h.action)).toEqual(['submit', 'approve', 'sign', 'issue']);

    // The library holds the signed bytes, read-only; the notice's PDF route serves the same.
    const docs = await cast.delegate.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    const doc = docs.body.items.find((d) => d.id === done.documentId);
    expect(doc).toMatchObject({ readOnly: true, name: `Thong bao ket luan so ${done.number}-TB-UBND.pdf` });
    const fromLibrary = await download(cast.delegate.client, `/api/documents/${doc?.id}/file`);
    expect(fromLibrary.equals(signedPdf)).toBe(true);
    const fromNotice = await download(
      cast.delegate.client,
      `/api/meetings/${meeting.id}/conclusions/notice.pdf`,
    );
    expect(fromNotice.equals(signedPdf)).toBe(true);

    // Mailed with the signed PDF attached, byte for byte, and told in the app.
    const mail = await eventually(() => {
      const found = smtp.received.find((m) =>
        m.parsed.subject?.startsWith(`Thông báo kết luận số ${done.number}/TB-UBND`),
      );
      if (!found) throw new Error('no e-mail yet');
      return found;
    });
    const attached = mail.parsed.attachments.find((a) => a.contentType === 'application/pdf');
    expect(attached?.content.equals(signedPdf)).toBe(true);
    await eventually(async () => {
      const inbox = await cast.delegate.client.get<{ items: { kind: string }[] }>('/api/notifications');
      if (!inbox.body.items.some((n) => n.kind === 'conclusion_notice.issued')) throw new Error('not yet');
    });

    expect(issuedEvents).toContainEqual({ meetingId: meeting.id, documentId: done.documentId, signed: true });

    const audit = await admin.get<{ items: AuditEntry[] }>(`/api/audit?targetId=${meeting.id}`);
    const actions = audit.body.items.map((e) => e.action);
    expect(actions).toContain('official_document.signed');
    expect(actions).toContain('conclusion.notice_signed');
    expect(actions).toContain('conclusion.notice_issued');
  });

  it('never issues an approved notice the chair has not signed: 409, nothing filed or told', async () => {
    const meeting = await meetingWithNotice('Họp ban hành không ký số', true);
    const before = await notice(meeting.id);
    const docsBefore = await cast.secretary.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    for (const action of ['issue', 'issueUnsigned'] as const) {
      const refused = await act(cast.secretary.client, meeting.id, { action, version: 2 });
      expect(refused.status).toBe(409);
      expect((refused.body as ErrorReply).error.message).toContain('chưa được chủ tọa ký số');
    }
    // Nothing changed: the notice, its (absent) number, the library, the bus.
    expect(await notice(meeting.id)).toEqual(before);
    const docsAfter = await cast.secretary.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    expect(docsAfter.body.items.map((d) => d.id)).toEqual(docsBefore.body.items.map((d) => d.id));
    expect(issuedEvents.some((e) => e.meetingId === meeting.id)).toBe(false);
    // The chair's signature opens the way.
    const signed = await sign(cast.chair.client, meeting.id, ids.chair, { version: '2' });
    expect(signed.status).toBe(200);
    const issued = await act(cast.secretary.client, meeting.id, { action: 'issue', version: 3 });
    expect(issued.status).toBe(200);
    const done = (issued.body as { notice: ConclusionNotice }).notice;
    expect(issuedEvents).toContainEqual({ meetingId: meeting.id, documentId: done.documentId, signed: true });
  });
});
