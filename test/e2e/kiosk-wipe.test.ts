import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand, uploadReport } from '../utils/room.js';
import { startServer, type TestServer } from '../utils/server.js';
import { connectClient } from '../utils/socket.js';
import { addInk } from '../utils/annotations.js';
import { pairDevice } from '../utils/devices.js';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { signIn } from '../utils/e2e.js';

// The wipe after a meeting on a paired tablet never drops a private note the server has not
// acknowledged. The note is put in the tablet's IndexedDB as the web's y-indexeddb keeps it (it
// was written while the Wi-Fi was down, say); the server ends the PIN session the moment the
// meeting ends (no grace here), so the note cannot reach it until the delegate signs in again.
const ROOM = 'Phòng họp số 2, tầng 5';
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let tablet: Page;
let cast: Record<'secretary' | 'chair' | 'member', TestUser>;
let meetingId: string;
let documentId: string;

const noteStore = () => `icabinet:annotations:${cast.member.id}:${documentId}:private`;
const stores = (p: Page) =>
  p.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.includes(':private')),
  );
const serverRows = () => server.running.store.annotations.load(documentId, `u:${cast.member.id}`);

beforeAll(async () => {
  server = await startServer({ env: { DEVICE_SIGNOUT_GRACE_SECONDS: '0' } });
  const admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair', 'member']);
  const meeting = await apiMeeting(cast.secretary.client, { location: ROOM, ...slot(0.01) });
  meetingId = meeting.id;
  for (const [user, role, seat] of [
    [cast.chair, 'chair', 'Ghế chủ tọa'],
    [cast.member, 'delegate', 'Ghế 01'],
  ] as const) {
    const res = await cast.secretary.client.post(`/api/meetings/${meetingId}/participants`, {
      userId: user.id,
      role,
      seat,
    });
    expect(res.status).toBe(201);
  }
  documentId = (await uploadReport(cast.secretary.client, meetingId)).id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  const pin = await cast.member.client.request('PUT', '/api/me/pin', {
    pin: '8642',
    currentPassword: cast.member.password,
  });
  expect(pin.status).toBe(204);
  browser = await launchBrowser();
  ({ context, page: tablet } = await newPage(browser, { baseURL: server.url, locale: 'vi-VN' }));
}, 60_000);
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(tablet, `FAILED-wipe-${task.name.slice(0, 40)}`);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('the wipe after the meeting on a paired tablet', () => {
  it('keeps a private note the server has not acknowledged, and says it waits', async () => {
    await tablet.goto('/pair');
    const code = (await tablet.locator('.pair__code').getAttribute('data-code')) ?? '';
    expect((await pairDevice(cast.secretary.client, code, ROOM, 'Ghế 01')).status).toBe(201);
    await tablet.getByText('Đặng Minh Châu').waitFor();

    // A stroke on page 1 that only this tablet holds.
    const doc = new Y.Doc();
    addInk(doc, 1, [10, 10, 200, 200], { author: cast.member.id });
    const update = Array.from(Y.encodeStateAsUpdate(doc));
    await tablet.evaluate(
      ({ name, bytes }) =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.open(name);
          req.onupgradeneeded = () => {
            req.result.createObjectStore('updates', { autoIncrement: true });
            req.result.createObjectStore('custom');
          };
          req.onerror = () => reject(new Error('no IndexedDB'));
          req.onsuccess = () => {
            const tx = req.result.transaction(['updates'], 'readwrite');
            tx.objectStore('updates').add(new Uint8Array(bytes));
            tx.oncomplete = () => {
              req.result.close();
              resolve();
            };
          };
        }),
      { name: noteStore(), bytes: update },
    );

    await tablet.getByLabel('Mã PIN').fill('8642');
    await tablet.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await tablet.waitForURL(`**/meetings/${meetingId}/room`);

    const chair = await connectClient(server.url, cast.chair.client.cookie);
    try {
      await joinRoom(chair, meetingId);
      expect((await roomCommand(chair, meetingId, { type: 'room.start' })).ok).toBe(true);
      expect((await roomCommand(chair, meetingId, { type: 'room.end' })).ok).toBe(true);
    } finally {
      chair.close();
    }
    await tablet
      .getByText(
        'Còn 1 lớp ghi chú riêng chưa đồng bộ lên máy chủ. Máy giữ lại ghi chú và chờ đồng bộ trước khi xóa.',
      )
      .waitFor();
    expect(await stores(tablet)).toContain(noteStore());
    expect(await serverRows()).toEqual([]);
    await screenshot(tablet, 'kiosk-wipe-waiting-landscape');
  });

  it('wipes the note only once the server has it, then signs the delegate out', async () => {
    await signIn(tablet, { username: 'gd.so', password: cast.member.password });
    await tablet.getByText('Đã xóa dữ liệu của cuộc họp trên máy tính bảng.').waitFor({ timeout: 20_000 });
    expect((await serverRows()).length).toBeGreaterThan(0);
    expect(await stores(tablet)).not.toContain(noteStore());
    await tablet.waitForURL('**/tablet');
    expect(await tablet.evaluate(async () => (await fetch('/api/me')).status)).toBe(401);
  });
});
