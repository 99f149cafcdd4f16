import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Task } from '@icabinet/shared';
import { launchBrowser, newPage, screenshot } from '../utils/browser.js';
import { expectTouchFriendly, ownPassword, signIn } from '../utils/e2e.js';
import { CAST } from '../utils/fixtures.js';
import { startServer, type TestServer } from '../utils/server.js';
import { cityDay, taskScene } from '../utils/tasks.js';
import { acceptTask, fillAssignDialog, reportDone } from '../utils/tasks-e2e.js';

let server: TestServer;
let browser: Browser;
let s: Awaited<ReturnType<typeof taskScene>>;
const passwords: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({ env: { REMINDERS: 'off' } });
  s = await taskScene(server.url, server.adminPassword);
  passwords.secretary = await ownPassword(s.secretary);
  passwords.staff = await ownPassword(s.staff);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('follow-up tasks in the browser', () => {
  it('conclusion point → task → the unit reports it done with a file → the office accepts it', async () => {
    const deadline = cityDay(new Date(), 14);
    const title = 'Giao Sở Xây dựng chủ trì hoàn thiện đề án, trình UBND Thành phố.';

    // The secretary turns the first conclusion point into a task for Sở Xây dựng.
    const sec = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec.page.goto(`/meetings/${s.meeting.id}/edit?tab=conclusions`);
      await sec.page.getByRole('button', { name: 'Giao nhiệm vụ: 1.1' }).click();
      const dialog = sec.page.getByRole('dialog', { name: 'Giao nhiệm vụ' });
      // Nothing chosen yet: the form says what is missing before anything is sent.
      await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
      await dialog.getByText('Hãy chọn đơn vị chủ trì.').waitFor();
      await fillAssignDialog(dialog, {
        unit: 'Sở Xây dựng',
        assignee: 'Vũ Thị Lan',
        coordinating: ['Sở Tài chính'],
        deadline,
        product: 'Tờ trình UBND Thành phố',
      });
      await screenshot(sec.page, 'tasks-assign-dialog');
      await dialog.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await sec.context.close();
    }
    const listed = await s.secretary.client.get<{ items: Task[] }>('/api/tasks');
    const task = listed.body.items.find((t) => t.title === title)!;
    expect(task).toMatchObject({
      leadUnitId: s.sxd.id,
      coordinatingUnitIds: [s.stc.id],
      assigneeId: s.staff.id,
      deadline,
      conclusionPointId: s.conclusion.points[0]!.id,
    });

    // The unit's staff member finds it under "Nhiệm vụ", starts it and reports it done with a file.
    const staff = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(staff.page, { username: 'cv.sxd', password: passwords.staff ?? '' });
      await staff.page.getByRole('link', { name: 'Nhiệm vụ', exact: true }).click();
      await staff.page.getByRole('link', { name: new RegExp(title.slice(0, 30)) }).click();
      await staff.page.getByText('Nguồn gốc nhiệm vụ').waitFor();
      await staff.page.getByText('Phiên họp thường kỳ UBND Thành phố').waitFor();
      await expectTouchFriendly(staff.page, 'task detail (unit)');
      await reportDone(staff.page, {
        text: 'Đã hoàn thiện dự thảo đề án và tờ trình.',
        file: { name: 'Tờ trình đề án.pdf', buffer: Buffer.from('%PDF-1.4 tờ trình') },
        beforeSend: () => screenshot(staff.page, 'tasks-unit-reports'),
      });
    } finally {
      await staff.context.close();
    }

    // The office opens the reported tasks (the filter is kept in the address) and accepts it.
    const sec2 = await newPage(browser, { baseURL: server.url, viewport: 'tablet' });
    try {
      await signIn(sec2.page, { username: CAST.secretary.username, password: passwords.secretary ?? '' });
      await sec2.page.goto('/tasks');
      await sec2.page.getByLabel('Trạng thái').selectOption({ label: 'Đã báo cáo' });
      await sec2.page.waitForURL(/status=reported/);
      await expectTouchFriendly(sec2.page, 'task list (office)');
      await sec2.page.getByRole('link', { name: new RegExp(title.slice(0, 30)) }).click();
      await sec2.page.getByText('Đã hoàn thiện dự thảo đề án và tờ trình.').first().waitFor();
      await sec2.page.getByRole('link', { name: 'Tờ trình đề án.pdf' }).waitFor();
      await acceptTask(sec2.page);
      await screenshot(sec2.page, 'tasks-accepted');
    } finally {
      await sec2.context.close();
    }
    const done = await s.secretary.client.get<{ task: Task }>(`/api/tasks/${task.id}`);
    expect(done.body.task.status).toBe('accepted');
    expect(done.body.task.history.map((h) => h.action)).toEqual(['create', 'start', 'report', 'accept']);
  });
});
