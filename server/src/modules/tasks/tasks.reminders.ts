import { formatDate } from '@icabinet/shared';
import { html } from '../../lib/html.js';
import { PermanentJobError, type NewJob } from '../../jobs/job-runner.js';
import { MailDeliveryError } from '../../notify/mailer.js';
import { WebhookError } from '../../notify/webhook.js';
import type { TaskRecord } from '../../store/port.js';
import {
  cityDate,
  cityInstant,
  reminderKeyPrefix,
  summaryOf,
  TASK_DELIVER_JOB,
  TASK_OVERDUE_JOB,
  TASK_STAGE_JOB,
  type TaskStage,
  type TasksDeps,
} from './tasks.shared.js';

type Channel = 'in_app' | 'email' | 'webhook';

interface StagePayload {
  taskId: string;
  deadline: string;
  stage: 'before' | 'due' | 'overdue';
  days: number;
}

interface DeliverPayload {
  taskId: string;
  userId: string;
  deadline: string;
  stage: TaskStage;
  days: number;
  channel: Channel;
  /** For `decided`: what was decided, in words. */
  note?: string | null;
}

/**
 * Reminders and escalation of tasks, all persisted jobs of the shared queue (they survive a
 * restart, and their keys make them idempotent): for each deadline, one stage job per reminder
 * (days before, on the day, overdue) at the configured hour, city time. At its time a stage job
 * checks that the task still needs it (not accepted, not reported, deadline unchanged) and
 * queues one delivery per person and channel, each keyed, so nothing goes out twice. Overdue
 * goes to the lead unit's head (escalation) and is told once on the bus (`task.overdue`).
 */
export class TaskReminders {
  constructor(private readonly deps: TasksDeps) {
    deps.jobs.register(TASK_STAGE_JOB, (p) => this.stage(p as unknown as StagePayload));
    deps.jobs.register(TASK_DELIVER_JOB, (p) => this.deliver(p as unknown as DeliverPayload));
    deps.jobs.register(TASK_OVERDUE_JOB, (p) => this.overdue(p as unknown as StagePayload));
  }

  /** The reminder jobs of a task's current deadline (those still in the future). */
  async scheduleJobs(task: TaskRecord): Promise<NewJob[]> {
    const s = await this.deps.followUp.current();
    const now = this.deps.clock.now().getTime();
    const plan: { stage: StagePayload['stage']; days: number; at: Date }[] = [
      ...s.remindDaysBefore.map((d) => ({
        stage: 'before' as const,
        days: d,
        at: cityInstant(task.deadline, -d, s.hour),
      })),
      ...(s.remindOnDay
        ? [{ stage: 'due' as const, days: 0, at: cityInstant(task.deadline, 0, s.hour) }]
        : []),
      {
        stage: 'overdue' as const,
        days: s.escalateAfterDays,
        at: cityInstant(task.deadline, 1 + s.escalateAfterDays, s.hour),
      },
    ];
    return plan
      .filter((p) => p.at.getTime() > now || p.stage === 'overdue')
      .map((p) => {
        const payload: StagePayload = {
          taskId: task.id,
          deadline: task.deadline,
          stage: p.stage,
          days: p.days,
        };
        return {
          kind: TASK_STAGE_JOB,
          key: `${reminderKeyPrefix(task.id)}${task.deadline}:${p.stage}:${p.days}`,
          runAt: p.at.toISOString(),
          payload: payload as unknown as Record<string, unknown>,
        };
      });
  }

  /** Notices of a step of the workflow to these people (in the app; the assignment by e-mail too). */
  async noticeJobs(
    task: TaskRecord,
    stage: TaskStage,
    userIds: string[],
    note: string | null = null,
  ): Promise<NewJob[]> {
    const jobs: NewJob[] = [];
    const step = task.history.length;
    for (const userId of [...new Set(userIds)]) {
      const user = await this.deps.store.users.getById(userId);
      if (!user?.active) continue;
      const channels: Channel[] = [
        'in_app',
        ...(stage === 'assigned' && user.email ? (['email'] as const) : []),
      ];
      for (const channel of channels) {
        const payload: DeliverPayload = {
          taskId: task.id,
          userId,
          deadline: task.deadline,
          stage,
          days: step,
          channel,
          note,
        };
        jobs.push({
          kind: TASK_DELIVER_JOB,
          key: `task:deliver:${task.id}:${stage}:${step}:${userId}:${channel}`,
          payload: payload as unknown as Record<string, unknown>,
          maxAttempts: channel === 'in_app' ? 3 : 6,
        });
      }
    }
    return jobs;
  }

