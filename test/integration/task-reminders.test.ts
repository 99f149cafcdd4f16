import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Task } from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import { ApiClient } from '../utils/http.js';
import { FakeClock, startServer, tempDir } from '../utils/server.js';
import { startSmtp } from '../utils/smtp.js';
import { cityDay, postTask, taskScene } from '../utils/tasks.js';
import { startWebhookReceiver } from '../utils/webhook.js';

const HOUR = 3_600_000;

/** `hour` o'clock in Hà Nội (UTC+7) on a date YYYY-MM-DD. */
const cityAt = (date: string, hour: number): number => Date.parse(`${date}T00:00:00Z`) + (hour - 7) * HOUR;

describe('reminders and escalation of tasks', () => {
  it('are persisted jobs: before the deadline, on the day, then overdue to the unit head once, across restarts', async () => {
    const smtp = await startSmtp();
    const hook = await startWebhookReceiver();
    const clock = new FakeClock();
    const dataDir = await tempDir();
    const env = {
      SMTP_URL: smtp.url,
      REMINDERS: 'off',
      TASK_REMINDER_DAYS: '1',
      TASK_REMINDER_HOUR: '8',
      WEBHOOK_URL: hook.url,
      WEBHOOK_SECRET: 'bi-mat-cua-cong-sms-zalo',
      // The test's gateway listens on 127.0.0.1: allowed here, as for webhooks (address-guard.ts).
      WEBHOOKS_ALLOW_LOOPBACK: 'true',
    };
    let server = await startServer({ clock, dataDir, env });
    try {
      const s = await taskScene(server.url, server.adminPassword);
      const deadline = cityDay(clock.now(), 3);
      const created = await postTask(s.secretary.client, {
        title: 'Hoàn thiện đề án chỉnh trang đô thị',
        leadUnitId: s.sxd.id,
        assigneeId: s.staff.id,
        deadline,
      });
      expect(created.status).toBe(201);
      const task: Task = created.body.task;
      const mails = (address: string, subject: string) =>
        smtp.received.filter((m) => m.to.includes(address) && m.parsed.subject?.startsWith(subject));
      const staffMail = 'lan.vt@xaydung.hanoi.gov.vn';
      const headMail = 'tuan.hm@xaydung.hanoi.gov.vn';
      // Assigned: the person responsible hears at once.
      await eventually(() => expect(mails(staffMail, 'Nhiệm vụ mới')).toHaveLength(1));
      await server.stop();

      // The day-before reminder falls due while the server is down: it goes out once after restart.
      clock.advance(cityAt(cityDay(new Date(cityAt(deadline, 0)), -1), 9) - clock.now().getTime());
      server = await startServer({ clock, dataDir, env });
      let jobs = server.running.app.services.invitations.jobs;
      await eventually(() => expect(mails(staffMail, 'Nhắc nhiệm vụ (còn 1 ngày')).toHaveLength(1));
      expect(mails(headMail, 'Nh')).toHaveLength(0);

      // On the day.
      clock.advance(cityAt(deadline, 9) - clock.now().getTime());
      jobs.wake();
      await jobs.drain();
      await eventually(() => expect(mails(staffMail, 'Nhiệm vụ đến hạn hôm nay')).toHaveLength(1));

      // The next morning it is overdue: the unit's head hears (e-mail, the SMS/Zalo gateway, the app).
      clock.advance(cityAt(cityDay(new Date(cityAt(deadline, 12)), 1), 9) - clock.now().getTime());
      jobs.wake();
      await jobs.drain();
      await eventually(() => {
        expect(mails(headMail, 'Nhiệm vụ quá hạn')).toHaveLength(1);
        expect(mails(staffMail, 'Nhiệm vụ quá hạn')).toHaveLength(1);
        expect(hook.calls.filter((c) => c.body.includes('"task.overdue"'))).toHaveLength(1);
      });
      const call = JSON.parse(hook.calls.find((c) => c.body.includes('"task.overdue"'))!.body) as {
        to: { phone: string };
        taskId: string;
      };
      expect(call).toMatchObject({ taskId: task.id, to: { phone: '0912 345 678' } });

      // Another restart and later wake-ups send nothing more.
      await server.stop();
      server = await startServer({ clock, dataDir, env });
      jobs = server.running.app.services.invitations.jobs;
      await jobs.drain();
      clock.advance(2 * 24 * HOUR);
      jobs.wake();
      await jobs.drain();
      expect(mails(headMail, 'Nhiệm vụ quá hạn')).toHaveLength(1);
      expect(mails(staffMail, 'Nhắc nhiệm vụ')).toHaveLength(1);
      expect(hook.calls.filter((c) => c.body.includes('"task.overdue"'))).toHaveLength(1);
      const admin = new ApiClient(server.url);
      await admin.login('admin', server.adminPassword);
      const audit = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=task.escalated');
      expect(audit.body.items.map((e) => e.targetId)).toEqual([task.id]);
      const head = new ApiClient(server.url);
      await head.login('gd.sxd', s.head.password);
      const notices = await head.get<{ items: { kind: string; link: string }[] }>('/api/notifications');
      expect(notices.body.items.filter((n) => n.kind === 'task.overdue')).toEqual([
        expect.objectContaining({ link: `/tasks/${task.id}` }),
      ]);
      const listed = await head.get<{ items: Task[] }>('/api/tasks?overdue=true');
      expect(listed.body.items.map((t) => [t.id, t.overdue])).toEqual([[task.id, true]]);
    } finally {
      await server.stop();
      await smtp.stop();
      await hook.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a task accepted before its deadline gets no reminder, and a new deadline moves them', async () => {
    const smtp = await startSmtp();
    const clock = new FakeClock();
    const server = await startServer({
      clock,
      env: { SMTP_URL: smtp.url, REMINDERS: 'off', TASK_REMINDER_DAYS: '1', TASK_REMINDER_HOUR: '8' },
    });
    try {
      const s = await taskScene(server.url, server.adminPassword);
      const jobs = server.running.app.services.invitations.jobs;
      const deadline = cityDay(clock.now(), 3);
      const later = cityDay(clock.now(), 10);
      const post = async (title: string) =>
        (
          await postTask(s.secretary.client, {
            title,
            leadUnitId: s.sxd.id,
            assigneeId: s.staff.id,
            deadline,
          })
        ).body.task;
      const done = await post('Nhiệm vụ xong sớm');
      const moved = await post('Nhiệm vụ được gia hạn');
      const step = async (t: Task, who: ApiClient, body: Record<string, unknown>) => {
        const read = await who.get<{ task: Task }>(`/api/tasks/${t.id}`);
        const res = await who.post(`/api/tasks/${t.id}/actions`, {
          version: read.body.task.version,
          ...body,
        });
        expect(res.status).toBe(200);
      };
      await step(done, s.staff.client, { action: 'report', text: 'Đã xong' });
      await step(done, s.secretary.client, { action: 'accept' });
      await step(moved, s.staff.client, { action: 'requestExtension', deadline: later, reason: 'Chờ Bộ' });
      await step(moved, s.secretary.client, { action: 'approveExtension' });
      // Past the old deadline: nothing about either (the one moved is due later).
      clock.advance(cityAt(cityDay(new Date(cityAt(deadline, 12)), 2), 9) - clock.now().getTime());
      jobs.wake();
      await jobs.drain();
      const reminders = () =>
        smtp.received.filter((m) => /^Nhắc|^Nhiệm vụ (đến hạn|quá hạn)/.test(m.parsed.subject ?? ''));
      expect(reminders()).toHaveLength(0);
      // The day before the new deadline: the one moved is reminded.
      clock.advance(cityAt(cityDay(new Date(cityAt(later, 12)), -1), 9) - clock.now().getTime());
      jobs.wake();
      await jobs.drain();
      await eventually(() =>
        expect(reminders().map((m) => m.parsed.subject)).toEqual([
          expect.stringContaining('Nhiệm vụ được gia hạn'),
        ]),
      );
    } finally {
      await server.stop();
      await smtp.stop();
    }
  }, 60_000);
  it('go through the SMS/Zalo gateway saved on the settings page, as invitations do', async () => {
    const hook = await startWebhookReceiver();
    const clock = new FakeClock();
    // No gateway in the environment: only the one the administrator saves below.
    const server = await startServer({
      clock,
      env: {
        REMINDERS: 'off',
        TASK_REMINDER_DAYS: '1',
        TASK_REMINDER_HOUR: '8',
        WEBHOOKS_ALLOW_LOOPBACK: 'true',
      },
    });
    try {
      const admin = new ApiClient(server.url);
      await admin.login('admin', server.adminPassword);
      const saved = await admin.put('/api/settings/gateway', {
        url: hook.url,
        secret: 'bi-mat-cong-sms-zalo-cua-van-phong',
        version: 0,
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const s = await taskScene(server.url, server.adminPassword);
      const deadline = cityDay(clock.now(), 3);
      const created = await postTask(s.secretary.client, {
        title: 'Báo cáo tiến độ giải phóng mặt bằng',
        leadUnitId: s.sxd.id,
        assigneeId: s.staff.id,
        deadline,
      });
      expect(created.status).toBe(201);
      const jobs = server.running.app.services.invitations.jobs;
      clock.advance(cityAt(cityDay(new Date(cityAt(deadline, 12)), 1), 9) - clock.now().getTime());
      jobs.wake();
      await jobs.drain();
      await eventually(() =>
        expect(hook.calls.filter((c) => c.body.includes('"task.overdue"')).length).toBeGreaterThan(0),
      );
      const call = JSON.parse(hook.calls.find((c) => c.body.includes('"task.overdue"'))!.body) as {
        taskId: string;
      };
      expect(call.taskId).toBe(created.body.task.id);
    } finally {
      await server.stop();
      await hook.stop();
    }
  }, 60_000);
});
