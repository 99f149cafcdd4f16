import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiReplace, apiUpload } from '../utils/meetings.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { startServer, type TestServer } from '../utils/server.js';
import { lookAtViewer as look, openViewer, pageBox, pickTool as pick } from '../utils/viewer.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';

let server: TestServer;
let browser: Browser;
let delegate: { context: BrowserContext; page: Page };
let secretary: { context: BrowserContext; page: Page };
let chairSocket: ClientSocket | null = null;
let meetingId = '';
/** The 10-page report. */
let docA = '';
/** The 8-page proposal. */
let docB = '';
const NAME_B = 'to-trinh-de-an-06.pdf';
const NOTE = 'Đối chiếu với tờ trình đề án 06';

/** The "Ghi chú của tôi" panel. */
const panel = (p: Page) => p.locator('aside.ann-panel');

/** Ink strokes shown on a layer of the current page. */
/** The secretary's API session (replaces a document in the last test). */
let secretaryApi: ApiClient;

const inkOn = (p: Page, layer: 'shared' | 'private') => p.locator(`g[data-layer=${layer}] .ann-ink`);

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const sec = await createUser(server.url, admin, {
    username: 'thuky.hoa',
    fullName: 'Phạm Thị Hoa',
    systemRole: 'secretary',
  });
  const chair = await createUser(server.url, admin, { username: 'chutich.phong', fullName: 'Võ Văn Phong' });
  const del = await createUser(server.url, admin, { username: 'daibieu.thu', fullName: 'Đỗ Thị Thu' });
  secretaryApi = sec.client;
  const meeting = await publishedMeeting(sec.client, chair.id, [{ userId: del.id }], { document: true });
  meetingId = meeting.id;
  docA = meeting.documentId!;
  docB = (await apiUpload(server.url, sec.client, meetingId, NAME_B)).id;
  chairSocket = await connectClient(server.url, chair.client.cookie);
  await joinRoom(chairSocket, meetingId);
  delegate = await newPage(browser, { baseURL: server.url });
  secretary = await newPage(browser, { baseURL: server.url });
  await signIn(delegate.page, { username: 'daibieu.thu', password: await ownPassword(del) });
  await signIn(secretary.page, { username: 'thuky.hoa', password: await ownPassword(sec) });
}, 90_000);

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  const name = task.name.slice(0, 40);
  if (delegate) await screenshot(delegate.page, `FAILED-notes-delegate-${name}`);
  if (secretary) await screenshot(secretary.page, `FAILED-notes-secretary-${name}`);
});

afterAll(async () => {
  chairSocket?.close();
  await delegate?.context.close();
  await secretary?.context.close();
  await browser?.close();
  await server?.stop();
});

