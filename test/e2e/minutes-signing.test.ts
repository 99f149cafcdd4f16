import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Meeting, MeetingDocument, MinutesState } from '@icabinet/shared';
import { launchBrowser, NARROW, newPage, screenshot, screenshotAt } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { ApiClient } from '../utils/http.js';
import { makeCa, makeSigner } from '../utils/pki.js';
import { joinRoom, roomCommand } from '../utils/room.js';
import { ROOT, startServer, tempDir, testEnv, type TestServer } from '../utils/server.js';
import { connectClient } from '../utils/socket.js';

const run = promisify(execFile);

/**
 * Issue 14's done-when for the minutes, in the browser and in the demo meeting (`npm run
 * seed:demo`): after the meeting ends the secretary (cvp) locks the prefilled minutes and submits
 * them, the chair (chutich) approves, "Ban hành" waits for the signatures, the secretary and then
 * the chair sign on the signing page with their test certificates (.p12 and password), the
 * secretary issues, and a participant finds the signed minutes in the meeting's documents;
 * `pdfsig` reports both signatures valid. Screenshots at 1280×800 in test-output/e2e.
 */
let server: TestServer;
let browser: Browser;
let password: string;
let meetingId: string;
let dir: string;
let secretary: { context: BrowserContext; page: Page };
let chair: { context: BrowserContext; page: Page };
const certificates: Record<'cvp' | 'chutich', { file: string; password: string }> = {
  cvp: { file: '', password: '' },
  chutich: { file: '', password: '' },
};
const accounts = new Map<string, { client: ApiClient; password: string }>();

/** Signs a demo account in through the API, with a password of its own from then on. */
async function account(username: string): Promise<{ client: ApiClient; password: string }> {
  const known = accounts.get(username);
  if (known) return known;
  const client = new ApiClient(server.url);
  expect(await client.login(username, password)).toBe(200);
  const own = { client, password: await ownPassword({ client, password }) };
  accounts.set(username, own);
  return own;
}

/** A long step on a loaded machine (drawing and signing a PDF) gets time; the wait is for its result. */
const SLOW = { timeout: 60_000 };

const bar = (p: Page) => p.getByTestId('minutes-approval');
const badge = (p: Page, text: string) => bar(p).getByText(text, { exact: true }).waitFor(SLOW);

async function minutesState(client: ApiClient): Promise<MinutesState> {
  const res = await client.get<{ minutes: MinutesState }>(`/api/meetings/${meetingId}/minutes`);
  expect(res.status).toBe(200);
  return res.body.minutes;
}

beforeAll(async () => {
  const dataDir = await tempDir();
  dir = await tempDir();
  const { stdout } = await run(process.execPath, [path.join(ROOT, 'server', 'dist', 'seed-demo.js')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...testEnv(dataDir) },
    timeout: 120_000,
  });
  password = /mật khẩu chung: (\S+)\)/.exec(stdout)?.[1] ?? '';
  expect(password).not.toBe('');

  // The test PKI: a CA the server trusts, and a certificate for each signer, issued to their names.
  const ca = makeCa('I-Cabinet Test CA');
  const roots = path.join(dir, 'roots');
  await mkdir(roots, { recursive: true });
  await writeFile(path.join(roots, 'test-ca.pem'), ca.certPem);
  for (const [username, name] of [
    ['cvp', 'Lê Thị Bình'],
    ['chutich', 'Nguyễn Văn An'],
  ] as const) {
    const id = makeSigner(ca, name, { password: `mat-khau-${username}` });
    const file = path.join(dir, `chu-ky-${username}.p12`);
    await writeFile(file, id.p12);
    certificates[username] = { file, password: id.password };
  }
  server = await startServer({ dataDir, env: { REMINDERS: 'off', TRUSTED_ROOTS_DIR: roots } });

  // The secretary publishes the demo meeting; the chair holds it in the room and ends it.
  const cvp = await account('cvp');
  const drafts = await cvp.client.get<{ items: Meeting[] }>('/api/meetings?scope=drafts');
  const demo = drafts.body.items.find((m) => m.title.startsWith('Phiên họp UBND Thành phố thường kỳ'));
  if (!demo) throw new Error('the demo meeting was not seeded');
  meetingId = demo.id;
  const published = await cvp.client.post(`/api/meetings/${meetingId}/status`, {
    to: 'published',
    version: demo.version,
  });
  expect(published.status).toBe(200);
  const chutich = await account('chutich');
  const socket = await connectClient(server.url, chutich.client.cookie);
  try {
    await joinRoom(socket, meetingId);
    for (const type of ['room.start', 'attendance.checkin', 'room.end'] as const) {
      const ack = await roomCommand(socket, meetingId, { type });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    }
  } finally {
    socket.close();
  }

  browser = await launchBrowser();
  secretary = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
  await signIn(secretary.page, { username: 'cvp', password: cvp.password });
  chair = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
  await signIn(chair.page, { username: 'chutich', password: chutich.password });
}, 240_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (secretary) await screenshot(secretary.page, `FAILED-minutes-signing-secretary-${name}`);
  if (chair) await screenshot(chair.page, `FAILED-minutes-signing-chair-${name}`);
});

