import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTES_FRAGMENT, type AuditEntry, type Meeting, type MinutesApproval } from '@icabinet/shared';
import { LayerClient } from '../utils/annotations.js';
import { eventually } from '../utils/eventually.js';
import { createCast, type TestUser } from '../utils/fixtures.js';
import type { ApiClient } from '../utils/http.js';
import { apiMeeting, apiParticipant, apiStatus } from '../utils/meetings.js';
import { minutesCalls, startMinutesServer, type MinutesServer } from '../utils/minutes.js';
import type { TestIdentity } from '../utils/pki.js';
import type { TestServer } from '../utils/server.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { pdfsig } from '../utils/pdfsig.js';

const run = promisify(execFile);

/**
 * Who signs the minutes of a meeting with two secretaries (issue 14): a secretary signs first,
 * the one named under "THƯ KÝ" on the PDF then drawn, and only that secretary; the chair signs
 * after. The chair first is refused (409), the other secretary after the first is refused (403,
 * naming the one who signed), and neither refusal changes anything: the signed bytes, the
 * signatures, the number register and the audit stay as they were.
 */
describe('the minutes of a meeting with two secretaries: who signs under "THƯ KÝ"', () => {
  let rig: MinutesServer<'secretary' | 'secretary2' | 'chair'>;
  let server: TestServer;
  let dir: string;
  let admin: ApiClient;
  let cast: Record<'secretary' | 'secretary2' | 'chair', TestUser>;
  let ids: Record<'secretary' | 'secretary2' | 'chair', TestIdentity>;
  let meeting: Meeting;
  const sockets: ClientSocket[] = [];

  const { state, act, sign } = minutesCalls(() => ({ url: server.url, meetingId: meeting.id }));

  beforeAll(async () => {
    rig = await startMinutesServer({
      dirPrefix: 'bien-ban-thu-ky-',
      signers: { secretary: 'Trần Thị Bích', secretary2: 'Lê Văn Cường', chair: 'Nguyễn Văn An' },
    });
    ({ server, dir, admin, ids } = rig);
    cast = await createCast(server.url, admin, ['secretary', 'secretary2', 'chair']);
    // Trần Thị Bích creates the meeting (its secretary); Lê Văn Cường is its second secretary.
    const sec = cast.secretary.client;
    meeting = await apiMeeting(sec, { title: 'Họp giao ban tháng 12', chairId: cast.chair.id });
    await apiParticipant(sec, meeting.id, cast.secretary2.id, 'secretary');
    meeting = await apiStatus(sec, meeting, 'published');
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await rig?.stop();
  });

  const signedUrl = () => `/api/meetings/${meeting.id}/official-documents/minutes/signed.pdf`;
  async function signedPdf(): Promise<Buffer | null> {
    const res = await fetch(server.url + signedUrl(), {
      headers: { cookie: cast.chair.client.cookie ?? '' },
    });
    return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : null;
  }
  const signedAudits = async () =>
    (await admin.get<{ items: AuditEntry[] }>(`/api/audit?targetId=${meeting.id}`)).body.items.filter(
      (e) => e.action === 'official_document.signed',
    ).length;
  /**
   * "THƯ KÝ" and "CHỦ TỌA" side by side, and the line of the two printed names under them (the
   * visible signature blocks between them say "Ký số bởi: …").
   */
  async function namesUnderBlocks(pdf: Buffer): Promise<string> {
    const file = path.join(dir, 'bien-ban.pdf');
    await writeFile(file, pdf);
    const text = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    const lines = text.split('\n').map((l) => l.trim().replace(/\s+/g, ' '));
    const at = lines.findIndex((l) => l === 'THƯ KÝ CHỦ TỌA');
    expect(at).toBeGreaterThanOrEqual(0);
    return lines.slice(at + 1).find((l) => l.endsWith(' Nguyễn Văn An') && !l.includes(':')) ?? '';
  }

  it('is locked and submitted by the second secretary and approved by the chair', async () => {
    const socket = await connectClient(server.url, cast.secretary2.client.cookie);
    sockets.push(socket);
    const editor = new LayerClient(meeting.id, 'minutes');
    await editor.connect(socket);
    await eventually(() => {
      if (editor.doc.getXmlFragment(MINUTES_FRAGMENT).length === 0) throw new Error('not prefilled yet');
    });
    const locked = await cast.secretary2.client.post(`/api/meetings/${meeting.id}/minutes/lock`, {});
    expect(locked.status).toBe(200);
    expect((await act(cast.secretary2.client, { action: 'submit', version: 0 })).status).toBe(200);
    const approved = await act(cast.chair.client, { action: 'approve', version: 1 });
    expect(approved.status).toBe(200);
    // The secretaries sign first: the chair is offered no "Ký số" yet, both secretaries are.
    expect((approved.body as { approval: MinutesApproval }).approval.actions).not.toContain('sign');
    expect((await state(cast.secretary.client)).approval.actions).toContain('sign');
    expect((await state(cast.secretary2.client)).approval.actions).toContain('sign');
  });

  it('refuses the chair signing first (409), drawing and numbering nothing', async () => {
    const before = await state(cast.chair.client);
    const audits = await signedAudits();
    const first = await sign(cast.chair.client, ids.chair, 2);
    expect(first.status).toBe(409);
    expect(first.body.error.message).toBe(
      'Thư ký ký số biên bản trước, chủ tọa ký sau: biên bản chưa có chữ ký số của thư ký. Văn bản chưa được ký.',
    );
    expect(await signedPdf()).toBeNull();
    expect(await signedAudits()).toBe(audits);
    const after = await state(cast.chair.client);
    expect(after.approval).toEqual(before.approval);
    expect(after.approval.number).toBeNull();
  });

  it('names under "THƯ KÝ" the secretary who signs, and refuses the other one (403), changing nothing', async () => {
    // Not the secretary who locked the minutes: the one who signs is named.
    const told = new Promise<unknown>((resolve) => sockets[0]?.once('minutes:changed', resolve));
    const first = await sign(cast.secretary.client, ids.secretary, 2);
    expect(first.status).toBe(200);
    // The screens reload: the chair's now offers "Ký số".
    expect(await told).toMatchObject({ meetingId: meeting.id, locked: true });
    expect(first.body.document.signatures.map((s) => s.fullName)).toEqual(['Trần Thị Bích']);
    const once = await signedPdf();
    if (!once) throw new Error('no signed PDF');
    expect(await namesUnderBlocks(once)).toBe('Trần Thị Bích Nguyễn Văn An');

    // The other secretary is no longer offered "Ký số", and is refused if they try.
    const other = await state(cast.secretary2.client);
    expect(other.approval.actions).not.toContain('sign');
    const audits = await signedAudits();
    const refused = await sign(cast.secretary2.client, ids.secretary2, 2);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Biên bản đã có chữ ký số của thư ký Trần Thị Bích, người đứng tên dưới mục "THƯ KÝ"; mỗi biên bản chỉ một thư ký ký. Văn bản không thay đổi.',
    );
    expect((await signedPdf())?.equals(once)).toBe(true);
    expect(await signedAudits()).toBe(audits);
    expect(await state(cast.secretary2.client)).toEqual(other);

    // The chair signs second, on the same bytes: both signatures valid, the names unchanged.
    expect((await state(cast.chair.client)).approval.actions).toContain('sign');
    const second = await sign(cast.chair.client, ids.chair, 2);
    expect(second.status).toBe(200);
    expect(second.body.document.signatures.map((s) => s.role)).toEqual(['secretary', 'chair']);
    const twice = await signedPdf();
    if (!twice) throw new Error('no signed PDF');
    expect(twice.subarray(0, once.length).equals(once)).toBe(true);
    expect(await namesUnderBlocks(twice)).toBe('Trần Thị Bích Nguyễn Văn An');
    const file = path.join(dir, 'bien-ban-da-ky.pdf');
    await writeFile(file, twice);
    expect((await pdfsig(file)).match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect((await state(cast.chair.client)).approval.state).toBe('signed');
  });
});
