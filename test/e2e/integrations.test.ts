import { lookup } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { verifyWebhook } from '@icabinet/server/invitations';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, signIn } from '../utils/e2e.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startServer, type TestServer } from '../utils/server.js';
import { startWebhookReceiver, type TestWebhook } from '../utils/webhook.js';
import { createApiToken } from '../utils/tasks-e2e.js';

/**
 * Issue 15 items 6–7 in Chromium: the administrator opens Cài đặt hệ thống, creates an API token
 * (shown once, copied), adds a webhook pointing at a real receiver, and sees the delivery of a
 * published meeting in the log; the token then works against the API.
 */
let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let hook: TestWebhook;
let admin: ApiClient;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  server = await startServer({
    env: { WEBHOOKS_ALLOW_LOOPBACK: 'true' },
    // The gateway's address is checked where its name resolves (address-guard.ts): the city's
    // DNS answers the SMS/Zalo gateway's name, which no DNS server here knows.
    resolveHost: async (host) =>
      host === 'sms.hanoi.gov.vn'
        ? [{ address: '203.0.113.25', family: 4 }]
        : (await lookup(host, { all: true })).map((a) => ({
            address: a.address,
            family: a.family === 6 ? 6 : 4,
          })),
  });
  admin = new ApiClient(server.url);
  expect(await admin.login('admin', server.adminPassword)).toBe(200);
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, { baseURL: server.url, locale: 'vi-VN' }));
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await hook?.stop();
});

