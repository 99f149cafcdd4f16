import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { connectClient } from '../utils/socket.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, signIn } from '../utils/e2e.js';

// Pairing a meeting-room tablet, the fleet page and PIN sign-in, in Chromium against the real
// server. The tablet is a plain page here (the Electron shell only adds the kiosk lock around it).
const ROOM = 'Phòng họp số 1, tầng 3';
const TITLE = 'Phiên họp UBND Thành phố thường kỳ tháng 12';
let server: TestServer;
let browser: Browser;
let cast: Record<'secretary' | 'chair' | 'member' | 'delegate', TestUser>;
let meetingId: string;
const contexts: BrowserContext[] = [];
let failed: Page | null = null;

const open = async (viewport: 'tablet' | 'portrait') => {
  const made = await newPage(browser, { baseURL: server.url, viewport, locale: 'vi-VN' });
  contexts.push(made.context);
  failed = made.page;
  return made.page;
};
const codeOf = async (p: Page) => {
  const code = p.locator('.pair__code');
  await code.waitFor();
  return (await code.getAttribute('data-code')) ?? '';
};

// The desktop shell's preload, played by a stand-in: it keeps the device credential in
// sessionStorage as the main process keeps it sealed by the OS (desktop/src/main/credential.store,
// unit-tested there), and records every save.
const SHELL_BRIDGE = () => {
  const key = 'test-shell-credential';
  const ok = <T>(data: T) => Promise.resolve({ ok: true as const, data });
  Object.assign(window, {
    icabinet: {
      getInfo: () =>
        ok({ platform: 'linux', appVersion: '0.1.0', serverUrl: `${location.origin}/`, kiosk: true }),
      openExternal: () => ok(null),
      setContentProtection: () => ok(null),
      setServerUrl: () => Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'no' } }),
      readDeviceCredential: () => ok(sessionStorage.getItem(key)),
      saveDeviceCredential: (text: string) => {
        sessionStorage.setItem(key, text);
        sessionStorage.setItem(`${key}-saves`, String(Number(sessionStorage.getItem(`${key}-saves`)) + 1));
        return ok(null);
      },
      forgetDeviceCredential: () => {
        sessionStorage.removeItem(key);
        return ok(null);
      },
    },
  });
};

