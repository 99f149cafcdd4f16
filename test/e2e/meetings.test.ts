import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Agenda, MeetingDocument, MeetingSummary } from '@icabinet/shared';
import { ApiClient } from '../utils/http.js';
import { publishFromEditor } from '../utils/e2e.js';
import { FIXTURES, startServer, type TestServer } from '../utils/server.js';
import {
  controlsOffScreen,
  launchBrowser,
  newPage,
  SCREENSHOT_DIR,
  screenshot,
  scrollsSideways,
  smallTouchTargets,
  touchDrag,
  type ViewportName,
} from '../utils/browser.js';
import { passwordFor } from '../utils/fixtures.js';

const PDFS = path.join(FIXTURES, 'pdfs', 'vn');
const TITLE = 'Phiên họp UBND Thành phố thường kỳ tháng 12';

let server: TestServer;
let browser: Browser;
let admin: ApiClient;
let secretaryApi: ApiClient;
let secretary: { context: BrowserContext; page: Page };
let member: { context: BrowserContext; page: Page } | null = null;
let meetingId = '';

/** Creates a user with a password and a unit through the admin API. */
async function makeUser(
  username: string,
  fullName: string,
  systemRole: 'secretary' | 'member',
  unitId: string,
) {
  const password = passwordFor(username);
  const res = await admin.post('/api/users', {
    username,
    fullName,
    systemRole,
    unitId,
    password,
    title: 'Chuyên viên',
  });
  expect(res.status).toBe(201);
  return password;
}

/** Signs in through the login form. */
async function signIn(p: Page, username: string, password: string): Promise<void> {
  await p.goto('/login');
  await p.getByLabel('Tên đăng nhập').fill(username);
  await p.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await p.getByRole('button', { name: 'Đăng nhập' }).click();
  await p.getByRole('button', { name: 'Đăng xuất' }).waitFor();
}