  /** Withdraws the reminders of the task's deadlines not yet due (a new deadline, an accepted task). */
  cancel(taskId: string): Promise<number> {
    return this.deps.jobs.cancelByKeyPrefix(reminderKeyPrefix(taskId));
  }

  /**
   * Who hears of a task: for reminders the responsible person, else the unit's head; for the
   * escalation (`head`) the unit's head. Without either, the unit's active users.
   */
  async unitPeople(task: TaskRecord, head: boolean): Promise<string[]> {
    const active = async (id: string | null | undefined) => {
      const u = id ? await this.deps.store.users.getById(id) : null;
      return u?.active ? u : null;
    };
    const unit = await this.deps.store.units.getById(task.leadUnitId);
    const chosen = (head ? null : await active(task.assigneeId)) ?? (await active(unit?.headUserId));
    if (chosen) return [chosen.id];
    const members = await this.deps.store.users.list({
      unitId: task.leadUnitId,
      active: true,
      limit: 500,
      offset: 0,
    });
    return members.items.map((u) => u.id);
  }

  private async stage(p: StagePayload): Promise<void> {
    const task = await this.deps.store.tasks.getById(p.taskId);
    // A reminder for a deadline since moved, or for a task already closed, is not sent.
    if (!task || task.deadline !== p.deadline || task.status === 'accepted') return;
    if (p.stage !== 'overdue' && task.status === 'reported') return;
    // A reminder whose day has passed (the server was down, the queue was late) would say what is
    // no longer true: "còn N ngày" on the deadline or after it, "đến hạn hôm nay" the day after.
    // The next stage (on the day, overdue) says it instead.
    const today = cityDate(this.deps.clock.now());
    if (p.stage === 'before' && today >= task.deadline) return;
    if (p.stage === 'due' && today > task.deadline) return;
    if (p.stage === 'overdue') {
      // Escalation: the unit's head (and the responsible person), once per deadline.
      const people = [...(await this.unitPeople(task, true)), ...(task.assigneeId ? [task.assigneeId] : [])];
      await this.deps.jobs.enqueueMany([
        ...(await this.reminderJobs(task, p, people)),
        {
          kind: TASK_OVERDUE_JOB,
          key: `task:overdue:${task.id}:${task.deadline}`,
          payload: p as unknown as Record<string, unknown>,
        },
      ]);
      return;
    }
    await this.deps.jobs.enqueueMany(await this.reminderJobs(task, p, await this.unitPeople(task, false)));
  }

  private async reminderJobs(task: TaskRecord, p: StagePayload, userIds: string[]): Promise<NewJob[]> {
    const hook = await this.deps.settings.webhook();
    const jobs: NewJob[] = [];
    for (const userId of [...new Set(userIds)]) {
      const user = await this.deps.store.users.getById(userId);
      if (!user?.active) continue;
      const channels: Channel[] = [
        'in_app',
        ...(user.email ? (['email'] as const) : []),
        ...(hook && user.phone ? (['webhook'] as const) : []),
      ];
      for (const channel of channels) {
        const payload: DeliverPayload = { ...p, userId, channel };
        jobs.push({
          kind: TASK_DELIVER_JOB,
          key: `task:deliver:${task.id}:${task.deadline}:${p.stage}:${p.days}:${userId}:${channel}`,
          payload: payload as unknown as Record<string, unknown>,
          maxAttempts: channel === 'in_app' ? 3 : 6,
        });
      }
    }
    return jobs;
  }

  /** Once per task and deadline: the bus hears `task.overdue` and the audit log records the escalation. */
  private async overdue(p: StagePayload): Promise<void> {
    const task = await this.deps.store.tasks.getById(p.taskId);
    if (!task || task.deadline !== p.deadline || task.status === 'accepted') return;
    await this.deps.audit.record({
      actorId: null,
      action: 'task.escalated',
      targetType: 'task',
      targetId: task.id,
      data: { deadline: task.deadline, leadUnitId: task.leadUnitId, status: task.status },
    });
    await this.deps.bus.emit('task.overdue', { task: summaryOf(task) });
  }

