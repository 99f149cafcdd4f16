import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../utils/http.js';
import { CAST, createCast, type TestUser } from '../utils/fixtures.js';
import { publishedMeeting } from '../utils/room.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { makeCa, makeSigner, signWithP12 } from '../utils/pki.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let people: Record<'secretary' | 'chair' | 'delegate', TestUser>;
let password: string;
let dir: string;
let signed: string;
let changed: string;
let unsigned: string;
let secretaryPassword: string;
let p12File: string;
let p12Password: string;

/** Signs a published meeting's invitation by the API (secretary then chair) and keeps three files to check. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kiem-tra-ky-so-'));
  const ca = makeCa('I-Cabinet Test CA');
  await writeFile(path.join(dir, 'root.pem'), ca.certPem);
  server = await startServer({ env: { REMINDERS: 'off', TRUSTED_ROOTS_DIR: dir } });
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  people = await createCast(server.url, admin, ['secretary', 'chair', 'delegate']);
  const meeting = await publishedMeeting(people.secretary.client, people.chair.id, [
    { userId: people.delegate.id },
  ]);
  for (const [who, name] of [
    [people.secretary, CAST.secretary.fullName],
    [people.chair, CAST.chair.fullName],
  ] as const) {
    const res = await signWithP12(
      server.url,
      who.client.cookie,
      meeting.id,
      'invitation',
      makeSigner(ca, name),
    );
    expect(res.status).toBe(200);
  }
  const get = (p: string) =>
    fetch(server.url + p, { headers: { cookie: people.delegate.client.cookie ?? '' } });
  const bytes = Buffer.from(
    await (await get(`/api/meetings/${meeting.id}/official-documents/invitation/signed.pdf`)).arrayBuffer(),
  );
  signed = path.join(dir, 'giay-moi-da-ky.pdf');
  await writeFile(signed, bytes);
  const edited = Buffer.from(bytes);
  edited[edited.indexOf('/MediaBox') + 1] = 'm'.charCodeAt(0);
  changed = path.join(dir, 'giay-moi-bi-sua.pdf');
  await writeFile(changed, edited);
  unsigned = path.join(dir, 'giay-moi-chua-ky.pdf');
  await writeFile(
    unsigned,
    Buffer.from(await (await get(`/api/meetings/${meeting.id}/invitation.pdf`)).arrayBuffer()),
  );
  password = await ownPassword(people.delegate);
  secretaryPassword = await ownPassword(people.secretary);
  const mine = makeSigner(ca, CAST.secretary.fullName);
  p12File = path.join(dir, 'chu-ky-thu-ky.p12');
  p12Password = mine.password;
  await writeFile(p12File, mine.p12);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Kiểm tra chữ ký số', () => {
  it('shows a delegate each signature of a signed PDF, a changed copy as modified, and an unsigned file as such', async () => {
    const { context, page } = await newPage(browser, { baseURL: server.url });
    try {
      await signIn(page, { username: CAST.delegate.username, password });
      await page.goto('/account');
      await page.getByRole('link', { name: 'Kiểm tra chữ ký số' }).click();
      await page.getByRole('heading', { name: 'Kiểm tra chữ ký số' }).waitFor();
      await page.getByText('Chưa chọn tệp nào.').waitFor();

      await page.getByTestId('verify-file').setInputFiles(signed);
      await page.getByText('"giay-moi-da-ky.pdf": cả 2 chữ ký số đều hợp lệ.').waitFor();
      const cards = page.getByTestId('signature-card');
      expect(await cards.count()).toBe(2);
      await expect.poll(() => cards.nth(0).innerText()).toContain(`Chữ ký 1: ${CAST.secretary.fullName}`);
      const first = await cards.nth(0).innerText();
      expect(first).toContain('Chỉ có chữ ký của người ký sau được thêm vào.');
      expect(first).toContain('Dẫn tới chứng thư gốc tin cậy.');
      expect(first).toContain('I-Cabinet Test CA');
      const second = await cards.nth(1).innerText();
      expect(second).toContain(`Chữ ký 2: ${CAST.chair.fullName}`);
      expect(second).toContain('Không: văn bản giữ nguyên từ khi ký.');
      await screenshot(page, 'signatures-verify-valid');
      await expectTouchFriendly(page, 'verify signatures');

      await page.getByTestId('verify-file').setInputFiles(changed);
      await page.getByText('"giay-moi-bi-sua.pdf": có chữ ký không hợp lệ trong 2 chữ ký').waitFor();
      expect(await cards.nth(0).innerText()).toContain('Có: văn bản đã bị sửa sau khi ký.');
      expect(await cards.nth(0).innerText()).toContain('Mã băm của nội dung không khớp');
      await screenshot(page, 'signatures-verify-changed');

      await page.getByTestId('verify-file').setInputFiles(unsigned);
      await page
        .getByRole('alert')
        .filter({ hasText: 'Tệp "giay-moi-chua-ky.pdf" không có chữ ký số nào.' })
        .waitFor();
    } finally {
      await context.close();
    }
  });

  it('lets the secretary sign the invitation from “Cuộc họp của tôi” with a .p12, after a wrong password is refused', async () => {
    const meeting = await publishedMeeting(people.secretary.client, people.chair.id, [
      { userId: people.delegate.id },
    ]);
    const { context, page } = await newPage(browser, { baseURL: server.url });
    try {
      await signIn(page, { username: CAST.secretary.username, password: secretaryPassword });
      await page.goto('/my-meetings');
      await page.getByRole('link', { name: 'Ký số giấy mời' }).first().waitFor();
      await page.goto(`/meetings/${meeting.id}/sign/invitation`);
      await page.getByText('Giấy mời chưa được ký số.').waitFor();
      await page.getByTestId('p12-file').setInputFiles(p12File);
      await page.getByLabel('Mật khẩu chứng thư số').fill('sai-mat-khau');
      await page.getByRole('button', { name: 'Ký số' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'Mật khẩu của tệp chứng thư số (.p12/.pfx) không đúng. Văn bản chưa được ký.' })
        .waitFor();
      await page.getByLabel('Mật khẩu chứng thư số').fill(p12Password);
      await page.getByRole('button', { name: 'Ký số' }).click();
      await page.getByText('Đã ký số giấy mời.').waitFor();
      expect(await page.getByTestId('signers').innerText()).toContain(`${CAST.secretary.fullName} (Thư ký)`);
      await page.getByRole('link', { name: 'Tải giấy mời đã ký số (PDF)' }).waitFor();
      await screenshot(page, 'signatures-sign-invitation');
      await expectTouchFriendly(page, 'sign the invitation');
    } finally {
      await context.close();
    }
  });
});
