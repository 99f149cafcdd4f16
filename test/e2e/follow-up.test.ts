import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { AuditEntry, Meeting, Task, Unit } from '@icabinet/shared';
import { launchBrowser, newPage, screenshot, type ViewportName } from '../utils/browser.js';
import { expectTouchFriendly, publishFromEditor, signIn } from '../utils/e2e.js';
import { eventually } from '../utils/eventually.js';
import { ApiClient } from '../utils/http.js';
import { makeCa, makeSigner, signWithP12, type TestCa } from '../utils/pki.js';
import { holdMeeting } from '../utils/room.js';
import { FakeClock, ROOT, seedDemo, startServer, tempDir, type TestServer } from '../utils/server.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { acceptTask, assignFromPoint, createApiToken, reportDone } from '../utils/tasks-e2e.js';
import { cityAt, cityDay } from '../utils/tasks.js';

const run = promisify(execFile);

/**
 * Issue 15's "Done when", tried as a new user would, in Chromium on the demo data
 * (`npm run seed:demo`): from the demo meeting's conclusions the secretary (cvp, the chief of
 * staff) gives three units tasks through "Giao nhiệm vụ"; a member of Sở Tư pháp reports his done
 * with a file and it is accepted; Sở Thông tin và Truyền thông's task goes overdue on the server's
 * test clock and its director is reminded, in the app and by e-mail, once; the dashboard and the
 * meeting report show it; and the README's script pulls the meeting's signed documents with an
 * API token made in the admin page. Screens are kept in test-output/e2e (follow-up-*.png) at
 * 1280×800 and 800×1280.
 */
let server: TestServer;
let smtp: TestSmtp;
let browser: Browser;
let ca: TestCa;
let dir: string;
let password: string;
const clock = new FakeClock();
const contexts: BrowserContext[] = [];
let last: Page | null = null;

let meeting: Meeting;
let units: Map<string, Unit>;
const deadlines = { overdue: '', done: '', later: '' };
/** The three tasks' titles: the conclusion points' texts, as "Giao nhiệm vụ" fills them in. */
const titles = { tttt: '', tp: '', hk: '' };

/** A person signed in through the form in a browser of their own. */
async function signedIn(username: string, viewport: ViewportName = 'tablet'): Promise<Page> {
  const { context, page } = await newPage(browser, { baseURL: server.url, viewport });
  contexts.push(context);
  last = page;
  await signIn(page, { username, password: username === 'admin' ? server.adminPassword : password });
  return page;
}

/** The same person over the API (a fresh session: the test clock may have outrun the last one). */
async function api(username: string): Promise<ApiClient> {
  const client = new ApiClient(server.url);
  const status = await client.login(username, username === 'admin' ? server.adminPassword : password);
  expect(status, `sign-in of ${username}`).toBe(200);
  return client;
}

