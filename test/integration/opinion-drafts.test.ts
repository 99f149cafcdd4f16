import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, OpinionDetail, OpinionSummary } from '@icabinet/shared';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { opinionInput, opinionScene, sendOpinion, type OpinionScene } from '../utils/opinions.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';

const HOUR = 3_600_000;

/** The secretariat corrects or drops a request for written opinions before it goes out. */
describe('drafts of requests for written opinions', () => {
  let server: TestServer;
  let scene: OpinionScene;
  const clock = new FakeClock();
  let deadline: Date;

  beforeAll(async () => {
    server = await startServer({ clock, env: { REMINDERS: 'off', OPINION_REMINDERS: 'off' } });
    scene = await opinionScene(server.url, server.adminPassword, clock.now());
    deadline = new Date(clock.now().getTime() + 48 * HOUR);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  const url = () => `/api/meetings/${scene.meetingId}/opinions`;
  const detailOf = async (id: string) => {
    const res = await scene.secretary.client.get<OpinionDetail>(`/api/opinions/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const draft = async (extra: Record<string, unknown> = {}) => {
    const res = await scene.secretary.client.post<{ request: OpinionSummary }>(
      url(),
      opinionInput(scene, deadline, extra),
    );
    expect(res.status).toBe(201);
    return res.body.request;
  };
  const put = (id: string, body: unknown, who = scene.secretary.client) =>
    who.request<{ request: OpinionSummary } & ErrorReply>('PUT', `/api/opinions/${id}`, body);

  it('rewrites a draft: title, questions and members change, and it can then be sent as edited', async () => {
    const created = await draft({ questions: ['Câu hỏi có lỗi chính tả?'] });
    const [hung, lan] = scene.members;
    const edited = await put(created.id, {
      ...opinionInput(scene, deadline, {
        title: 'Xin ý kiến dự thảo Đề án (bản sửa)',
        questions: ['Đồng ý với phạm vi của Đề án?', 'Đồng ý với kinh phí dự kiến?'],
        participantIds: [hung!.participantId, lan!.participantId],
        rule: 'members_two_thirds',
      }),
      version: created.version,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.request).toMatchObject({
      title: 'Xin ý kiến dự thảo Đề án (bản sửa)',
      rule: 'members_two_thirds',
      status: 'draft',
      recipients: 2,
      version: created.version + 1,
    });
    const stored = await detailOf(created.id);
    expect(stored.request.questions.map((q) => q.text)).toEqual([
      'Đồng ý với phạm vi của Đề án?',
      'Đồng ý với kinh phí dự kiến?',
    ]);
    expect(stored.recipients.map((r) => r.participantId).sort()).toEqual(
      [hung!.participantId, lan!.participantId].sort(),
    );

    const sent = await scene.secretary.client.post<{ request: OpinionSummary }>(
      `/api/opinions/${created.id}/send`,
    );
    expect(sent.status).toBe(200);
    expect(sent.body.request).toMatchObject({ status: 'sent', recipients: 2 });
    // Sent: it can be neither edited nor deleted any more, and stays as it was.
    const late = await put(created.id, {
      ...opinionInput(scene, deadline, { title: 'Sửa sau khi gửi' }),
      version: sent.body.request.version,
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('Phiếu lấy ý kiến này đã được gửi.');
    const gone = await scene.secretary.client.request<ErrorReply>(
      'DELETE',
      `/api/opinions/${created.id}?version=${sent.body.request.version}`,
    );
    expect(gone.status).toBe(409);
    expect(gone.body.error.message).toBe('Phiếu lấy ý kiến đã gửi cho thành viên nên không xóa được.');
    expect((await detailOf(created.id)).request).toMatchObject({
      title: 'Xin ý kiến dự thảo Đề án (bản sửa)',
      status: 'sent',
    });
  });

  it('refuses a stale or bad edit with a reason, and the draft stays as it was', async () => {
    const created = await draft();
    const before = await detailOf(created.id);
    const first = await put(created.id, {
      ...opinionInput(scene, deadline, { title: 'Sửa lần một' }),
      version: created.version,
    });
    expect(first.status).toBe(200);
    // A second secretary still holding the old version does not overwrite the first one's change.
    const stale = await put(created.id, {
      ...opinionInput(scene, deadline, { title: 'Sửa từ bản cũ' }),
      version: created.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toBe(
      'Phiếu lấy ý kiến vừa được người khác sửa; hãy tải lại để xem bản mới rồi sửa tiếp.',
    );
    const version = first.body.request.version;
    const bad: [Record<string, unknown>, number, string | undefined][] = [
      [
        { deadline: new Date(clock.now().getTime() - HOUR).toISOString() },
        400,
        'Hạn gửi ý kiến phải ở trong tương lai.',
      ],
      [
        { participantIds: ['00000000-0000-4000-8000-000000000000'] },
        400,
        'Người được hỏi ý kiến phải là thành phần của cuộc họp.',
      ],
      [
        { documentId: '00000000-0000-4000-8000-000000000000' },
        400,
        'Hãy chọn một tài liệu của cuộc họp làm dự thảo.',
      ],
      [{ title: 'Tiêu đề\u0000' }, 400, undefined],
      [{ questions: ['x'.repeat(1001)] }, 400, undefined],
      [{ rule: 'unanimous' }, 400, undefined],
    ];
    for (const [extra, status, message] of bad) {
      const res = await put(created.id, { ...opinionInput(scene, deadline, extra), version });
      expect({ extra, status: res.status }).toEqual({ extra, status });
      if (message) expect(res.body.error.issues?.[0]?.message).toBe(message);
    }
    const noVersion = await put(created.id, opinionInput(scene, deadline));
    expect(noVersion.status).toBe(400);
    const byMember = await put(
      created.id,
      { ...opinionInput(scene, deadline, { title: 'Thành viên sửa' }), version },
      scene.members[0]!.client,
    );
    expect(byMember.status).toBe(403);
    const after = await detailOf(created.id);
    expect(after.request).toMatchObject({ title: 'Sửa lần một', version });
    expect(after.request.questions.map((q) => q.text)).toEqual(before.request.questions.map((q) => q.text));
    expect(after.recipients.map((r) => r.participantId)).toEqual(
      before.recipients.map((r) => r.participantId),
    );
  });

  it('deletes a draft nobody has seen, audited; a stale version or a member cannot', async () => {
    const created = await draft({ title: 'Bản nháp sẽ bị xóa' });
    const del = (query: string, who = scene.secretary.client) =>
      who.request<ErrorReply>('DELETE', `/api/opinions/${created.id}${query}`);
    expect((await del('?version=7')).status).toBe(409);
    expect((await del('')).status).toBe(400);
    expect((await del(`?version=${created.version}`, scene.members[0]!.client)).status).toBe(403);
    expect((await detailOf(created.id)).request.title).toBe('Bản nháp sẽ bị xóa');

    expect((await del(`?version=${created.version}`)).status).toBe(204);
    expect((await scene.secretary.client.get(`/api/opinions/${created.id}`)).status).toBe(404);
    const list = await scene.secretary.client.get<{ items: OpinionSummary[] }>(url());
    expect(list.body.items.map((i) => i.id)).not.toContain(created.id);

    const admin = await adminClient();
    const audit = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=opinion.deleted');
    expect(audit.body.items.map((e) => [e.targetId, e.actorId])).toContainEqual([
      created.id,
      scene.secretary.id,
    ]);
  });

  // Sending a request after another one was deleted still works (nothing of the deleted one is left behind).
  it('sends a new request after drafts were edited and deleted', async () => {
    const sent = await sendOpinion(scene, deadline, { title: 'Xin ý kiến sau khi dọn bản nháp' });
    expect(sent).toMatchObject({ status: 'sent', recipients: scene.members.length });
  });

  async function adminClient() {
    const admin = new ApiClient(server.url);
    expect(await admin.login('admin', server.adminPassword)).toBe(200);
    return admin;
  }
});