describe('Cài đặt hệ thống: API tokens and webhooks', () => {
  it('creates a token shown once, a webhook, and sees a delivery in the log', async () => {
    const p = page;
    await signIn(p, { username: 'admin', password: server.adminPassword });
    await p.goto('/users');
    await p.getByRole('link', { name: 'Cài đặt hệ thống' }).click();
    await p.getByRole('heading', { name: 'Cài đặt hệ thống' }).waitFor();

    // API token: empty state, create, shown once with a copy button.
    await p.getByRole('tab', { name: 'API token' }).click();
    await p.getByText('Chưa có API token nào').waitFor();
    const { secret, shown } = await createApiToken(p, 'Hệ thống quản lý văn bản', [
      'Xem nhật ký gửi sự kiện (webhooks:read)',
    ]);
    expect(secret).toMatch(/^icab_/);
    await shown.getByRole('button', { name: 'Sao chép' }).click();
    await shown.getByRole('button', { name: 'Đã sao chép' }).waitFor();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await screenshot(p, 'settings-api-token-created');
    await shown.getByRole('button', { name: 'Tôi đã lưu token' }).click();
    const row = p.getByRole('row', { name: /Hệ thống quản lý văn bản/ });
    await row.getByText('Đang dùng').waitFor();
    // Never shown again.
    expect(await p.content()).not.toContain(secret);

    // Webhook: a bad address is refused in place, then a real receiver.
    await p.getByRole('tab', { name: 'Webhook sự kiện' }).click();
    await p.getByText('Chưa có webhook nào').waitFor();
    await p.getByText('Chưa có sự kiện nào được gửi').waitFor();
    await p.getByRole('button', { name: 'Thêm webhook' }).first().click();
    const form = p.getByRole('dialog', { name: 'Thêm webhook' });
    await form.getByLabel('Tên', { exact: true }).fill('Hệ thống quản lý văn bản');
    await form.getByLabel('Địa chỉ nhận').fill(`${server.url}/api/health`);
    await form.getByRole('button', { name: 'Thêm webhook' }).click();
    await form.getByText('Địa chỉ không được trỏ về chính máy chủ I-Cabinet.').first().waitFor();
    await form.getByLabel('Địa chỉ nhận').fill(hook.url);
    await form.getByRole('button', { name: 'Thêm webhook' }).click();
    const key = p.getByRole('dialog', { name: 'Khóa ký của webhook' });
    const whsec = (await key.getByTestId('webhook-secret').textContent()) ?? '';
    expect(whsec).toMatch(/^whsec_/);
    await key.getByRole('button', { name: 'Tôi đã lưu token' }).click();
    await p
      .getByRole('row', { name: /Hệ thống quản lý văn bản/ })
      .getByText('Bật')
      .waitFor();
    await expectTouchFriendly(p, 'webhook settings');

    // A meeting is published: the receiver gets it, signed; the log shows it received.
    const meeting = await apiMeeting(admin, { title: 'Họp giao ban Văn phòng tháng 12' });
    await apiStatus(admin, meeting, 'published');
    const [call] = await hook.waitFor(1);
    expect(
      verifyWebhook(
        whsec,
        String(call!.headers['x-icabinet-timestamp']),
        call!.body,
        String(call!.headers['x-icabinet-signature']),
      ),
    ).toBe(true);
    await p.getByRole('button', { name: 'Tải lại' }).click();
    const delivered = p.getByRole('row', { name: /Công bố cuộc họp/ });
    await delivered.getByText('Đã nhận').waitFor();
    await screenshot(p, 'settings-webhooks-log');

    // Re-send from the log: the receiver gets the same event again.
    await delivered.getByRole('button', { name: 'Gửi lại' }).click();
    await p.getByText('Đã đưa vào hàng gửi lại.').waitFor();
    const calls = await hook.waitFor(2);
    const first = JSON.parse(call!.body) as { id: string };
    expect(JSON.parse(calls[1]!.body)).toMatchObject({ id: first.id });

    // The token copied from the page reads the log through the API.
    const res = await fetch(`${server.url}/api/webhooks/deliveries`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
  });

  it('changes when task reminders go out, and finds the unit costs on their own tab', async () => {
    const p = page;
    await p.goto('/security?section=follow-up');
    await p.getByRole('heading', { name: 'Nhắc việc và báo cáo quá hạn' }).waitFor();
    const days = p.getByLabel('Nhắc trước hạn (số ngày)');
    await days.fill('3, một');
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p.getByText('Số ngày nhắc trước hạn phải là các số nguyên').waitFor();
    expect((await admin.get('/api/settings/follow-up')).body).toMatchObject({ version: 0 });

    await days.fill('5, 2');
    await p.getByLabel('Báo thủ trưởng đơn vị sau hạn (số ngày)').fill('1');
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p.getByText('Đã lưu cài đặt.').waitFor();
    const saved = await admin.get('/api/settings/follow-up');
    expect(saved.body).toMatchObject({
      settings: { remindDaysBefore: [5, 2], escalateAfterDays: 1 },
      version: 1,
    });
    await expectTouchFriendly(p, 'settings: reminders section');
    await screenshot(p, 'settings-follow-up');

    await p.getByRole('tab', { name: 'Đơn giá' }).click();
    await expect.poll(() => new URL(p.url()).searchParams.get('section')).toBe('unit-costs');
    await p.getByRole('heading', { name: 'Đơn giá' }).waitFor();
  });

  it('saves the SMS/Zalo gateway (a refused address keeps what was typed) and deputy approval', async () => {
    const p = page;
    await p.goto('/security?section=gateway');
    await p.getByRole('heading', { name: 'Cổng gửi SMS/Zalo' }).waitFor();
    await p.getByText('Kênh SMS/Zalo đang tắt.').waitFor();
    const url = p.getByLabel('Địa chỉ cổng');
    await url.fill('ftp://sms.hanoi.gov.vn/icabinet');
    await p.getByLabel('Khóa bí mật (ít nhất 16 ký tự)').fill('khoa-bi-mat-cua-cong-sms');
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p
      .getByText(/http:\/\/ hoặc https:\/\//)
      .first()
      .waitFor();
    expect(await url.inputValue()).toBe('ftp://sms.hanoi.gov.vn/icabinet');
    expect((await admin.get('/api/settings/gateway')).body).toMatchObject({
      settings: { url: null },
      version: 0,
    });

    await url.fill('https://sms.hanoi.gov.vn/icabinet');
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p.getByText('Đã lưu cài đặt.').waitFor();
    await p.getByText('Đã đặt khóa bí mật. Để trống để giữ nguyên.').waitFor();
    expect(await p.getByLabel('Khóa bí mật (ít nhất 16 ký tự)').inputValue()).toBe('');
    expect((await admin.get('/api/settings/gateway')).body).toMatchObject({
      settings: { url: 'https://sms.hanoi.gov.vn/icabinet', hasSecret: true },
      version: 1,
    });

    await p.getByRole('tab', { name: 'Người dự thay' }).click();
    await p.getByRole('heading', { name: 'Duyệt người dự thay' }).waitFor();
    const auto = p.getByLabel('Tự động chấp nhận người dự thay (không cần Văn phòng duyệt)');
    const before = (await admin.get('/api/settings/deputies')).body as { settings: { autoApprove: boolean } };
    await auto.setChecked(!before.settings.autoApprove);
    await p.getByRole('button', { name: 'Lưu cài đặt' }).click();
    await p.getByText('Đã lưu cài đặt.').first().waitFor();
    await expect
      .poll(
        async () => ((await admin.get('/api/settings/deputies')).body as typeof before).settings.autoApprove,
      )
      .toBe(!before.settings.autoApprove);
    await expectTouchFriendly(p, 'settings: deputies section');
    await screenshot(p, 'settings-deputies');
  });
});