describe('"Ghi chú của tôi" across the documents of a meeting', () => {
  it('opens a document at the page in its address, where the delegate draws a stroke', async () => {
    const d = delegate.page;
    await openViewer(d, docB, { page: 2, pages: 8 });
    await pick(d, 'Bút');
    const box = await pageBox(d, 0.4);
    await d.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.4);
    await d.mouse.down();
    for (let i = 1; i <= 10; i++)
      await d.mouse.move(box.x + box.width * (0.2 + i * 0.05), box.y + box.height * (0.4 + i * 0.005));
    await d.mouse.up();
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
    await pick(d, 'Xem');
  });

  it('writes a sticky note on page 3 of the report', async () => {
    const d = delegate.page;
    await openViewer(d, docA, { page: 3, pages: 10 });
    await pick(d, 'Ghi chú dán');
    const box = await pageBox(d, 0.25);
    await d.mouse.click(box.x + box.width * 0.7, box.y + box.height * 0.25);
    await d.getByRole('textbox', { name: 'Nội dung ghi chú' }).fill(NOTE);
    await d.getByRole('button', { name: 'Xong' }).click();
    await d.getByRole('button', { name: `Ghi chú dán: ${NOTE}` }).waitFor();
    await d.getByRole('status').filter({ hasText: 'Đã đồng bộ' }).waitFor();
    await pick(d, 'Xem');
  });

  it('lists the notes of both documents, grouped by document', async () => {
    const d = delegate.page;
    await d.getByRole('button', { name: 'Ghi chú của tôi' }).click();
    const here = panel(d).getByRole('region', { name: 'Tài liệu này' });
    await here.getByRole('button', { name: `Đến trang 3: Ghi chú dán — ${NOTE}` }).waitFor();
    const others = panel(d).getByRole('region', { name: 'Tài liệu khác của cuộc họp' });
    const b = others.getByRole('region', { name: NAME_B });
    await b.getByRole('button', { name: `Mở ${NAME_B} ở trang 2: Nét bút` }).waitFor();
    expect(await b.getByRole('listitem').count()).toBe(1);
    // The report is the open document: listed once, from this device.
    expect(await others.getByRole('region').count()).toBe(1);
    await look(d, 'annotations-notes-meeting', 'tablet');
    await look(d, 'annotations-notes-meeting', 'portrait');
  });

  it('opens the other document at the note’s page, and goes back to where the delegate was', async () => {
    const d = delegate.page;
    await panel(d)
      .getByRole('button', { name: `Mở ${NAME_B} ở trang 2: Nét bút` })
      .click();
    await d.waitForURL(`**/documents/${docB}?page=2`);
    await d.getByText('Trang 2 / 8').waitFor();
    await d.getByRole('heading', { name: NAME_B, level: 1 }).waitFor();
    await expect.poll(() => inkOn(d, 'private').count()).toBe(1);
    await d.getByRole('button', { name: 'Quay lại' }).click();
    await d.waitForURL(`**/documents/${docA}?page=3`);
    await d.getByText('Trang 3 / 10').waitFor();
    await d.getByRole('button', { name: `Ghi chú dán: ${NOTE}` }).waitFor();
  });

  it('says there are no notes in the meeting’s documents, after a failed load is retried', async () => {
    const s = secretary.page;
    await openViewer(s, docA, { page: 1, pages: 10 });
    await secretary.context.route('**/annotations/mine', (route) => route.abort());
    await s.getByRole('button', { name: 'Ghi chú của tôi' }).click();
    await panel(s).getByText('Chưa tải được ghi chú ở các tài liệu khác.').waitFor();
    await secretary.context.unroute('**/annotations/mine');
    await panel(s).getByRole('button', { name: 'Thử lại' }).click();
    await panel(s).getByText('Bạn chưa có ghi chú nào trong 2 tài liệu của cuộc họp.').waitFor();
    await panel(s).getByText('Chưa có ghi chú nào trong tài liệu này.').waitFor();
    await look(s, 'annotations-notes-empty', 'tablet');
    await look(s, 'annotations-notes-empty', 'portrait');
  });

  it('asks before leaving the meeting room for another document', async () => {
    expect((await roomCommand(chairSocket!, meetingId, { type: 'room.start' })).ok).toBe(true);
    expect((await roomCommand(chairSocket!, meetingId, { type: 'document.open', documentId: docA })).ok).toBe(
      true,
    );
    const d = delegate.page;
    await d.goto(`/meetings/${meetingId}/room`);
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
    // The room keeps the note tools folded over the page until asked for.
    await d.getByRole('button', { name: 'Công cụ ghi chú' }).click();
    await d.getByRole('button', { name: 'Ghi chú của tôi' }).click();
    const item = panel(d).getByRole('button', { name: `Mở ${NAME_B} ở trang 2: Nét bút` });
    await item.click();
    const dialog = d.getByRole('dialog', { name: 'Rời phòng họp để mở tài liệu khác?' });
    await dialog
      .getByText(`Tài liệu “${NAME_B}” sẽ mở ở trang 2 trong trình đọc.`, { exact: false })
      .waitFor();
    await screenshot(d, 'annotations-notes-room-leave-tablet');
    await expectTouchFriendly(d, 'annotations-notes-room-leave-tablet');
    // Staying is one tap: the delegate keeps following the presenter.
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(d.url()).toContain(`/meetings/${meetingId}/room`);
    expect(await d.locator('.room-doc').getAttribute('data-following')).toBe('yes');
    await look(d, 'annotations-notes-room', 'portrait');

    await item.click();
    await dialog.getByRole('button', { name: 'Mở tài liệu' }).click();
    await d.waitForURL(`**/documents/${docB}?page=2`);
    await d.getByText('Trang 2 / 8').waitFor();
    await d.getByRole('button', { name: 'Quay lại' }).click();
    await d.waitForURL(`**/meetings/${meetingId}/room`);
    await d.locator('.room-doc .pdf-page[data-rendered]').waitFor();
  });

  it('keeps the notes of a document version since replaced, marked as an earlier version', async () => {
    await apiReplace(server.url, secretaryApi, docB, NAME_B);
    const d = delegate.page;
    await openViewer(d, docA, { page: 3, pages: 10 });
    await d.getByRole('button', { name: 'Ghi chú của tôi' }).click();
    const others = panel(d).getByRole('region', { name: 'Tài liệu khác của cuộc họp' });
    const old = others.getByRole('region', { name: `${NAME_B} (bản cũ, phiên bản 1)` });
    await old.getByRole('button', { name: `Mở ${NAME_B} ở trang 2: Nét bút` }).waitFor();
    await look(d, 'annotations-notes-old-version', 'tablet');
  });
});