beforeAll(async () => {
  server = await startServer();
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair', 'member', 'delegate']);
  const meeting = await apiMeeting(cast.secretary.client, { title: TITLE, location: ROOM, ...slot(0.01) });
  meetingId = meeting.id;
  for (const [user, role, seat] of [
    [cast.chair, 'chair', 'Ghế chủ tọa'],
    [cast.member, 'delegate', 'Ghế 05'],
    [cast.delegate, 'delegate', 'Ghế 06'],
  ] as const) {
    const res = await cast.secretary.client.post(`/api/meetings/${meetingId}/participants`, {
      userId: user.id,
      role,
      seat,
    });
    expect(res.status).toBe(201);
  }
  await apiStatus(cast.secretary.client, meeting, 'published');
  for (const [who, pin] of [
    [cast.member, '2468'],
    [cast.delegate, '135790'],
  ] as const) {
    const res = await who.client.request('PUT', '/api/me/pin', { pin, currentPassword: who.password });
    expect(res.status).toBe(204);
  }
  browser = await launchBrowser();
}, 60_000);
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && failed)
    await screenshot(failed, `FAILED-pairing-${task.name.slice(0, 40)}`);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('pairing a meeting-room tablet', () => {
  let tablet: Page;
  let fleet: Page;
  let again: Page;

  it('shows a short pairing code and its QR on the tablet', async () => {
    tablet = await open('tablet');
    await tablet.goto('/pair');
    await tablet.getByRole('heading', { name: 'Ghép nối máy tính bảng' }).waitFor();
    const code = await codeOf(tablet);
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    expect(await tablet.locator('.pair__code').innerText()).toBe(`${code.slice(0, 3)} ${code.slice(3)}`);
    await tablet.getByRole('img', { name: /Mã QR của mã ghép nối/ }).waitFor();
    await tablet.getByText('Đang chờ bộ phận thư ký ghép nối…').first().waitFor();
    await expectTouchFriendly(tablet, 'pairing screen');
    await screenshot(tablet, 'kiosk-pair-landscape');
  });

  it('the secretariat pairs it on the fleet page, and the tablet opens on its room', async () => {
    const code = await codeOf(tablet);
    fleet = await open('tablet');
    await signIn(fleet, { username: 'vp.thuky', password: cast.secretary.password });
    await fleet.getByRole('link', { name: 'Thiết bị' }).click();
    await fleet.getByRole('heading', { name: 'Thiết bị phòng họp' }).waitFor();
    await fleet.getByText('Chưa có máy tính bảng nào').waitFor();

    // A code typed wrong is refused in words; nothing is paired.
    await fleet.getByLabel('Mã ghép nối').fill('12');
    await fleet.getByLabel('Phòng họp', { exact: true }).fill(ROOM);
    await fleet.getByLabel('Chỗ ngồi').fill('Ghế 05');
    await fleet.getByRole('button', { name: 'Ghép nối', exact: true }).click();
    await fleet.getByText('Mã ghép nối gồm 6 ký tự chữ và số.').waitFor();

    await fleet.getByLabel('Mã ghép nối').fill(code.toLowerCase());
    await fleet.getByRole('button', { name: 'Ghép nối', exact: true }).click();
    await fleet.getByText(`Đã ghép nối máy tính bảng với ${ROOM} · Ghế 05.`).waitFor();
    await fleet.getByRole('cell', { name: 'Đặng Minh Châu' }).waitFor();

    await tablet.getByRole('heading', { name: TITLE }).waitFor();
    expect(new URL(tablet.url()).pathname).toBe('/tablet');
    await tablet.getByText(`${ROOM} · Ghế 05`).waitFor();
    await tablet.getByText('Đặng Minh Châu').waitFor();
  });

  it('lists the tablet live on the fleet page with what it reports', async () => {
    const row = fleet.getByRole('row').filter({ hasText: 'Ghế 05' });
    await row.getByText('Đang kết nối').waitFor();
    await row.getByText('Bản web').waitFor();
    await row.getByText(/Mạng/).waitFor();
    await row.getByText('Chưa tải gói ngoại tuyến').waitFor();
    await expectTouchFriendly(fleet, 'fleet page');
    await screenshot(fleet, 'kiosk-fleet-landscape');
  });

  it('refuses the same code a second time', async () => {
    const code = await tablet.evaluate(() => localStorage.getItem('icabinet.device'));
    expect(code).not.toBeNull();
    again = await open('portrait');
    await again.goto('/pair');
    const second = await codeOf(again);
    await fleet.getByLabel('Mã ghép nối').fill(second);
    await fleet.getByLabel('Phòng họp', { exact: true }).fill(ROOM);
    await fleet.getByLabel('Chỗ ngồi').fill('Ghế 06');
    await fleet.getByRole('button', { name: 'Ghép nối', exact: true }).click();
    await fleet.getByText(`Đã ghép nối máy tính bảng với ${ROOM} · Ghế 06.`).waitFor();
    await fleet.getByLabel('Mã ghép nối').fill(second);
    await fleet.getByLabel('Chỗ ngồi').fill('Ghế 07');
    await fleet.getByRole('button', { name: 'Ghép nối', exact: true }).click();
    await fleet.getByText('Mã ghép nối này đã được dùng. Trên máy tính bảng, hãy lấy mã mới.').waitFor();
    await again.getByText('Đỗ Việt Hùng').waitFor();
    await expectTouchFriendly(again, 'tablet start screen, portrait');
    await screenshot(again, 'kiosk-tablet-pin-portrait');
  });

  it('throttles wrong PINs on a tablet: the tries left, then a lockout with the wait', async () => {
    const p = again;
    await p.getByLabel('Mã PIN').fill('12');
    await p.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await p.getByText('Mã PIN gồm 4 đến 8 chữ số.').first().waitFor();
    for (let left = 4; left >= 1; left--) {
      await p.getByLabel('Mã PIN').fill('999999');
      await p.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await p.getByText(`Mã PIN không đúng. Còn ${left} lần thử.`).waitFor();
    }
    await p.getByLabel('Mã PIN').fill('999999');
    await p.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await p.getByText('Nhập sai mã PIN quá nhiều lần. Vui lòng thử lại sau 15 phút.').waitFor();
    await p.getByLabel('Mã PIN').fill('135790');
    await p.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await p.getByText('Nhập sai mã PIN quá nhiều lần. Vui lòng thử lại sau 15 phút.').waitFor();
    expect(new URL(p.url()).pathname).toBe('/tablet');
    await screenshot(p, 'kiosk-tablet-pin-locked-portrait');
  });

  it('signs the seat’s delegate in with the PIN into the room, and signs out when the meeting ends', async () => {
    await screenshot(tablet, 'kiosk-tablet-pin-landscape');
    await tablet.getByLabel('Mã PIN').fill('2468');
    await tablet.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await tablet.waitForURL(`**/meetings/${meetingId}/room`);
    await tablet.getByRole('button', { name: 'Đăng xuất' }).waitFor();

    const chair = await connectClient(server.url, cast.chair.client.cookie);
    try {
      await joinRoom(chair, meetingId);
      expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
      expect((await roomCommand(chair, meetingId, { type: 'room.end' })).ok).toBe(true);
    } finally {
      chair.close();
    }
    await tablet.getByText('Đã xóa dữ liệu của cuộc họp trên máy tính bảng.').waitFor();
    await tablet.waitForURL('**/tablet');
    const me = await tablet.evaluate(async () => (await fetch('/api/me')).status);
    expect(me).toBe(401);
    await screenshot(tablet, 'kiosk-tablet-after-meeting-landscape');
    // Signed out, a paired tablet's pages lead to its start screen, never to the password form.
    await tablet.goto(`/meetings/${meetingId}/room`);
    await tablet.waitForURL('**/tablet');
    await tablet.getByText('Hiện chưa có cuộc họp nào ở phòng này.').waitFor();
    expect(await tablet.getByLabel('Tên đăng nhập').count()).toBe(0);
  });

  it('inside the desktop shell, keeps the credential in the shell (OS-encrypted), never in localStorage', async () => {
    const made = await newPage(browser, { baseURL: server.url, viewport: 'tablet', locale: 'vi-VN' });
    contexts.push(made.context);
    failed = made.page;
    await made.context.addInitScript(SHELL_BRIDGE);
    const shell = made.page;
    await shell.goto('/pair');
    const code = await codeOf(shell);
    await fleet.getByLabel('Mã ghép nối').fill(code);
    await fleet.getByLabel('Phòng họp', { exact: true }).fill(ROOM);
    await fleet.getByLabel('Chỗ ngồi').fill('Ghế 09');
    await fleet.getByRole('button', { name: 'Ghép nối', exact: true }).click();
    await fleet.getByText(`Đã ghép nối máy tính bảng với ${ROOM} · Ghế 09.`).waitFor();
    await shell.waitForURL('**/tablet');
    await shell.getByText(`${ROOM} · Ghế 09`).first().waitFor();

    const kept = () =>
      shell.evaluate(() => ({
        local: localStorage.getItem('icabinet.device'),
        shell: sessionStorage.getItem('test-shell-credential'),
        saves: sessionStorage.getItem('test-shell-credential-saves'),
      }));
    const after = await kept();
    expect(after.local).toBeNull();
    expect(JSON.parse(after.shell ?? 'null')).toMatchObject({ token: expect.any(String) as unknown });
    expect(after.saves).toBe('1');
    // A restart of the app reads it back from the shell and opens on the room again.
    await shell.reload();
    await shell.getByText(`${ROOM} · Ghế 09`).first().waitFor();
    expect((await kept()).local).toBeNull();
  });
});
