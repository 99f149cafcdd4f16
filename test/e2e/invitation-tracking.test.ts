import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newPage, screenshot, VIEWPORTS } from '../utils/browser.js';
import { ownPassword, signIn } from '../utils/e2e.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { joinRoom, publishedMeeting, roomCommand } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';

let server: TestServer;
let browser: Browser;
let secretary: { context: BrowserContext; page: Page };
let meeting: Awaited<ReturnType<typeof publishedMeeting>>;
const sockets: ClientSocket[] = [];
let chairSocket: ClientSocket;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  const sec = await createUser(server.url, admin, {
    username: 'thuky.theodoi',
    fullName: 'Phạm Thu Hà',
    systemRole: 'secretary',
  });
  const chair = await createUser(server.url, admin, {
    username: 'chutich.theodoi',
    fullName: 'Nguyễn Văn An',
  });
  const came = await createUser(server.url, admin, { username: 'daibieu.coden', fullName: 'Trần Thị Bình' });
  const away = await createUser(server.url, admin, { username: 'daibieu.vangmat', fullName: 'Lê Văn Cường' });
  meeting = await publishedMeeting(sec.client, chair.id, [{ userId: came.id }, { userId: away.id }]);
  const join = async (who: { client: ApiClient }) => {
    const s = await connectClient(server.url, who.client.cookie);
    sockets.push(s);
    await joinRoom(s, meeting.id);
    return s;
  };
  chairSocket = await join(chair);
  expect((await roomCommand(chairSocket, meeting.id, { type: 'room.start' })).ok).toBe(true);
  // Trần Thị Bình never answered the invitation, but checks in at the meeting.
  expect((await roomCommand(await join(came), meeting.id, { type: 'attendance.checkin' })).ok).toBe(true);
  secretary = await newPage(browser, { baseURL: server.url });
  await signIn(secretary.page, { username: 'thuky.theodoi', password: await ownPassword(sec) });
}, 60_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && secretary)
    await screenshot(secretary.page, `FAILED-tracking-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await browser?.close();
  await server?.stop();
});

const row = (p: Page, name: string) =>
  p.getByRole('row').filter({ has: p.locator('.recipient__name', { hasText: name }) });
const chip = (p: Page, name: string) =>
  p.getByRole('group', { name: 'Lọc giấy mời theo tình trạng' }).getByRole('button', { name });

describe('invitation tracking during and after the meeting', () => {
  it('shows who checked in as present, not "Chưa trả lời", and counts them as attending', async () => {
    const p = secretary.page;
    await p.goto(`/meetings/${meeting.id}/edit?tab=invitations`);
    await row(p, 'Trần Thị Bình')
      .getByText(/^Có mặt lúc \d\d:\d\d$/)
      .waitFor();
    await row(p, 'Lê Văn Cường').getByText('Chưa trả lời').waitFor();
    expect(await row(p, 'Trần Thị Bình').getByText('Chưa trả lời').count()).toBe(0);
    await chip(p, 'Tham dự (1)').waitFor();
    // The chair, the secretary and Lê Văn Cường have not answered; Trần Thị Bình came.
    await chip(p, 'Chưa trả lời (3)').waitFor();
    await screenshot(p, 'invitations-present-tablet');
    await p.setViewportSize(VIEWPORTS.portrait);
    await screenshot(p, 'invitations-present-portrait');
    await p.setViewportSize(VIEWPORTS.tablet);
    // While the meeting runs, the invitation can still be sent again.
    await row(p, 'Lê Văn Cường')
      .getByRole('button', { name: /Gửi lại/ })
      .waitFor();
  });

  it('offers no "Gửi lại" once the meeting has ended, and says why', async () => {
    expect((await roomCommand(chairSocket, meeting.id, { type: 'room.end' })).ok).toBe(true);
    const p = secretary.page;
    await p.goto(`/meetings/${meeting.id}/edit?tab=invitations`);
    await p.getByRole('note').filter({ hasText: 'không gửi lại giấy mời nữa' }).waitFor();
    await row(p, 'Lê Văn Cường').getByText('Chưa trả lời').waitFor();
    expect(await p.getByRole('button', { name: /Gửi lại/ }).count()).toBe(0);
    await screenshot(p, 'invitations-ended-tablet');
  });
});
