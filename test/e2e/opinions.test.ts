import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { opinionScene, type OpinionScene } from '../utils/opinions.js';
import { startServer, type TestServer } from '../utils/server.js';
import {
  controlsOffScreen,
  launchBrowser,
  newPage,
  screenshot,
  scrollsSideways,
  smallTouchTargets,
} from '../utils/browser.js';

const run = promisify(execFile);
const TITLE = 'Xin ý kiến dự thảo Đề án chuyển đổi số giai đoạn 2025–2030';

let server: TestServer;
let browser: Browser;
let scene: OpinionScene;
let secretary: { context: BrowserContext; page: Page };
const extra: BrowserContext[] = [];

async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** Finger-sized controls, nothing cut off, no sideways scrolling; then a screenshot. */
async function look(p: Page, name: string, opts: { sideways?: boolean } = {}): Promise<void> {
  await screenshot(p, name);
  expect({ name, small: await smallTouchTargets(p) }).toEqual({ name, small: [] });
  expect({ name, cutOff: await controlsOffScreen(p) }).toEqual({ name, cutOff: [] });
  if (opts.sideways !== false)
    expect({ name, sideways: await scrollsSideways(p) }).toEqual({ name, sideways: false });
}

/** The personal answer link in the opinion e-mail to `address`, read from the outbox like a mail client. */
async function linkFor(address: string): Promise<string> {
  const dir = path.join(server.dataDir, 'outbox');
  for (let i = 0; i < 100; i++) {
    for (const f of (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.eml'))) {
      const mail = await simpleParser(await readFile(path.join(dir, f)));
      if (!mail.headers.has('x-icabinet-opinion')) continue;
      const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
      if (!to.some((a) => a.value.some((v) => v.address === address))) continue;
      const link = /https?:\/\/[^\s"<>]+\/opinion\/[A-Za-z0-9_-]{43}/.exec(mail.text ?? '')?.[0];
      if (link) return link;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no opinion e-mail to ${address}`);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  scene = await opinionScene(server.url, server.adminPassword, new Date());
  secretary = await newPage(browser, { baseURL: server.url });
  await signIn(secretary.page, scene.secretary.username, scene.secretary.password);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail')
    await screenshot(secretary.page, `FAILED-opinions-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  for (const c of extra) await c.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('written opinions between meetings', () => {
  it('the secretariat prepares a request on the draft and sends it', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${scene.meetingId}/edit?tab=opinions`);
    await p.getByText('Chưa có phiếu lấy ý kiến nào').waitFor();
    await look(p, 'opinions-01-empty-tablet');
    await p.getByRole('button', { name: 'Soạn phiếu lấy ý kiến' }).click();
    const dialog = p.getByRole('dialog');
    await dialog.getByLabel('Nội dung xin ý kiến').fill(TITLE);
    await expect(dialog.getByLabel('Dự thảo').inputValue()).resolves.toBe(scene.draftId);
    await dialog.getByLabel('Câu 1').fill('Đồng ý với phạm vi và đối tượng của Đề án?');
    await dialog.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await dialog.getByLabel('Câu 2').fill('Đồng ý với lộ trình thục hiện?');
    await look(p, 'opinions-02-create-dialog-tablet');
    // Saved as a draft with a slip in question 2, then corrected before it goes out.
    await dialog.getByRole('button', { name: 'Lưu nháp' }).click();
    await p.getByText('Đã lưu nháp phiếu lấy ý kiến.').waitFor();
    const card = p.locator('.opinion-card', { hasText: TITLE });
    await card.getByText('Bản nháp').waitFor();
    await card.getByRole('button', { name: 'Sửa' }).click();
    const edit = p.getByRole('dialog', { name: 'Sửa phiếu lấy ý kiến (bản nháp)' });
    await expect(edit.getByLabel('Nội dung xin ý kiến').inputValue()).resolves.toBe(TITLE);
    await expect(edit.getByLabel('Câu 2').inputValue()).resolves.toBe('Đồng ý với lộ trình thục hiện?');
    await edit.getByLabel('Câu 2').fill('Đồng ý với lộ trình thực hiện và kinh phí dự kiến?');
    await look(p, 'opinions-02b-edit-dialog-tablet');
    await edit.getByRole('button', { name: 'Lưu và gửi đi' }).click();
    await p.getByText('Đã gửi phiếu lấy ý kiến tới 4 thành viên.').waitFor();
    await p.getByText('Đã trả lời 0/4').waitFor();
    await look(p, 'opinions-03-sent-tablet');

    // A second draft, made by mistake, is deleted after a confirmation.
    await p.getByRole('button', { name: 'Soạn phiếu lấy ý kiến' }).click();
    const spare = p.getByRole('dialog');
    await spare.getByLabel('Nội dung xin ý kiến').fill('Phiếu soạn nhầm');
    await spare.getByLabel('Câu 1').fill('Câu hỏi thử?');
    await spare.getByRole('button', { name: 'Lưu nháp' }).click();
    const mistaken = p.locator('.opinion-card', { hasText: 'Phiếu soạn nhầm' });
    await mistaken.getByRole('button', { name: 'Xóa' }).click();
    const confirm = p.getByRole('dialog', { name: 'Xóa phiếu lấy ý kiến?' });
    await confirm.getByText('Bản nháp “Phiếu soạn nhầm” chưa gửi cho ai sẽ bị xóa hẳn.').waitFor();
    await confirm.getByRole('button', { name: 'Xóa' }).click();
    await p.getByText('Đã xóa bản nháp phiếu lấy ý kiến.').waitFor();
    await mistaken.waitFor({ state: 'detached' });
    await expect(p.locator('.opinion-card').count()).resolves.toBe(1);
  });

  it('three members answer through their personal links on a phone and tablets, without signing in', async () => {
    const sizes = [
      { width: 390, height: 844 },
      { width: 800, height: 1280 },
      { width: 1280, height: 800 },
    ];
    const answers = [
      ['agree', 'disagree', 'Kinh phí dự kiến chưa tách rõ nguồn ngân sách và nguồn xã hội hóa.'],
      ['agree', 'agree', ''],
      ['agree', 'other', 'Đề nghị bổ sung chỉ tiêu đo lường kết quả.'],
    ] as const;
    const label = { agree: 'Đồng ý', disagree: 'Không đồng ý', other: 'Ý kiến khác' };
    for (let i = 0; i < 3; i++) {
      const member = scene.members[i]!;
      const link = await linkFor(member.email);
      const context = await browser.newContext({
        viewport: sizes[i]!,
        locale: 'vi-VN',
        hasTouch: true,
        isMobile: i === 0,
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
      extra.push(context);
      const p = await context.newPage();
      await p.goto(link);
      await p.getByRole('heading', { name: TITLE }).waitFor();
      const [a1, a2, comment] = answers[i]!;
      const questions = p.locator('fieldset.q');
      await questions.nth(0).getByText(label[a1], { exact: true }).click();
      await questions.nth(1).getByText(label[a2], { exact: true }).click();
      if (comment) await questions.nth(1).getByLabel('Ý kiến cụ thể (không bắt buộc)').fill(comment);
      if (i === 0) await look(p, 'opinions-04-link-form-phone');
      await p.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await p.getByText('Đã ghi nhận ý kiến của ông/bà. Cảm ơn!').waitFor();
      await look(p, `opinions-05-link-saved-${['phone', 'portrait', 'tablet'][i]}`);
    }
  });

  it('shows the consolidated table, takes a response to a comment, and exports it', async () => {
    const p = secretary.page;
    await p.getByText('Đã trả lời 3/4').waitFor();
    await p.getByRole('button', { name: 'Xem bảng tổng hợp' }).click();
    await p.getByRole('heading', { name: 'Bảng tổng hợp ý kiến' }).waitFor();
    const table = p.getByRole('region', { name: 'Bảng tổng hợp ý kiến' });
    await table.getByText('Kinh phí dự kiến chưa tách rõ nguồn ngân sách và nguồn xã hội hóa.').waitFor();
    // 3 of 4 agree on question 1: more than half of all members asked.
    await expect(p.locator('.opinion-results li').nth(0).textContent()).resolves.toContain('Thông qua');
    await expect(p.locator('.opinion-results li').nth(1).textContent()).resolves.toContain('Chưa thông qua');
    await look(p, 'opinions-06-table-tablet', { sideways: false });
    const hung = table.getByRole('row').filter({ hasText: 'Đỗ Việt Hùng' });
    await hung.getByRole('button', { name: 'Tiếp thu, giải trình' }).click();
    const response = 'Tiếp thu: Tờ trình đã tách kinh phí theo hai nguồn tại Phụ lục II.';
    await p.getByRole('dialog').getByLabel('Tiếp thu, giải trình').fill(response);
    await p.getByRole('dialog').getByRole('button', { name: 'Lưu' }).click();
    await table.getByText(response).waitFor();
    await p.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(p, 'opinions-07-table-projector');
    await p.setViewportSize({ width: 800, height: 1280 });
    await screenshot(p, 'opinions-08-table-portrait');
    await p.setViewportSize({ width: 1280, height: 800 });

    const [pdf] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('link', { name: 'Xuất bản tổng hợp, tiếp thu, giải trình (PDF)' }).click(),
    ]);
    const file = await pdf.path();
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    const text = stdout.replace(/\s+/g, ' ');
    expect(text).toContain('BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN');
    expect(text).toContain(response);
    const [csv] = await Promise.all([
      p.waitForEvent('download'),
      p.getByRole('link', { name: 'Xuất bảng (CSV)' }).click(),
    ]);
    const body = await readFile(await csv.path(), 'utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).toContain(response);
  });

  it('the member who has not answered finds the request in the app, on a tablet in portrait', async () => {
    const member = scene.members[3]!;
    const m = await newPage(browser, { baseURL: server.url, viewport: 'portrait' });
    extra.push(m.context);
    await signIn(m.page, member.username, member.password);
    await m.page.getByRole('link', { name: 'Phiếu lấy ý kiến' }).click();
    await m.page.getByRole('heading', { name: TITLE }).waitFor();
    await m.page.getByText('Cần trả lời').waitFor();
    await look(m.page, 'opinions-09-inbox-portrait');
  });
});