afterAll(async () => {
  await secretary?.context.close();
  await chair?.context.close();
  await browser?.close();
  await server?.stop();
});

/** Signs the minutes on their signing page with `who`'s certificate; waits for the server's answer. */
async function signOnPage(p: Page, who: 'cvp' | 'chutich', shot: string): Promise<string> {
  await p.goto(`/meetings/${meetingId}/minutes`);
  await bar(p).getByRole('link', { name: 'Ký số biên bản' }).click();
  await p.getByRole('heading', { name: 'Ký số biên bản cuộc họp' }).waitFor();
  await p.getByTestId('p12-file').setInputFiles(certificates[who].file);
  await p.getByLabel('Mật khẩu chứng thư số').fill(certificates[who].password);
  await p.getByRole('button', { name: 'Ký số', exact: true }).click();
  await p.getByText('Đã ký số biên bản.', { exact: true }).waitFor(SLOW);
  const signers = await p.getByTestId('signers').innerText();
  await screenshot(p, shot);
  await expectTouchFriendly(p, `sign the minutes (${who})`);
  return signers;
}

describe('the demo meeting’s minutes: locked, approved, signed twice in the browser, issued', () => {
  it('lets the secretary lock and submit the prefilled minutes, and the chair approve them', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${meetingId}/minutes`);
    await p.locator('.minutes-doc').getByText('BIÊN BẢN CUỘC HỌP').waitFor(SLOW);
    // The room's record is in: the demo's place and chair.
    const text = await p.locator('.minutes-doc').innerText();
    expect(text).toContain('Chủ trì: Nguyễn Văn An');
    expect(text).toContain('Báo cáo kết quả chuyển đổi số');
    await p.getByRole('button', { name: 'Khóa biên bản' }).click();
    await p
      .getByRole('dialog', { name: 'Khóa biên bản để ký?' })
      .getByRole('button', { name: 'Khóa biên bản' })
      .click();
    await p.getByText('Biên bản đã khóa để ký (Lê Thị Bình').waitFor(SLOW);
    await bar(p).getByRole('button', { name: 'Trình chủ tọa' }).click();
    await badge(p, 'Đã trình chủ tọa');
    await screenshot(p, 'minutes-signing-submitted');

    const c = chair.page;
    await c.goto(`/meetings/${meetingId}/minutes`);
    await badge(c, 'Đã trình chủ tọa');
    await bar(c).getByRole('button', { name: 'Phê duyệt' }).click();
    await c
      .getByRole('dialog', { name: 'Phê duyệt biên bản?' })
      .getByRole('button', { name: 'Phê duyệt' })
      .click();
    await badge(c, 'Đã phê duyệt — chờ ký số');
    await screenshot(c, 'minutes-signing-approved');
  });

  it('shows "Ban hành" disabled while the minutes are not signed, and says why', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${meetingId}/minutes`);
    await badge(p, 'Đã phê duyệt — chờ ký số');
    const issue = bar(p).getByRole('button', { name: 'Ban hành', exact: true });
    await issue.waitFor();
    expect(await issue.isDisabled()).toBe(true);
    expect(await bar(p).getByTestId('issue-waits').innerText()).toContain(
      'còn thiếu chữ ký số của thư ký và chủ tọa',
    );
    expect(await bar(p).getByRole('button', { name: 'Ban hành không ký số' }).count()).toBe(0);
    await screenshot(p, 'minutes-signing-issue-waits');
  });

  it('is signed by the secretary, then by the chair, each with a .p12 on the signing page', async () => {
    const first = await signOnPage(secretary.page, 'cvp', 'minutes-signing-secretary-signed');
    expect(first).toContain('Lê Thị Bình (Thư ký)');
    expect(first).not.toContain('Nguyễn Văn An');

    // One signature of two: "Ban hành" still waits, for the chair now.
    const p = secretary.page;
    await p.goto(`/meetings/${meetingId}/minutes`);
    await bar(p).getByTestId('minutes-signers').getByText('Lê Thị Bình', { exact: false }).waitFor();
    expect(await bar(p).getByTestId('issue-waits').innerText()).toContain('còn thiếu chữ ký số của chủ tọa');
    // The bar with one signer listed and the signature it still waits for, on both tablet sizes.
    await screenshot(p, 'minutes-signing-one-signature-1280x800');
    await screenshotAt(p, 'minutes-signing-one-signature-768x1024', NARROW);

    const second = await signOnPage(chair.page, 'chutich', 'minutes-signing-chair-signed');
    expect(second).toContain('Lê Thị Bình (Thư ký)');
    expect(second).toContain('Nguyễn Văn An (Chủ trì)');
    const state = await minutesState((await account('cvp')).client);
    expect(state.approval.state).toBe('signed');
    expect(state.approval.signatures.map((s) => s.role)).toEqual(['secretary', 'chair']);
  });

  it('is issued by the secretary; a participant finds the signed minutes in the meeting’s documents', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${meetingId}/minutes`);
    await badge(p, 'Đã ký số (thư ký và chủ tọa)');
    await bar(p).getByRole('button', { name: 'Ban hành', exact: true }).click();
    await badge(p, 'Đã ban hành');
    await bar(p).getByRole('link', { name: 'Mở biên bản đã ban hành' }).waitFor();
    await screenshot(p, 'minutes-signing-issued');

    // A participant (the director of the Department of Information and Communications), on a tablet.
    const hung = await account('gd.tttt');
    const reader = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(reader.page, { username: 'gd.tttt', password: hung.password });
      await reader.page.goto('/my-meetings?when=past');
      const card = reader.page.getByRole('link', { name: /Bien ban so 1-BB-UBND\.pdf/ });
      await card.waitFor(SLOW);
      await screenshot(reader.page, 'minutes-signing-participant-library');
      await card.click();
      await reader.page.waitForURL(/\/documents\//);
      await reader.page.locator('canvas').first().waitFor(SLOW);
      await screenshot(reader.page, 'minutes-signing-participant-opens');
    } finally {
      await reader.context.close();
    }

    // The file the participant gets is the signed one, and pdfsig accepts both signatures.
    const docs = await hung.client.get<{ items: MeetingDocument[] }>(`/api/meetings/${meetingId}/documents`);
    const issued = docs.body.items.find((d) => d.name === 'Bien ban so 1-BB-UBND.pdf');
    expect(issued?.readOnly).toBe(true);
    const res = await fetch(`${server.url}/api/documents/${issued?.id}/file`, {
      headers: { cookie: hung.client.cookie ?? '' },
    });
    expect(res.status).toBe(200);
    const file = path.join(dir, 'bien-ban-da-ky.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const checked = await run('pdfsig', [file]).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? '',
    );
    expect(checked).toContain('Signature #1');
    expect(checked).toContain('Signature #2');
    expect(checked.match(/Signature Validation: Signature is Valid\./g)).toHaveLength(2);
    expect(checked).toContain('Lê Thị Bình');
    expect(checked).toContain('Nguyễn Văn An');
    const layout = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    // Under "THƯ KÝ" the secretary who signed (the demo has two), under "CHỦ TỌA" the chair.
    expect(layout).toMatch(/THƯ KÝ\s+CHỦ TỌA/);
    expect(layout).toMatch(/Lê Thị Bình\s+Nguyễn Văn An/);
    const text = layout.replace(/\s+/g, ' ');
    expect(text).toContain('Số: 1/BB-UBND');
    expect(text).toContain('BIÊN BẢN');
    expect(text).toContain('Phiên họp UBND Thành phố thường kỳ tháng 11/2024');
  });
});