/** Hanoi wall-clock "YYYY-MM-DDTHH:mm" `days` from now at `hour`:00. */
function hanoi(days: number, hour: number): string {
  const day = new Date(Date.now() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00`;
}

const agenda = async (): Promise<Agenda> =>
  (await secretaryApi.get<Agenda>(`/api/meetings/${meetingId}/agenda`)).body;

/** Types a Hanoi date-time ("YYYY-MM-DDTHH:mm") into a date field and a time field, as people write them. */
async function fillDateTime(p: Page, label: string, value: string): Promise<void> {
  const [day = '', time = ''] = value.split('T');
  const [y, m, d] = day.split('-');
  await p.getByLabel(`${label}: ngày`).fill(`${d}/${m}/${y}`);
  await p.getByLabel(`${label}: giờ`).fill(time);
}

/** Checks a screen for finger-sized controls and a layout that fits, then saves a screenshot. */
async function look(p: Page, name: string): Promise<void> {
  await screenshot(p, name);
  expect({ name, small: await smallTouchTargets(p) }).toEqual({ name, small: [] });
  expect({ name, cutOff: await controlsOffScreen(p) }).toEqual({ name, cutOff: [] });
  expect({ name, sideways: await scrollsSideways(p) }).toEqual({ name, sideways: false });
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  admin = new ApiClient(server.url);
  expect(await admin.login('admin', server.adminPassword)).toBe(200);
  const unit = await admin.post<{ unit: { id: string } }>('/api/units', {
    code: 'STTTT',
    name: 'Sở Thông tin và Truyền thông',
  });
  const unitId = unit.body.unit.id;
  const secretaryPassword = await makeUser('thuky.lan', 'Hoàng Thị Lan', 'secretary', unitId);
  await makeUser('gd.hung', 'Đỗ Việt Hùng', 'member', unitId);
  secretaryApi = new ApiClient(server.url);
  expect(await secretaryApi.login('thuky.lan', secretaryPassword)).toBe(200);
  secretary = await newPage(browser, { baseURL: server.url });
  await signIn(secretary.page, 'thuky.lan', secretaryPassword);
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  await screenshot(secretary.page, `FAILED-secretary-${task.name.slice(0, 40)}`);
  if (member) await screenshot(member.page, `FAILED-member-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  await member?.context.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('a secretary prepares a meeting and a member reads it', () => {
  it('shows an empty meetings list with the next step', async () => {
    const { page } = secretary;
    await page
      .getByRole('navigation', { name: 'Điều hướng chính' })
      .getByRole('link', { name: 'Cuộc họp', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Cuộc họp', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Chưa có cuộc họp nào sắp diễn ra' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Sắp diễn ra' }).getAttribute('aria-selected')).toBe('true');
    await look(page, 'meetings-empty-tablet');
  });

  it('creates a meeting with its time entered in Hanoi time', async () => {
    const { page } = secretary;
    await page.getByRole('link', { name: 'Tạo cuộc họp' }).first().click();
    await page.getByRole('heading', { name: 'Tạo cuộc họp', level: 1 }).waitFor();
    await page.getByLabel('Tên cuộc họp').fill(TITLE);
    await page.getByLabel('Địa điểm').fill('Phòng họp số 1, trụ sở UBND Thành phố');
    // An end before the start is refused in Vietnamese before anything is sent.
    await fillDateTime(page, 'Bắt đầu', hanoi(3, 14));
    await fillDateTime(page, 'Kết thúc', hanoi(3, 8));
    await page.getByRole('button', { name: 'Tạo cuộc họp' }).click();
    await page.getByText('Giờ kết thúc phải sau giờ bắt đầu.').waitFor();
    // A date written month-first (as an English browser would) is not silently misread.
    await page.getByLabel('Bắt đầu: ngày').fill('12/31/2026');
    await page.getByRole('button', { name: 'Tạo cuộc họp' }).click();
    await page
      .getByText(/Nhập ngày dạng ngày\/tháng\/năm/)
      .first()
      .waitFor();
    await fillDateTime(page, 'Bắt đầu', hanoi(3, 8));
    await fillDateTime(page, 'Kết thúc', hanoi(3, 11));
    await look(page, 'meeting-new-tablet');
    await page.getByRole('button', { name: 'Tạo cuộc họp' }).click();
    await page.getByRole('tab', { name: 'Thành phần' }).waitFor();
    await page.waitForURL(/\/meetings\/[\w-]+\/edit\?tab=participants/);
    meetingId = /\/meetings\/([\w-]+)\/edit/.exec(page.url())?.[1] ?? '';
    const detail = await secretaryApi.get<{ meeting: { startsAt: string; title: string } }>(
      `/api/meetings/${meetingId}`,
    );
    expect(detail.body.meeting.title).toBe(TITLE);
    // 08:00 in Hanoi is 01:00 UTC.
    expect(detail.body.meeting.startsAt).toMatch(/T01:00:00(\.000)?Z$/);
  });

  it('adds a member and an external guest as participants', async () => {
    const { page } = secretary;
    await page.getByRole('searchbox', { name: 'Tìm người cần mời' }).fill('do viet hung');
    await page.getByRole('option', { name: /Đỗ Việt Hùng/ }).click();
    await page.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm Đỗ Việt Hùng.' }).waitFor();
    await page.locator('.segmented').getByText('Khách mời').click();
    expect(await page.getByRole('radio', { name: 'Khách mời' }).isChecked()).toBe(true);
    await page.getByLabel('Họ và tên').fill('Trần Quốc Bảo');
    await page.getByLabel('Cơ quan').fill('Viện Nghiên cứu Phát triển');
    await page.getByRole('button', { name: 'Thêm', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Đã thêm Trần Quốc Bảo.' }).waitFor();
    const rows = page.getByRole('row');
    await rows.filter({ hasText: 'Trần Quốc Bảo' }).waitFor();
    await look(page, 'meeting-participants-tablet');
    const list = await secretaryApi.get<{ items: { fullName: string; role: string }[] }>(
      `/api/meetings/${meetingId}/participants`,
    );
    expect(list.body.items.map((p) => [p.fullName, p.role]).sort()).toEqual(
      [
        ['Hoàng Thị Lan', 'secretary'],
        ['Trần Quốc Bảo', 'guest'],
        ['Đỗ Việt Hùng', 'delegate'],
      ].sort(),
    );
  });

  it('builds the agenda and shows the planned total against the meeting slot', async () => {
    const { page } = secretary;
    await page.getByRole('tab', { name: 'Chương trình và tài liệu' }).click();
    await page.getByRole('heading', { name: 'Chương trình chưa có nội dung' }).waitFor();
    for (const [title, minutes] of [
      ['Tờ trình Đề án 06 về dữ liệu dân cư', '45'],
      ['Báo cáo chuyển đổi số năm 2024', '60'],
      ['Mô hình quận, huyện chuyển đổi số', '30'],
    ] as const) {
      await page.getByRole('button', { name: 'Thêm nội dung' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Thêm nội dung chương trình' });
      await dialog.getByLabel('Tên nội dung').fill(title);
      await dialog.getByLabel('Thời lượng dự kiến (phút)').fill(minutes);
      await dialog.getByRole('button', { name: 'Thêm nội dung' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByText(title, { exact: true }).waitFor();
    }
    await page.getByText('Dự kiến 135 / 180 phút').waitFor();
    await page.getByText('Còn 45 phút.').waitFor();
    expect((await agenda()).items.map((i) => i.title)).toEqual([
      'Tờ trình Đề án 06 về dữ liệu dân cư',
      'Báo cáo chuyển đổi số năm 2024',
      'Mô hình quận, huyện chuyển đổi số',
    ]);
  });

  it('reorders the agenda with the keyboard and saves the new order', async () => {
    const { page } = secretary;
    const handle = page.getByRole('button', { name: 'Kéo để sắp xếp: Mô hình quận, huyện chuyển đổi số' });
    await handle.focus();
    await page.keyboard.press('ArrowUp');
    await page.getByText('“Mô hình quận, huyện chuyển đổi số” ở vị trí 2.').waitFor({ state: 'attached' });
    await expect
      .poll(async () => (await agenda()).items.map((i) => i.title))
      .toEqual([
        'Tờ trình Đề án 06 về dữ liệu dân cư',
        'Mô hình quận, huyện chuyển đổi số',
        'Báo cáo chuyển đổi số năm 2024',
      ]);
    // Focus stays on the handle, so the next key press moves the same item again.
    expect(await handle.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(async () => (await agenda()).items.map((i) => [i.title, i.parentId !== null]))
      .toEqual([
        ['Tờ trình Đề án 06 về dữ liệu dân cư', false],
        ['Mô hình quận, huyện chuyển đổi số', true],
        ['Báo cáo chuyển đổi số năm 2024', false],
      ]);
    await page.getByText('1.1', { exact: true }).waitFor();
    await look(page, 'meeting-agenda-tablet');
  });

  it('reorders the agenda by dragging the handle with a finger', async () => {
    const { page } = secretary;
    // The previous move has been saved (the list is no longer busy) and laid out again.
    await page.locator('ol.agenda:not([aria-busy])').waitFor();
    const handle = page.getByRole('button', { name: 'Kéo để sắp xếp: Báo cáo chuyển đổi số năm 2024' });
    await handle.scrollIntoViewIfNeeded();
    const target = page.locator('.agenda__item').first().locator('.agenda__row');
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error('agenda rows not laid out');
    // A finger on the tablet: press the handle, slide above the first item, lift.
    await touchDrag(
      page,
      { x: from.x + from.width / 2, y: from.y + from.height / 2 },
      { x: from.x + from.width / 2, y: to.y + 4 },
    );
    await expect
      .poll(async () => (await agenda()).items.filter((i) => i.parentId === null).map((i) => i.title))
      .toEqual(['Báo cáo chuyển đổi số năm 2024', 'Tờ trình Đề án 06 về dữ liệu dân cư']);
  });

  it('uploads several PDFs with a progress bar each and a Vietnamese error for a bad file', async () => {
    const { page } = secretary;
    await page.getByRole('button', { name: 'Tải tài liệu lên: Tờ trình Đề án 06 về dữ liệu dân cư' }).click();
    const dialog = page.getByRole('dialog', { name: /Tải tài liệu lên/ });
    await dialog.getByLabel('Hiện dấu chìm họ tên, đơn vị người xem').check();
    const pdf = async (name: string) => ({
      name,
      mimeType: 'application/pdf',
      buffer: await readFile(path.join(PDFS, name)),
    });
    await dialog.locator('input[type=file]').setInputFiles([
      await pdf('to-trinh-de-an-06.pdf'),
      await pdf('bao-cao-chuyen-doi-so-2024.pdf'),
      {
        name: 'khong-phai-pdf.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('Đây không phải tệp PDF'),
      },
    ]);
    expect(await dialog.locator('progress').count()).toBe(3);
    await dialog.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await dialog
      .getByText(/Đã tải lên \(\d+ trang\)/)
      .nth(1)
      .waitFor({ timeout: 30_000 });
    const bad = dialog.locator('.upload').filter({ hasText: 'khong-phai-pdf.pdf' });
    await bad.getByRole('alert').waitFor();
    expect(await bad.getByRole('alert').innerText()).toMatch(/Không tải lên được: .*(PDF|pdf)/);
    for (const name of ['to-trinh-de-an-06.pdf', 'bao-cao-chuyen-doi-so-2024.pdf']) {
      const bar = dialog.locator('.upload').filter({ hasText: name }).locator('progress');
      expect(await bar.evaluate((el: HTMLProgressElement) => el.value)).toBe(100);
    }
    await look(page, 'meeting-upload-tablet');
    await dialog.getByRole('button', { name: 'Đóng' }).last().click();
    const docs = await secretaryApi.get<{ items: MeetingDocument[] }>(`/api/meetings/${meetingId}/documents`);
    expect(docs.body.items.map((d) => d.name).sort()).toEqual([
      'bao-cao-chuyen-doi-so-2024.pdf',
      'to-trinh-de-an-06.pdf',
    ]);
    expect(docs.body.items.every((d) => d.classification.watermark)).toBe(true);
    await page.getByRole('link', { name: 'to-trinh-de-an-06.pdf' }).waitFor();
  });

  it('previews the pack exactly as a delegate will see it, with page thumbnails', async () => {
    const { page } = secretary;
    await page.getByRole('tab', { name: 'Xem trước' }).click();
    await page.getByText('Đây là bộ tài liệu đúng như một đại biểu có quyền biểu quyết nhìn thấy.').waitFor();
    await page.getByRole('heading', { name: TITLE, level: 3 }).waitFor();
    // Thumbnails load as they come into view.
    await page.locator('.thumb').last().scrollIntoViewIfNeeded();
    await page.locator('.thumb [data-rendered]').nth(1).waitFor({ timeout: 20_000 });
    expect(await page.locator('.pack-doc').count()).toBe(2);
    await look(page, 'meeting-preview-tablet');
  });

  it('publishes the meeting', async () => {
    const { page } = secretary;
    await publishFromEditor(page);
    await page
      .getByRole('status')
      .filter({ hasText: 'Cuộc họp đã chuyển sang trạng thái “Đã công bố”.' })
      .waitFor();
    await look(page, 'meeting-details-tablet');
    const list = await secretaryApi.get<{ items: MeetingSummary[] }>('/api/meetings?scope=upcoming');
    expect(list.body.items.find((m) => m.id === meetingId)?.status).toBe('published');
  });

  it('lists the meeting among the upcoming ones and in the week calendar', async () => {
    const { page } = secretary;
    await page.goto('/meetings');
    await page.getByRole('row').filter({ hasText: TITLE }).waitFor();
    await look(page, 'meetings-list-tablet');
    await page.goto(`/meetings/calendar?week=${hanoi(3, 8).slice(0, 10)}`);
    await page.getByRole('link', { name: new RegExp(TITLE) }).waitFor();
    await look(page, 'meetings-calendar-tablet');
  });

  it('lets the member find it in “Cuộc họp của tôi” with thumbnails, and open a watermarked document', async () => {
    member = await newPage(browser, { baseURL: server.url });
    const { page } = member;
    await signIn(page, 'gd.hung', passwordFor('gd.hung'));
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    expect(await nav.getByRole('link', { name: 'Cuộc họp', exact: true }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Cuộc họp của tôi' }).click();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.locator('.thumb [data-rendered]').first().waitFor({ timeout: 20_000 });
    await look(page, 'my-meetings-tablet');

    await page.getByRole('link', { name: /to-trinh-de-an-06\.pdf/ }).click();
    await page.getByRole('heading', { name: 'to-trinh-de-an-06.pdf' }).waitFor();
    await page.locator('.viewer .pdf-page[data-rendered]').waitFor({ timeout: 20_000 });
    await page.getByText(/^Trang 1 \/ \d+$/).waitFor();
    const watermark = await page.locator('.watermark').getAttribute('data-watermark');
    expect(watermark).toBe('Đỗ Việt Hùng · Sở Thông tin và Truyền thông');
    await look(page, 'viewer-tablet');
    await page.getByRole('button', { name: 'Trang sau' }).click();
    await page.getByText(/^Trang 2 \/ \d+$/).waitFor();
    await page.locator('.viewer .pdf-page[data-rendered]').waitFor({ timeout: 20_000 });
  });

  it('tells the member at once when the published agenda changes', async () => {
    const { page } = member!;
    await page.goBack();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const version = (await agenda()).version;
    const res = await secretaryApi.post(`/api/meetings/${meetingId}/agenda/items`, {
      title: 'Kiến nghị của cử tri',
      plannedMinutes: 15,
      agendaVersion: version,
    });
    expect(res.status).toBe(201);
    await page.getByText(/Chương trình vừa được cập nhật/).waitFor();
    await page.getByText('Kiến nghị của cử tri', { exact: true }).waitFor();
    await screenshot(page, 'my-meetings-agenda-changed-tablet');
  });
});

describe('the secretariat’s other tools', () => {
  it('finds an agenda item typed without diacritics from the global search', async () => {
    const { page } = secretary;
    await page.goto('/meetings');
    await page.getByLabel('Tìm cuộc họp').fill('chuyen doi so');
    await page.getByRole('link', { name: 'Tìm cả trong chương trình và tài liệu' }).click();
    await page.waitForURL(/\/search\?q=chuyen/);
    const hit = page.locator('.hit').filter({ hasText: 'Báo cáo chuyển đổi số năm 2024' }).first();
    await hit.waitFor();
    expect(await hit.innerText()).toMatch(/nội dung chương trình/i);
    await look(page, 'search-tablet');
  });

  it('duplicates the meeting to next week and cancels the copy with a reason', async () => {
    const { page } = secretary;
    await page.goto(`/meetings/${meetingId}/edit`);
    await page.getByRole('button', { name: 'Nhân bản' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nhân bản cuộc họp' });
    await dialog.getByLabel('Tên cuộc họp mới').fill('Phiên họp UBND Thành phố tuần sau');
    await dialog.getByRole('button', { name: 'Tạo bản sao' }).click();
    await page.getByRole('heading', { name: 'Phiên họp UBND Thành phố tuần sau', level: 1 }).waitFor();
    const copyId = /\/meetings\/([\w-]+)\/edit/.exec(page.url())?.[1] ?? '';
    expect(copyId).not.toBe(meetingId);
    const copied = await secretaryApi.get<Agenda>(`/api/meetings/${copyId}/agenda`);
    expect(copied.body.items.map((i) => i.title)).toEqual((await agenda()).items.map((i) => i.title));

    await page.getByRole('button', { name: 'Hủy cuộc họp' }).click();
    const cancel = page.getByRole('dialog', { name: 'Hủy cuộc họp?' });
    await cancel.getByRole('button', { name: 'Hủy cuộc họp' }).click();
    // No reason, no cancellation: the field says what is missing.
    await cancel.getByText('Vui lòng nhập thông tin này.').waitFor();
    await cancel.getByLabel('Lý do').fill('Trùng lịch tiếp công dân của Chủ tịch');
    await look(page, 'meeting-cancel-tablet');
    await cancel.getByRole('button', { name: 'Hủy cuộc họp' }).click();
    await page.getByText('Lý do: Trùng lịch tiếp công dân của Chủ tịch').waitFor();
    await page.getByText('Cuộc họp đã đóng hoặc đã hủy nên không thể sửa.').waitFor();
    expect(await page.getByLabel('Tên cuộc họp').isDisabled()).toBe(true);
    const detail = await secretaryApi.get<{ meeting: { status: string } }>(`/api/meetings/${copyId}`);
    expect(detail.body.meeting.status).toBe('cancelled');
  });

  it('explains a conflict when someone else changed the agenda first, and shows their change', async () => {
    const { page } = secretary;
    const created = await secretaryApi.post<{ meeting: { id: string } }>('/api/meetings', {
      title: 'Giao ban Văn phòng UBND',
      kind: 'briefing',
      startsAt: new Date(Date.now() + 5 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 5 * 86_400_000 + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    for (const [i, title] of ['Tình hình tuần qua', 'Kế hoạch tuần tới'].entries()) {
      const res = await secretaryApi.post(`/api/meetings/${id}/agenda/items`, {
        title,
        plannedMinutes: 20,
        agendaVersion: i,
      });
      expect(res.status).toBe(201);
    }
    await page.goto(`/meetings/${id}/edit?tab=agenda`);
    await page.getByText('Kế hoạch tuần tới', { exact: true }).waitFor();
    // Another secretary adds an item while this page still shows the old agenda.
    const other = await secretaryApi.post(`/api/meetings/${id}/agenda/items`, {
      title: 'Việc phát sinh',
      plannedMinutes: 10,
      agendaVersion: 2,
    });
    expect(other.status).toBe(201);
    await page.getByRole('button', { name: 'Kéo để sắp xếp: Tình hình tuần qua' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('alert').filter({ hasText: 'Chương trình vừa được người khác thay đổi' }).waitFor();
    await page.getByText('Việc phát sinh', { exact: true }).waitFor();
    const saved = await secretaryApi.get<Agenda>(`/api/meetings/${id}/agenda`);
    expect(saved.body.items.map((i) => i.title)).toEqual([
      'Tình hình tuần qua',
      'Kế hoạch tuần tới',
      'Việc phát sinh',
    ]);
    await screenshot(page, 'meeting-agenda-conflict-tablet');
  });

  it('keeps the editor live after leaving the agenda tab: another secretary’s change shows at once', async () => {
    const { page } = secretary;
    const created = await secretaryApi.post<{ meeting: { id: string; version: number } }>('/api/meetings', {
      title: 'Giao ban Sở Tài chính',
      kind: 'briefing',
      startsAt: new Date(Date.now() + 6 * 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 6 * 86_400_000 + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    const { id, version } = created.body.meeting;
    await secretaryApi.post(`/api/meetings/${id}/agenda/items`, {
      title: 'Tình hình thu chi',
      plannedMinutes: 20,
      agendaVersion: 0,
    });
    await page.goto(`/meetings/${id}/edit?tab=agenda`);
    await page.getByText('Tình hình thu chi', { exact: true }).waitFor();
    // The agenda tab unmounts; the editor itself still follows the meeting.
    await page.getByRole('tab', { name: 'Thông tin chung' }).click();
    await page.getByRole('heading', { name: 'Giao ban Sở Tài chính' }).waitFor();
    const renamed = await secretaryApi.patch(`/api/meetings/${id}`, {
      version,
      title: 'Giao ban Sở Tài chính (đổi giờ)',
    });
    expect(renamed.status).toBe(200);
    await page.getByRole('heading', { name: 'Giao ban Sở Tài chính (đổi giờ)' }).waitFor();
  });

  it('replaces a document with a new version and keeps the old one in the history', async () => {
    const { page } = secretary;
    await page.goto(`/meetings/${meetingId}/edit?tab=agenda`);
    const before = await secretaryApi.get<{ items: MeetingDocument[] }>(
      `/api/meetings/${meetingId}/documents`,
    );
    const old = before.body.items.find((d) => d.name === 'bao-cao-chuyen-doi-so-2024.pdf')!;
    await page.getByRole('button', { name: 'Thay bản mới bao-cao-chuyen-doi-so-2024.pdf' }).click();
    const dialog = page.getByRole('dialog', { name: /Thay bản mới cho/ });
    await dialog.locator('input[type=file]').setInputFiles({
      name: 'bao-cao-chuyen-doi-so-2024.pdf',
      mimeType: 'application/pdf',
      buffer: await readFile(path.join(PDFS, 'bao-cao-chuyen-doi-so-2024.pdf')),
    });
    await dialog.getByRole('button', { name: 'Tải lên', exact: true }).click();
    await page.getByText('Đã thay “bao-cao-chuyen-doi-so-2024.pdf” bằng bản 2.').waitFor();
    await page.getByRole('button', { name: /Bản 2 — Lịch sử phiên bản/ }).click();
    const history = page.getByRole('dialog', { name: /Các phiên bản của/ });
    await history.getByRole('link', { name: 'Mở bản 1' }).waitFor();
    expect(await history.getByRole('link').count()).toBe(2);
    await look(page, 'meeting-document-history-tablet');
    await history.getByRole('button', { name: 'Đóng' }).last().click();
    const chain = await secretaryApi.get<{ items: MeetingDocument[] }>(`/api/documents/${old.id}/versions`);
    expect(chain.body.items.map((d) => [d.versionNo, d.latest])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('opens the shared annotation layer to every participant from the meeting details', async () => {
    const { page } = secretary;
    await page.goto(`/meetings/${meetingId}/edit`);
    const box = page.getByLabel('Cho phép mọi thành phần ghi lên lớp ghi chú chung');
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect
      .poll(
        async () =>
          (
            await secretaryApi.get<{ meeting: { sharedAnnotationsOpen: boolean } }>(
              `/api/meetings/${meetingId}`,
            )
          ).body.meeting.sharedAnnotationsOpen,
      )
      .toBe(true);
  });

  it('finds words typed without diacritics inside a document and selects its text', async () => {
    const { page } = secretary;
    const docs = await secretaryApi.get<{ items: MeetingDocument[] }>(`/api/meetings/${meetingId}/documents`);
    const report = docs.body.items.find((d) => d.name === 'bao-cao-chuyen-doi-so-2024.pdf')!;
    await page.goto(`/documents/${report.id}`);
    // The text layer carries the page's words, so they can be selected and copied.
    await page.locator('.pdf-page[data-rendered] .textLayer span').first().waitFor();
    expect(await page.locator('.pdf-page .textLayer').innerText()).toMatch(/chuyển đổi số/i);
    await page.getByRole('button', { name: 'Tìm trong tài liệu' }).click();
    await page.getByLabel('Từ cần tìm').fill('ke hoach so 310');
    const found = page.getByRole('status').filter({ hasText: /Tìm thấy ở \d+ trang/ });
    await found.waitFor();
    const hits = page.locator('.ann-panel .ann-item');
    const target = hits.filter({ hasNotText: 'Trang 1 ' }).first();
    const label = (await target.locator('strong').innerText()).trim();
    const pageNo = Number(/\d+/.exec(label)?.[0]);
    expect(await target.innerText()).toMatch(/Kế hoạch số 310/i);
    await target.click();
    await expect.poll(() => page.getByLabel('Trang', { exact: true }).inputValue()).toBe(String(pageNo));
    await look(page, 'viewer-search-tablet');
    await page.getByLabel('Từ cần tìm').fill('khong co tu nay xyz');
    await page.getByText('Không trang nào có các từ này.').waitFor();
  });

  it('opens the 920-page annex with range requests only and jumps to page 900', async () => {
    const form = new FormData();
    const bytes = await readFile(path.join(PDFS, 'phu-luc-tong-hop-920-trang.pdf'));
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'phu-luc-tong-hop-920-trang.pdf');
    const upload = await fetch(`${server.url}/api/meetings/${meetingId}/documents`, {
      method: 'POST',
      headers: { cookie: secretaryApi.cookie ?? '', origin: server.url },
      body: form,
    });
    expect(upload.status).toBe(201);
    const [annex] = ((await upload.json()) as { items: MeetingDocument[] }).items;
    const { page } = member!;
    const fileRequests: { range: string | undefined; bytes: number }[] = [];
    page.on('requestfinished', (req) => {
      if (!req.url().includes(`/api/documents/${annex!.id}/file`)) return;
      void req.sizes().then((sizes) => {
        fileRequests.push({ range: req.headers().range, bytes: sizes.responseBodySize });
      });
    });
    await page.goto(`/documents/${annex!.id}`);
    await page.locator('.viewer .pdf-page[data-rendered]').waitFor({ timeout: 30_000 });
    await page.getByText('Trang 1 / 920').waitFor();
    expect(fileRequests.length).toBeGreaterThan(0);
    expect(fileRequests.every((r) => r.range?.startsWith('bytes='))).toBe(true);
    const beforeFirstPage = fileRequests.reduce((sum, r) => sum + r.bytes, 0);
    expect(beforeFirstPage).toBeLessThan(bytes.length / 4);
    const firstPage = { requests: fileRequests.length, bytes: beforeFirstPage, fileBytes: bytes.length };
    await page.getByLabel('Trang', { exact: true }).fill('900');
    await page.getByLabel('Trang', { exact: true }).press('Enter');
    await page.getByText('Trang 900 / 920').waitFor();
    await page.locator('.viewer .pdf-page[data-rendered]').waitFor({ timeout: 30_000 });
    await look(page, 'viewer-annex-page-900-tablet');
    const page900 = {
      requests: fileRequests.length - firstPage.requests,
      bytes: fileRequests.reduce((sum, r) => sum + r.bytes, 0) - firstPage.bytes,
    };
    // The figures DESIGN §4 asks about, kept next to the screenshots.
    await writeFile(
      path.join(SCREENSHOT_DIR, 'viewer-annex-fetch.json'),
      JSON.stringify({ firstPage, page900 }, null, 2),
    );
  });
});

describe('meeting screens at other sizes', () => {
  for (const viewport of ['portrait', 'desktop'] as ViewportName[]) {
    it(`fits the editor, the list and the member's pack on a ${viewport} screen`, async () => {
      const sized = await newPage(browser, { viewport, baseURL: server.url });
      try {
        const p = sized.page;
        await signIn(p, 'thuky.lan', passwordFor('thuky.lan'));
        await p.goto('/meetings');
        await p.getByText(TITLE).first().waitFor();
        await look(p, `meetings-list-${viewport}`);
        await p.goto(`/meetings/${meetingId}/edit?tab=agenda`);
        await p.getByText('Dự kiến').waitFor();
        await look(p, `meeting-agenda-${viewport}`);
        await p.goto(`/meetings/${meetingId}/edit?tab=participants`);
        await p.getByText('Trần Quốc Bảo').first().waitFor();
        await look(p, `meeting-participants-${viewport}`);
        // The same editor in English: every label switches, the data stays as entered.
        await p.getByRole('button', { name: 'English' }).first().click();
        for (const tab of ['Details', 'Participants', 'Agenda and documents', 'Preview']) {
          await p.getByRole('tab', { name: tab }).waitFor();
        }
        await p.getByRole('heading', { name: 'Add participants' }).waitFor();
        await look(p, `meeting-participants-en-${viewport}`);
        await p.getByRole('button', { name: 'Tiếng Việt' }).first().click();
        await p.getByRole('tab', { name: 'Thành phần' }).waitFor();
        await p.goto('/meetings/calendar');
        await p.getByRole('heading', { name: 'Lịch họp tuần' }).waitFor();
        await look(p, `meetings-calendar-${viewport}`);
        await p.goto('/my-meetings');
        await p.getByRole('heading', { name: TITLE }).waitFor();
        await p.locator('.thumb [data-rendered]').first().waitFor({ timeout: 20_000 });
        await look(p, `my-meetings-${viewport}`);
      } finally {
        await sized.context.close();
      }
    });
  }
});