  private subject(task: TaskRecord, p: DeliverPayload): string {
    const due = formatDate(`${task.deadline}T12:00:00+07:00`, 'vi');
    switch (p.stage) {
      case 'assigned':
        return `Nhiệm vụ mới (hạn ${due}): ${task.title}`;
      case 'before':
        return `Nhắc nhiệm vụ (còn ${p.days} ngày, hạn ${due}): ${task.title}`;
      case 'due':
        return `Nhiệm vụ đến hạn hôm nay (${due}): ${task.title}`;
      case 'overdue':
        return `Nhiệm vụ quá hạn (hạn ${due}): ${task.title}`;
      case 'reported':
        return `Đơn vị báo cáo hoàn thành nhiệm vụ: ${task.title}`;
      case 'decided':
        return `${p.note ?? 'Văn phòng đã xử lý'}: ${task.title}`;
    }
  }

  private async deliver(p: DeliverPayload): Promise<void> {
    const [task, user] = await Promise.all([
      this.deps.store.tasks.getById(p.taskId),
      this.deps.store.users.getById(p.userId),
    ]);
    if (!task || !user?.active) return;
    const reminder = p.stage === 'before' || p.stage === 'due' || p.stage === 'overdue';
    // A reminder that comes after the task closed or its deadline moved (a retry, a slow queue) is not sent.
    if (reminder && (task.status === 'accepted' || task.deadline !== p.deadline)) return;
    const subject = this.subject(task, p);
    const link = `/tasks/${task.id}`;
    const unit = await this.deps.store.units.getById(task.leadUnitId);
    const body = [
      `Đơn vị chủ trì: ${unit?.name ?? '—'}`,
      `Hạn hoàn thành: ${formatDate(`${task.deadline}T12:00:00+07:00`, 'vi')}`,
      ...(task.expectedProduct ? [`Sản phẩm: ${task.expectedProduct}`] : []),
    ].join(' · ');
    if (p.channel === 'in_app') {
      await this.deps.inApp.send(user.id, {
        meetingId: task.meetingId,
        kind: `task.${p.stage}`,
        title: subject,
        body,
        link,
      });
      return;
    }
    const url = `${this.deps.settings.publicUrl().replace(/\/$/, '')}${link}`;
    if (p.channel === 'webhook') {
      const hook = await this.deps.settings.webhook();
      if (!hook || !user.phone) throw new PermanentJobError('no webhook or phone number');
      try {
        await this.deps.postGateway(hook, {
          type: `task.${p.stage}`,
          taskId: task.id,
          meetingId: task.meetingId,
          deadline: task.deadline,
          to: { name: user.fullName, phone: user.phone },
          text: `${subject}. Xem: ${url}`,
          url,
        });
      } catch (err) {
        if (err instanceof WebhookError && err.permanent) throw new PermanentJobError(err.message);
        throw err;
      }
      return;
    }
    if (!user.email) throw new PermanentJobError('no e-mail address');
    const org = this.deps.settings.organisation;
    try {
      await this.deps.mailer.send({
        to: { name: user.fullName, address: user.email },
        subject,
        text: [
          `Kính gửi: ${user.fullName}`,
          '',
          subject,
          body,
          '',
          `Xem trên I-Cabinet: ${url}`,
          '',
          org,
        ].join('\n'),
        html: html`<!doctype html>
          <html lang="vi">
            <body style="font-family:Arial,sans-serif;color:#1f2937;line-height:1.5">
              <p>Kính gửi: <strong>${user.fullName}</strong></p>
              <p><strong>${subject}</strong></p>
              <p>${body}</p>
              <p><a href="${url}">Xem trên I-Cabinet</a></p>
              <p style="color:#6b7280">${org}</p>
            </body>
          </html>`.toString(),
        headers: { 'X-ICabinet-Task': `${task.id}:${p.stage}` },
      });
    } catch (err) {
      if (err instanceof MailDeliveryError && err.permanent) throw new PermanentJobError(err.message);
      throw err;
    }
  }
}