/** A task of the demo meeting by its title, as the office sees it. */
async function taskTitled(title: string): Promise<Task> {
  const list = await (await api('cvp')).get<{ items: Task[] }>(`/api/tasks?meetingId=${meeting.id}`);
  const task = list.body.items.find((t) => t.title === title);
  expect(task, title).toBeDefined();
  return task!;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A task's link by the start of its (long) title. */
const linkTo = (p: Page | Locator, title: string) =>
  p.getByRole('link', { name: new RegExp(escape(title.slice(0, 40))) }).first();

beforeAll(async () => {
  dir = await tempDir('icabinet-follow-up-');
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  ({ password } = await seedDemo(dataDir));
  ca = makeCa('I-Cabinet Test CA');
  await mkdir(path.join(dir, 'roots'));
  await writeFile(path.join(dir, 'roots', 'test-ca.pem'), ca.certPem);
  smtp = await startSmtp();
  server = await startServer({
    clock,
    dataDir,
    env: { SMTP_URL: smtp.url, TRUSTED_ROOTS_DIR: path.join(dir, 'roots') },
  });
  browser = await launchBrowser();

  const cvp = await api('cvp');
  const drafts = await cvp.get<{ items: Meeting[] }>('/api/meetings?scope=drafts');
  meeting = drafts.body.items.find((m) => m.title.startsWith('Phiên họp UBND Thành phố thường kỳ'))!;
  expect(meeting).toBeDefined();
  const list = await cvp.get<{ items: Unit[] }>('/api/units');
  units = new Map(list.body.items.map((u) => [u.code, u]));
  const conclusions = await cvp.get<{ items: { points: { text: string }[] }[] }>(
    `/api/meetings/${meeting.id}/conclusions`,
  );
  // The demo's points: 2.1 Sở TT&TT, 2.2 Sở Tài chính, 3.1 Sở Tư pháp, 4.1 quận Hoàn Kiếm, 4.2 huyện Đan Phượng.
  const points = conclusions.body.items.flatMap((c) => c.points.map((x) => x.text));
  const point = (words: string) => points.find((x) => x.startsWith(words)) ?? '';
  titles.tttt = point('Giao Sở Thông tin và Truyền thông chủ trì');
  titles.tp = point('Giao Sở Tư pháp chủ trì');
  titles.hk = point('Giao UBND quận Hoàn Kiếm');
  expect(Object.values(titles).every(Boolean)).toBe(true);
  deadlines.overdue = cityDay(clock.now(), 1);
  deadlines.done = cityDay(clock.now(), 14);
  deadlines.later = cityDay(clock.now(), 30);
}, 240_000);

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail' && last)
    await screenshot(last, `FAILED-follow-up-${task.name.slice(0, 40)}`);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('follow-up of the demo meeting, as its people would do it (issue 15, “Done when”)', () => {
  it('the secretary publishes the demo meeting, it is held, and she gives three units tasks from its conclusions', async () => {
    const p = await signedIn('cvp');
    await p.goto(`/meetings/${meeting.id}/edit`);
    await publishFromEditor(p);
    // The chair holds the session in the room (its report is ready once it has ended).
    await holdMeeting(server.url, await api('chutich'), meeting.id);

    await p.goto(`/meetings/${meeting.id}/edit?tab=conclusions`);
    await p.getByRole('button', { name: 'Giao nhiệm vụ: 2.1' }).waitFor();
    await screenshot(p, 'follow-up-conclusions-1280x800');
    await assignFromPoint(p, '2.1', { unit: 'Sở Thông tin và Truyền thông', deadline: deadlines.overdue });
    await assignFromPoint(p, '3.1', {
      unit: 'Sở Tư pháp',
      assignee: 'Vũ Quốc Khánh',
      coordinating: ['Công an Thành phố'],
      deadline: deadlines.done,
      product: 'Báo cáo kết quả cấp Phiếu lý lịch tư pháp trên VNeID',
    });
    await assignFromPoint(p, '4.1', { unit: 'UBND quận Hoàn Kiếm', deadline: deadlines.later });
    // Each point says it has its task now (so nobody gives it twice by mistake).
    await expect.poll(() => p.getByText('Đã giao 1 nhiệm vụ').count()).toBe(3);
    await screenshot(p, 'follow-up-conclusions-assigned-1280x800');

    const tasks = (await (await api('cvp')).get<{ items: Task[] }>(`/api/tasks?meetingId=${meeting.id}`)).body
      .items;
    expect(tasks.map((t) => [t.title, t.leadUnitId, t.deadline, t.status]).sort()).toEqual(
      [
        [titles.tttt, units.get('SO-TTTT')!.id, deadlines.overdue, 'assigned'],
        [titles.tp, units.get('SO-TP')!.id, deadlines.done, 'assigned'],
        [titles.hk, units.get('Q-HK')!.id, deadlines.later, 'assigned'],
      ].sort(),
    );
    expect(tasks.every((t) => t.trace?.meetingId === meeting.id && t.conclusionPointId)).toBe(true);
  }, 120_000);

  it('a member of Sở Tư pháp reports his task done with a file, and the chief of staff accepts it', async () => {
    const member = await signedIn('pgd.tp');
    await member.getByRole('link', { name: 'Nhiệm vụ', exact: true }).click();
    await linkTo(member, titles.tp).click();
    await member.getByText('Nguồn gốc nhiệm vụ').waitFor();
    await reportDone(member, {
      text: 'Đã mở rộng cấp Phiếu lý lịch tư pháp trên VNeID cho toàn Thành phố.',
      file: { name: 'Báo cáo kết quả VNeID.pdf', buffer: Buffer.from('%PDF-1.4 báo cáo kết quả') },
    });

    const office = await signedIn('cvp');
    await office.goto('/tasks?status=reported');
    await linkTo(office, titles.tp).click();
    await office.getByRole('link', { name: 'Báo cáo kết quả VNeID.pdf' }).waitFor();
    await acceptTask(office);
    const done = await taskTitled(titles.tp);
    expect(done.status).toBe('accepted');
    expect(done.history.map((h) => h.action)).toEqual(['create', 'start', 'report', 'accept']);
  }, 120_000);

  it('Sở Thông tin và Truyền thông’s task goes overdue: its director is reminded in the app and by e-mail, once', async () => {
    const overdue = await taskTitled(titles.tttt);
    // The test clock moves to 9 o'clock the morning after the deadline; the persisted jobs run.
    clock.advance(cityAt(cityDay(new Date(cityAt(deadlines.overdue, 12)), 1), 9) - clock.now().getTime());
    const jobs = server.running.app.services.invitations.jobs;
    jobs.wake();
    await jobs.drain();
    const director = 'gd.tttt@demo.icabinet.local';
    const overdueMails = () =>
      smtp.received.filter(
        (m) => m.to.includes(director) && m.parsed.subject?.startsWith('Nhiệm vụ quá hạn'),
      );
    const [mail] = await eventually(() => {
      expect(overdueMails()).toHaveLength(1);
      return overdueMails();
    }, 20_000);
    expect(mail!.parsed.subject).toContain(titles.tttt.slice(0, 40));
    expect(mail!.parsed.text).toContain(`/tasks/${overdue.id}`);
    // The reminders of the days the clock skipped say nothing stale ("đến hạn hôm nay" the day after).
    expect(
      smtp.received.filter(
        (m) => m.to.includes(director) && /^(Nhắc nhiệm vụ|Nhiệm vụ đến hạn)/.test(m.parsed.subject ?? ''),
      ),
    ).toEqual([]);
    // Once: a later run of the queue sends nothing more.
    jobs.wake();
    await jobs.drain();
    expect(overdueMails()).toHaveLength(1);
    const escalated = await (
      await api('admin')
    ).get<{ items: AuditEntry[] }>('/api/audit?action=task.escalated');
    expect(escalated.body.items.map((e) => e.targetId)).toEqual([overdue.id]);

    // The director signs in: the bell counts the notice, the inbox lists it, and it opens the task.
    const p = await signedIn('gd.tttt');
    await p.getByRole('link', { name: /^Thông báo: \d+ chưa đọc/ }).click();
    await p.getByRole('tab', { name: /^Thông báo/ }).click();
    const notice = p.getByRole('link', { name: /^Nhiệm vụ quá hạn/ });
    await notice.waitFor();
    expect(await notice.count()).toBe(1);
    await screenshot(p, 'follow-up-overdue-notice-1280x800');
    await notice.click();
    await p.waitForURL(new RegExp(`/tasks/${overdue.id}`));
    await p.getByText('Quá hạn', { exact: true }).first().waitFor();
  }, 120_000);

  it('the dashboard shows the task done and the task overdue (1280×800 and 800×1280)', async () => {
    for (const viewport of ['tablet', 'portrait'] as const) {
      const p = await signedIn('cvp', viewport);
      await p.goto('/reports');
      await p.getByRole('heading', { name: 'Theo dõi nhiệm vụ' }).first().waitFor();
      const tile = (label: string) =>
        p
          .locator('.figure')
          .filter({ has: p.getByText(label, { exact: true }) })
          .first();
      await expect.poll(() => tile('Quá hạn').locator('.figure__value').textContent()).toBe('1');
      expect(await tile('Nhiệm vụ có hạn trong kỳ').locator('.figure__value').textContent()).toBe('3');
      expect(await tile('Nhiệm vụ có hạn trong kỳ').textContent()).toContain('1 đã nghiệm thu');
      const late = p.locator('section[aria-labelledby="t-overdue"]');
      await linkTo(late, titles.tttt).waitFor();
      await p.locator('section[aria-labelledby="t-units"] .recharts-bar-rectangle').first().waitFor();
      const size = viewport === 'tablet' ? '1280x800' : '800x1280';
      await screenshot(p, `follow-up-dashboard-${size}`);
      await expectTouchFriendly(p, `task dashboard ${size}`);

      // Nhiệm vụ: the three tasks, the overdue one marked.
      await p.goto('/tasks');
      await linkTo(p, titles.tttt).waitFor();
      await linkTo(p, titles.hk).waitFor();
      await screenshot(p, `follow-up-tasks-${size}`);
      await expectTouchFriendly(p, `tasks page ${size}`);
    }
  }, 120_000);

  it('the meeting report lists the tasks per conclusion point, with the summary (1280×800 and 800×1280)', async () => {
    const ids = new Map<string, string>();
    for (const title of Object.values(titles)) ids.set(title, (await taskTitled(title)).id);
    for (const viewport of ['tablet', 'portrait'] as const) {
      const p = await signedIn('cvp', viewport);
      await p.goto(`/meetings/${meeting.id}/report`);
      await p.getByRole('heading', { name: 'Thực hiện kết luận' }).waitFor();
      await expect
        .poll(() => p.getByTestId('report-tasks-summary').textContent())
        .toBe('3 nhiệm vụ được giao: 1 đã hoàn thành (1 đúng hạn, 0 trễ hạn), 1 quá hạn.');
      const section = p.locator('section[aria-labelledby="r-tasks"]');
      const row = (title: string) =>
        section.locator('tr').filter({ has: p.locator(`a[href="/tasks/${ids.get(title)}"]`) });
      expect(await row(titles.tttt).textContent()).toContain('Quá hạn 1 ngày');
      expect(await row(titles.tp).textContent()).toMatch(
        /Vũ Quốc Khánh[\s\S]*Hoàn thành đúng hạn[\s\S]*Đã nghiệm thu/,
      );
      expect(await row(titles.hk).textContent()).toContain('Trong hạn');
      // The points nobody was given yet (2.2 Sở Tài chính, 4.2 huyện Đan Phượng) say so.
      expect(await section.getByText('Chưa giao nhiệm vụ').count()).toBe(2);
      const size = viewport === 'tablet' ? '1280x800' : '800x1280';
      await screenshot(p, `follow-up-report-${size}`);
      await expectTouchFriendly(p, `meeting report ${size}`);
    }
  }, 120_000);

  it('a script with an API token made in the admin page pulls the meeting’s signed documents', async () => {
    // The secretary signs the invitation with her certificate (as the signing tests do).
    const cvp = await api('cvp');
    const signed = await signWithP12(
      server.url,
      cvp.cookie,
      meeting.id,
      'invitation',
      makeSigner(ca, 'Lê Thị Bình'),
    );
    expect(signed.status).toBe(200);
    const original = Buffer.from(
      await (
        await fetch(`${server.url}/api/meetings/${meeting.id}/official-documents/invitation/signed.pdf`, {
          headers: { cookie: cvp.cookie ?? '' },
        })
      ).arrayBuffer(),
    );

    // The administrator makes a read token for the document-management system.
    const p = await signedIn('admin');
    await p.goto('/users');
    await p.getByRole('link', { name: 'Cài đặt hệ thống' }).click();
    const { secret, shown } = await createApiToken(p, 'Hệ thống quản lý văn bản', [
      'Tải văn bản đã ký số (documents:read)',
    ]);
    expect(secret).toMatch(/^icab_/);
    await shown.getByRole('button', { name: 'Tôi đã lưu token' }).click();
    await p
      .getByRole('row', { name: /Hệ thống quản lý văn bản/ })
      .getByText('Đang dùng')
      .waitFor();

    // The README's script, run as the other system would run it.
    const out = path.join(dir, 'signed-documents');
    const { stdout } = await run(
      process.execPath,
      [path.join(ROOT, 'scripts', 'pull-signed-documents.mjs'), meeting.id, out],
      {
        env: { PATH: process.env.PATH ?? '', ICABINET_URL: server.url, ICABINET_TOKEN: secret },
        timeout: 60_000,
      },
    );
    expect(stdout).toContain('Xong: 1 tệp mới.');
    const files = await readdir(path.join(out, meeting.id));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^official-.*\.pdf$/);
    const pulled = await readFile(path.join(out, meeting.id, files[0]!));
    expect(pulled.equals(original)).toBe(true);
    expect(stdout).toContain('Lê Thị Bình');
  }, 120_000);
});
