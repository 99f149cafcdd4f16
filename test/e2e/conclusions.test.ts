import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ConclusionNotice, ConclusionsView, MeetingDocument } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { CAST, createCast, type TestUser } from '../utils/fixtures.js';
import { publishedMeeting } from '../utils/room.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, openDrawer, ownPassword, signIn } from '../utils/e2e.js';
import { makeCa, makeSigner } from '../utils/pki.js';
import { startServer, type TestServer } from '../utils/server.js';

const run = promisify(execFile);

let server: TestServer;
let browser: Browser;
let people: Record<'secretary' | 'chair' | 'delegate', TestUser>;
const passwords: Record<string, string> = {};
let dir: string;
let chairP12: { file: string; password: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ky-thong-bao-e2e-'));
  const ca = makeCa('I-Cabinet Test CA');
  await writeFile(path.join(dir, 'root.pem'), ca.certPem);
  const id = makeSigner(ca, CAST.chair.fullName);
  chairP12 = { file: path.join(dir, 'chu-ky-chu-toa.p12'), password: id.password };
  await writeFile(chairP12.file, id.p12);
  server = await startServer({ env: { REMINDERS: 'off', TRUSTED_ROOTS_DIR: dir } });
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair', 'delegate']);
  for (const who of ['secretary', 'chair'] as const) passwords[who] = await ownPassword(people[who]);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('conclusions and the conclusion notice on the meeting-room tablet', () => {
  it('lets the secretary draft the conclusions in the room and the chair approve them, then issue', async () => {
    const { secretary, chair, delegate } = people;
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: delegate.id }]);

    // The secretary writes the item's conclusions in the room's "Kết luận" drawer and submits them.
    const sec = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec.page.goto(`/meetings/${meeting.id}/room`);
      const drawer = await openDrawer(sec.page, 'Kết luận');
      await drawer.getByRole('button', { name: 'Ghi kết luận' }).click();
      // An empty point is refused in the form, before anything is sent.
      await drawer.getByRole('button', { name: 'Lưu kết luận' }).click();
      await drawer.getByText('Điểm kết luận không được để trống').waitFor();
      await drawer
        .getByLabel('Điểm kết luận 1.1')
        .fill('Giao Sở Thông tin và Truyền thông hoàn thiện báo cáo, trình UBND Thành phố trước ngày 15/01.');
      await drawer.getByRole('button', { name: 'Thêm điểm kết luận' }).click();
      await drawer
        .getByLabel('Điểm kết luận 1.2')
        .fill('Các sở, ngành cập nhật số liệu chuyển đổi số hằng tháng.');
      await drawer.getByRole('button', { name: 'Đưa điểm 2 lên' }).click();
      await drawer.getByRole('button', { name: 'Lưu kết luận' }).click();
      await drawer.getByText('1.1.').waitFor();
      const first = drawer.locator('.conclusion__points li').first();
      expect(await first.textContent()).toContain('Các sở, ngành cập nhật số liệu');
      await screenshot(sec.page, 'conclusions-secretary-drafts');
      await expectTouchFriendly(sec.page, 'conclusions drawer (secretary)');
      await drawer.getByRole('button', { name: 'Trình chủ tọa' }).click();
      await drawer.getByText('Đã trình chủ tọa', { exact: true }).waitFor();
      // Once submitted, the conclusions are no longer editable.
      await drawer.getByText('kết luận không sửa được').waitFor();
      expect(await drawer.getByRole('button', { name: 'Sửa kết luận' }).count()).toBe(0);
    } finally {
      await sec.context.close();
    }

    // The chair, on the tablet, sees the submitted notice in the same drawer and approves it.
    const ch = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(ch.page, { username: CAST.chair.username, password: passwords.chair ?? '' });
      await ch.page.goto(`/meetings/${meeting.id}/room`);
      const drawer = await openDrawer(ch.page, 'Kết luận');
      await drawer.getByText('Đã trình chủ tọa', { exact: true }).waitFor();
      await drawer.getByText('Các sở, ngành cập nhật số liệu chuyển đổi số hằng tháng.').waitFor();
      await screenshot(ch.page, 'conclusions-chair-submitted');
      await expectTouchFriendly(ch.page, 'conclusions drawer (chair)');
      await drawer.getByRole('button', { name: 'Phê duyệt' }).click();
      await ch.page
        .getByRole('dialog', { name: 'Phê duyệt thông báo kết luận?' })
        .getByRole('button', { name: 'Phê duyệt' })
        .click();
      await drawer.getByText('Đã phê duyệt', { exact: true }).waitFor();
      await screenshot(ch.page, 'conclusions-chair-approved');
    } finally {
      await ch.context.close();
    }

    // Issued means signed: the secretary's "Ban hành" waits, disabled, for the chair's signature.
    const sec2 = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec2.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec2.page.goto(`/meetings/${meeting.id}/edit?tab=conclusions`);
      const waiting = sec2.page.getByRole('button', { name: 'Ban hành', exact: true });
      await waiting.waitFor();
      expect(await waiting.isDisabled()).toBe(true);
      expect(await sec2.page.getByTestId('issue-waits').innerText()).toContain(
        'chủ tọa chưa ký số thông báo kết luận',
      );
      expect(await sec2.page.getByRole('button', { name: 'Ban hành không ký số' }).count()).toBe(0);
      await screenshot(sec2.page, 'conclusions-issue-waits-for-signature');

      // The chair signs (here through the API; the next test signs in the app), then it is issued.
      const form = new FormData();
      const p12 = await readFile(chairP12.file);
      form.set('p12', new Blob([new Uint8Array(p12)]), 'chu-ky.p12');
      form.set('password', chairP12.password);
      form.set('version', '2');
      const signed = await fetch(
        `${server.url}/api/meetings/${meeting.id}/official-documents/conclusion_notice/sign`,
        { method: 'POST', headers: { cookie: chair.client.cookie ?? '' }, body: form },
      );
      expect(signed.status).toBe(200);
      await sec2.page.reload();
      await sec2.page.getByText('Đã ký số', { exact: true }).waitFor();
      await sec2.page.getByRole('button', { name: 'Ban hành', exact: true }).click();
      await sec2.page.getByText('Đã ban hành', { exact: true }).waitFor();
      await sec2.page.getByText('Số 1/TB-UBND', { exact: true }).waitFor();
      await sec2.page.getByRole('link', { name: 'Mở thông báo đã ban hành' }).waitFor();
      await screenshot(sec2.page, 'conclusions-issued');
      await expectTouchFriendly(sec2.page, 'conclusions tab (issued)');
    } finally {
      await sec2.context.close();
    }

    const view = await delegate.client.get<ConclusionsView>(`/api/meetings/${meeting.id}/conclusions`);
    expect(view.body.notice).toMatchObject({ state: 'issued', number: 1 });
    expect(view.body.items[0]?.points.map((p) => p.text)).toEqual([
      'Các sở, ngành cập nhật số liệu chuyển đổi số hằng tháng.',
      'Giao Sở Thông tin và Truyền thông hoàn thiện báo cáo, trình UBND Thành phố trước ngày 15/01.',
    ]);
  });

  it('lets the chair sign the approved notice with a .p12 in the app; the secretary issues the signed PDF', async () => {
    const { secretary, chair, delegate } = people;
    const meeting = await publishedMeeting(secretary.client, chair.id, [{ userId: delegate.id }]);
    const put = await secretary.client.request(
      'PUT',
      `/api/meetings/${meeting.id}/conclusions/${meeting.itemId}`,
      {
        version: 0,
        points: [{ text: 'Giao Sở Nội vụ hoàn thiện quy chế ký số, trình UBND Thành phố trước ngày 20/01.' }],
      },
    );
    expect(put.status).toBe(200);
    const act = (who: typeof secretary, body: unknown) =>
      who.client.post<{ notice: ConclusionNotice }>(`/api/meetings/${meeting.id}/conclusions/notice`, body);
    expect((await act(secretary, { action: 'submit', version: 0 })).status).toBe(200);
    expect((await act(chair, { action: 'approve', version: 1 })).status).toBe(200);

    // The chair, on the tablet: "Ký số" in the conclusions drawer opens the signing page.
    const ch = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(ch.page, { username: CAST.chair.username, password: passwords.chair ?? '' });
      await ch.page.goto(`/meetings/${meeting.id}/room`);
      const drawer = await openDrawer(ch.page, 'Kết luận');
      await drawer.getByText('Đã phê duyệt', { exact: true }).waitFor();
      await drawer.getByRole('link', { name: 'Ký số' }).click();
      await ch.page.getByRole('heading', { name: 'Ký số thông báo kết luận' }).waitFor();
      await ch.page.getByText('Thông báo kết luận chưa được ký số.').waitFor();
      await ch.page.getByTestId('p12-file').setInputFiles(chairP12.file);
      await ch.page.getByLabel('Mật khẩu chứng thư số').fill(chairP12.password);
      await ch.page.getByRole('button', { name: 'Ký số' }).click();
      await ch.page.getByText('Đã ký số thông báo kết luận. Văn phòng có thể ban hành.').waitFor();
      expect(await ch.page.getByTestId('signers').innerText()).toContain(`${CAST.chair.fullName} (Chủ trì)`);
      await screenshot(ch.page, 'conclusions-chair-signed');
      await expectTouchFriendly(ch.page, 'sign the conclusion notice');
    } finally {
      await ch.context.close();
    }

    // The secretary sees it signed and issues it: the library holds the signed PDF.
    const sec = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec.page.goto(`/meetings/${meeting.id}/edit?tab=conclusions`);
      await sec.page.getByText('Đã ký số', { exact: true }).waitFor();
      await sec.page.getByRole('button', { name: 'Ban hành', exact: true }).click();
      await sec.page.getByText('Đã ban hành', { exact: true }).waitFor();
      await sec.page.getByRole('link', { name: 'Mở thông báo đã ban hành' }).waitFor();
    } finally {
      await sec.context.close();
    }
    const view = await delegate.client.get<ConclusionsView>(`/api/meetings/${meeting.id}/conclusions`);
    expect(view.body.notice.state).toBe('issued');
    const docs = await delegate.client.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meeting.id}/documents`,
    );
    const doc = docs.body.items.find((d) => d.id === view.body.notice.documentId);
    const res = await fetch(`${server.url}/api/documents/${doc?.id}/file`, {
      headers: { cookie: delegate.client.cookie ?? '' },
    });
    const file = path.join(dir, 'thong-bao-da-ky.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const checked = await run('pdfsig', [file]).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? '',
    );
    expect(checked).toContain('Signature Validation: Signature is Valid.');
    expect(checked).toContain(CAST.chair.fullName);
  });
});
