import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Task } from '@icabinet/shared';
import { eventually } from '../utils/eventually.js';
import type { ErrorReply } from '../utils/http.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { apiUpload } from '../utils/meetings.js';
import { act, cityDay, postTask, taskScene } from '../utils/tasks.js';

type Scene = Awaited<ReturnType<typeof taskScene>>;

describe('tasks from conclusions: assignment, workflow and bad input', () => {
  let server: TestServer;
  let s: Scene;
  const clock = new FakeClock();

  beforeAll(async () => {
    server = await startServer({ clock, env: { REMINDERS: 'off' } });
    s = await taskScene(server.url, server.adminPassword);
  }, 60_000);
  afterAll(() => server?.stop());

  const fromPoint = (over: Record<string, unknown> = {}) => ({
    title: 'Hoàn thiện đề án chỉnh trang đô thị',
    source: {
      meetingId: s.meeting.id,
      agendaItemId: s.item.id,
      conclusionPointId: s.conclusion.points[0]!.id,
    },
    leadUnitId: s.sxd.id,
    coordinatingUnitIds: [s.stc.id],
    assigneeId: s.staff.id,
    deadline: cityDay(clock.now(), 10),
    expectedProduct: 'Tờ trình UBND Thành phố',
    priority: 'high',
    ...over,
  });

  it('assigns a task from a conclusion point, keeping its trace, and the lead unit sees it', async () => {
    const res = await postTask(s.secretary.client, fromPoint());
    expect(res.status).toBe(201);
    const task = res.body.task;
    expect(task).toMatchObject({
      status: 'assigned',
      leadUnitId: s.sxd.id,
      coordinatingUnitIds: [s.stc.id],
      version: 1,
      overdue: false,
      trace: {
        meetingId: s.meeting.id,
        meetingTitle: 'Phiên họp thường kỳ UBND Thành phố',
        agendaItemTitle: 'Đề án chỉnh trang đô thị',
        pointText: s.conclusion.points[0]!.text,
      },
    });
    expect(task.history.map((h) => h.action)).toEqual(['create']);
    // The lead unit's staff may start, report and ask for time; the office may not start it.
    const mine = await s.staff.client.get<{ task: Task }>(`/api/tasks/${task.id}`);
    expect(mine.body.task.actions).toEqual(['start', 'report', 'requestExtension']);
    const office = await s.secretary.client.get<{ task: Task }>(`/api/tasks/${task.id}`);
    expect(office.body.task.actions).toEqual([]);
    // The coordinating unit sees it in its list; the unit filter and the status filter apply.
    const list = await s.other.client.get<{ items: Task[]; total: number }>(`/api/tasks?unitId=${s.stc.id}`);
    expect(list.body.items.map((t) => t.id)).toContain(task.id);
    const none = await s.other.client.get<{ items: Task[] }>('/api/tasks?status=accepted');
    expect(none.body.items).toEqual([]);
    const audit = await s.admin.get<{ items: AuditEntry[] }>('/api/audit?action=task.created');
    expect(audit.body.items[0]).toMatchObject({ actorId: s.secretary.id, targetId: task.id });
  });

  it('keeps a quoted passage of a meeting document (page and text); a page the document lacks is refused', async () => {
    const doc = await apiUpload(
      server.url,
      s.secretary.client,
      s.meeting.id,
      'bao-cao-chuyen-doi-so-2024.pdf',
    );
    const source = {
      meetingId: s.meeting.id,
      agendaItemId: s.item.id,
      conclusionPointId: s.conclusion.points[1]!.id,
      passage: { documentId: doc.id, page: 2, quote: 'cân đối nguồn vốn' },
    };
    const res = await postTask(
      s.secretary.client,
      fromPoint({
        title: 'Cân đối nguồn vốn',
        source,
        leadUnitId: s.stc.id,
        coordinatingUnitIds: [],
        assigneeId: null,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.task.passage).toEqual({ documentId: doc.id, page: 2, quote: 'cân đối nguồn vốn' });
    const beyond = await postTask(
      s.secretary.client,
      fromPoint({ source: { ...source, passage: { ...source.passage, page: doc.pages + 1 } } }),
    );
    expect(beyond.status).toBe(400);
    expect((beyond.body as unknown as ErrorReply).error.issues?.[0]).toMatchObject({
      path: 'source.passage.page',
    });
  });

  it('refuses a deadline in the past, a unit that does not exist, and a task from a member', async () => {
    const before = await s.secretary.client.get<{ total: number }>('/api/tasks');
    const past = await postTask(s.secretary.client, fromPoint({ deadline: cityDay(clock.now(), -1) }));
    expect(past.status).toBe(400);
    expect((past.body as unknown as ErrorReply).error.issues).toEqual([
      expect.objectContaining({ path: 'deadline', message: 'Hạn hoàn thành không được ở trong quá khứ.' }),
    ]);
    const ghost = await postTask(
      s.secretary.client,
      fromPoint({ leadUnitId: '9a9a9a9a-0000-4000-8000-000000000000', assigneeId: null }),
    );
    expect(ghost.status).toBe(400);
    expect((ghost.body as unknown as ErrorReply).error.issues?.[0]).toMatchObject({ path: 'leadUnitId' });
    const notAUnitsMan = await postTask(s.secretary.client, fromPoint({ assigneeId: s.other.id }));
    expect(notAUnitsMan.status).toBe(400);
    const stray = await postTask(
      s.secretary.client,
      fromPoint({
        source: { meetingId: s.meeting.id, agendaItemId: s.item.id, conclusionPointId: s.sxd.id },
      }),
    );
    expect(stray.status).toBe(404);
    const byMember = await postTask(s.staff.client, fromPoint());
    expect(byMember.status).toBe(403);
    expect((byMember.body as unknown as ErrorReply).error.message).toContain('Chỉ Văn phòng');
    const after = await s.secretary.client.get<{ total: number }>('/api/tasks');
    expect(after.body.total).toBe(before.body.total);
  });

  it('goes assigned → in progress → reported (with a file) → returned → reported → accepted; every step audited', async () => {
    const { task } = (
      await postTask(s.secretary.client, fromPoint({ title: 'Báo cáo tiến độ giải phóng mặt bằng' }))
    ).body;
    // Someone outside the lead unit cannot report, even one who sees the task (the coordinating unit, the office).
    for (const outsider of [s.other, s.secretary]) {
      const refused = await act(outsider.client, task, { action: 'report', text: 'Đã xong' });
      expect(refused.status).toBe(403);
    }
    expect((await act(s.staff.client, task, { action: 'start' })).body.task.status).toBe('in_progress');
    const form = new FormData();
    form.append('file', new Blob([new TextEncoder().encode('%PDF-1.4 báo cáo')]), 'Báo cáo kết quả.pdf');
    const upload = await fetch(`${server.url}/api/tasks/${task.id}/files`, {
      method: 'POST',
      headers: { cookie: s.staff.client.cookie!, origin: server.url },
      body: form,
    });
    expect(upload.status).toBe(201);
    const { file } = (await upload.json()) as { file: { id: string; name: string } };
    expect(file.name).toBe('Báo cáo kết quả.pdf');
    const stale = await s.staff.client.post(`/api/tasks/${task.id}/actions`, {
      action: 'report',
      version: 1,
      text: 'Đã hoàn thành',
    });
    expect(stale.status).toBe(409);
    const reported = await act(s.staff.client, task, {
      action: 'report',
      text: 'Đã hoàn thành dự thảo tờ trình.',
      fileIds: [file.id],
    });
    expect(reported.status).toBe(200);
    expect(reported.body.task).toMatchObject({ status: 'reported', report: { fileIds: [file.id] } });
    const download = await s.other.client.get<string>(`/api/tasks/${task.id}/files/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.body).toContain('báo cáo');
    const returned = await act(s.secretary.client, task, {
      action: 'return',
      reason: 'Bổ sung số liệu vốn.',
    });
    expect(returned.body.task.status).toBe('returned');
    await act(s.staff.client, task, { action: 'report', text: 'Đã bổ sung số liệu.' });
    const accepted = await act(s.secretary.client, task, { action: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.task).toMatchObject({ status: 'accepted', actions: [] });
    expect(accepted.body.task.history.map((h) => h.action)).toEqual([
      'create',
      'start',
      'report',
      'return',
      'report',
      'accept',
    ]);
    expect(accepted.body.task.history[3]).toMatchObject({
      comment: 'Bổ sung số liệu vốn.',
      byName: 'Trần Thị Bích',
    });
    const audit = await s.admin.get<{ items: AuditEntry[] }>(`/api/audit?targetId=${task.id}&limit=50`);
    expect(audit.body.items.map((e) => e.action).reverse()).toEqual([
      'task.created',
      'task.start',
      'task.file_added',
      'task.report',
      'task.return',
      'task.report',
      'task.accept',
    ]);
    // A closed task: no extension request, nothing changes.
    const late = await act(s.staff.client, task, {
      action: 'requestExtension',
      deadline: cityDay(clock.now(), 30),
      reason: 'Chờ ý kiến Bộ Xây dựng',
    });
    expect(late.status).toBe(409);
    expect((late.body as unknown as ErrorReply).error.code).toBe('invalid_state');
    const still = await s.staff.client.get<{ task: Task }>(`/api/tasks/${task.id}`);
    expect(still.body.task.version).toBe(accepted.body.task.version);
    // The one who reported hears of the decision in the app.
    await eventually(async () => {
      const notices = await s.staff.client.get<{ items: { kind: string; title: string }[] }>(
        '/api/notifications',
      );
      expect(notices.body.items.map((n) => n.title)).toContain(
        'Văn phòng đã nghiệm thu nhiệm vụ: Báo cáo tiến độ giải phóng mặt bằng',
      );
    });
  });

  it('a unit asks for a new deadline; the office approves one and refuses another', async () => {
    const { task } = (await postTask(s.secretary.client, fromPoint({ title: 'Rà soát quy hoạch phân khu' })))
      .body;
    const asked = await act(s.staff.client, task, {
      action: 'requestExtension',
      deadline: cityDay(clock.now(), 20),
      reason: 'Chờ ý kiến Bộ Xây dựng',
    });
    expect(asked.body.task.extension).toMatchObject({ deadline: cityDay(clock.now(), 20) });
    const again = await act(s.staff.client, task, {
      action: 'requestExtension',
      deadline: cityDay(clock.now(), 25),
      reason: 'Lần nữa',
    });
    expect(again.status).toBe(409);
    const byUnit = await act(s.staff.client, task, { action: 'approveExtension' });
    expect(byUnit.status).toBe(403);
    const approved = await act(s.secretary.client, task, { action: 'approveExtension' });
    expect(approved.body.task).toMatchObject({ deadline: cityDay(clock.now(), 20), extension: null });
    await act(s.staff.client, task, {
      action: 'requestExtension',
      deadline: cityDay(clock.now(), 40),
      reason: 'Thêm',
    });
    const refused = await act(s.secretary.client, task, {
      action: 'refuseExtension',
      reason: 'Không đủ lý do.',
    });
    expect(refused.body.task).toMatchObject({ deadline: cityDay(clock.now(), 20), extension: null });
    const shorter = await act(s.staff.client, task, {
      action: 'requestExtension',
      deadline: cityDay(clock.now(), 5),
      reason: 'Sớm hơn',
    });
    expect(shorter.status).toBe(400);
  });

  it('the follow-up settings: administrators read and change them; others may not', async () => {
    const read = await s.admin.get<{ settings: Record<string, unknown>; version: number }>(
      '/api/settings/follow-up',
    );
    expect(read.body).toMatchObject({
      settings: { remindDaysBefore: [3, 1], remindOnDay: true, escalateAfterDays: 0, hour: 8 },
      version: 0,
    });
    const put = await s.admin.put('/api/settings/follow-up', {
      remindDaysBefore: [2],
      remindOnDay: false,
      escalateAfterDays: 1,
      hour: 7,
      version: 0,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ settings: { remindDaysBefore: [2], hour: 7 }, version: 1 });
    expect((await s.secretary.client.get('/api/settings/follow-up')).status).toBe(403);
    const bad = await s.admin.put('/api/settings/follow-up', {
      remindDaysBefore: [2, 2],
      remindOnDay: false,
      escalateAfterDays: 1,
      hour: 25,
      version: 1,
    });
    expect(bad.status).toBe(400);
  });
});
