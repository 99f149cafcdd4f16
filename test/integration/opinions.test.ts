import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InAppNotification, MyOpinionRequest, OpinionDetail, OpinionSummary } from '@icabinet/shared';
import type { ErrorReply } from '../utils/http.js';
import { eventually } from '../utils/eventually.js';
import {
  opinionInput,
  opinionLinkIn,
  opinionMailsTo,
  opinionScene,
  sendOpinion,
  type OpinionScene,
} from '../utils/opinions.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { startSmtp, type TestSmtp } from '../utils/smtp.js';
import { expectLinkPageHeaders } from '../utils/link-page.js';

const HOUR = 3_600_000;
const run = promisify(execFile);

/** Posts the answer form behind a personal link, as a phone's browser does. */
function postForm(server: TestServer, link: string, form: Record<string, string>, lang = 'vi') {
  return fetch(link, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: server.url,
      'accept-language': lang,
    },
    body: new URLSearchParams(form).toString(),
  });
}

describe('written opinions between meetings', () => {
  let server: TestServer;
  let smtp: TestSmtp;
  let scene: OpinionScene;
  const clock = new FakeClock();
  let request: OpinionSummary;
  let deadline: Date;
  const links = new Map<string, string>();

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startServer({
      clock,
      env: { SMTP_URL: smtp.url, REMINDERS: 'off', OPINION_REMINDERS: 'off' },
    });
    scene = await opinionScene(server.url, server.adminPassword, clock.now());
    deadline = new Date(clock.now().getTime() + 48 * HOUR);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  const detail = async () => {
    const res = await scene.secretary.client.get<OpinionDetail>(`/api/opinions/${request.id}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('refuses a request that cannot be sent, with a reason, and stores nothing', async () => {
    const url = `/api/meetings/${scene.meetingId}/opinions`;
    const sec = scene.secretary.client;
    const past = await sec.post<ErrorReply>(url, opinionInput(scene, new Date(clock.now().getTime() - HOUR)));
    expect(past.status).toBe(400);
    expect(past.body.error.issues?.[0]).toMatchObject({
      path: 'deadline',
      message: 'Hạn gửi ý kiến phải ở trong tương lai.',
    });
    const control = await sec.post<ErrorReply>(
      url,
      opinionInput(scene, deadline, { title: 'Dự thảo\u0000' }),
    );
    expect(control.status).toBe(400);
    expect(control.body.error.issues?.[0]?.path).toBe('title');
    const longQuestion = await sec.post<ErrorReply>(
      url,
      opinionInput(scene, deadline, { questions: ['x'.repeat(1001)] }),
    );
    expect(longQuestion.status).toBe(400);
    const stranger = await sec.post<ErrorReply>(
      url,
      opinionInput(scene, deadline, { participantIds: ['00000000-0000-4000-8000-000000000000'] }),
    );
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.issues?.[0]?.message).toBe(
      'Người được hỏi ý kiến phải là thành phần của cuộc họp.',
    );
    const badRule = await sec.post<ErrorReply>(url, opinionInput(scene, deadline, { rule: 'unanimous' }));
    expect(badRule.status).toBe(400);
    const byMember = await scene.members[0]!.client.post<ErrorReply>(url, opinionInput(scene, deadline));
    expect(byMember.status).toBe(403);
    expect((await sec.get<{ items: unknown[] }>(url)).body.items).toEqual([]);

    // Drafts without questions or members are kept, but cannot be sent.
    for (const [extra, message] of [
      [{ questions: [] }, 'Phiếu chưa có câu hỏi nào; hãy thêm ít nhất một câu hỏi trước khi gửi.'],
      [
        { participantIds: [] },
        'Phiếu chưa có thành viên nào được hỏi; hãy chọn ít nhất một người trước khi gửi.',
      ],
    ] as const) {
      const draft = await sec.post<{ request: OpinionSummary }>(url, opinionInput(scene, deadline, extra));
      expect(draft.status).toBe(201);
      const sent = await sec.post<ErrorReply>(`/api/opinions/${draft.body.request.id}/send`);
      expect(sent.status).toBe(409);
      expect(sent.body.error.message).toBe(message);
      const after = await sec.get<OpinionDetail>(`/api/opinions/${draft.body.request.id}`);
      expect(after.body.request.status).toBe('draft');
    }
  });

  it('sends the request by e-mail and in the app, each member with a personal link', async () => {
    request = await sendOpinion(scene, deadline);
    expect(request.status).toBe('sent');
    expect(request.recipients).toBe(4);
    await eventually(() => {
      for (const m of scene.members) expect(opinionMailsTo(smtp.received, m.email)).toHaveLength(1);
    });
    for (const m of scene.members) {
      const mail = opinionMailsTo(smtp.received, m.email)[0]!;
      expect(mail.parsed.subject).toMatch(/^Xin ý kiến: Xin ý kiến dự thảo Đề án chuyển đổi số/);
      expect(mail.parsed.text).toContain('1. Đồng ý với phạm vi và đối tượng của Đề án?');
      links.set(m.email, opinionLinkIn(mail));
    }
    expect(new Set(links.values()).size).toBe(4);
    const again = await scene.secretary.client.post<ErrorReply>(`/api/opinions/${request.id}/send`);
    expect(again.status).toBe(409);
    const inbox = await eventually(async () => {
      const res = await scene.members[0]!.client.get<{ items: InAppNotification[] }>('/api/notifications');
      const notice = res.body.items.find((n) => n.kind === 'opinion.request');
      expect(notice).toBeDefined();
      return notice!;
    });
    expect(inbox.link).toBe(`/opinions/${request.id}`);
    const mine = await scene.members[0]!.client.get<{ items: MyOpinionRequest[] }>('/api/opinions/mine');
    expect(mine.body.items.map((i) => [i.request.id, i.open, i.recipient.state])).toEqual([
      [request.id, true, 'pending'],
    ]);
  });

  it('shows the form behind a link without sign-in, in the browser’s language', async () => {
    const link = links.get(scene.members[0]!.email)!;
    const vi = await fetch(link);
    expect(vi.status).toBe(200);
    expectLinkPageHeaders(vi);
    expect(vi.headers.get('content-language')).toBe('vi');
    const html = await vi.text();
    expect(html).toContain('Phiếu lấy ý kiến thành viên');
    expect(html).toContain('Kính gửi: Giám đốc Sở Đỗ Việt Hùng');
    expect(html).toContain('Đồng ý với lộ trình thực hiện và kinh phí dự kiến?');
    expect(html).toContain('Không đồng ý');
    const en = await fetch(link, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(await en.text()).toContain('Send my opinion');
    const draft = await fetch(`${link}/draft.pdf`);
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await draft.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('records answers through the links; bad answers are refused with a reason and change nothing', async () => {
    const { questions } = request;
    const [q1, q2] = [questions[0]!.id, questions[1]!.id];
    const [hung, lan, thang] = scene.members;
    const hungLink = links.get(hung!.email)!;

    const bad = await postForm(server, hungLink, { [`choice-${q1}`]: 'maybe', [`choice-${q2}`]: 'agree' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Câu 1: hãy chọn Đồng ý, Không đồng ý hoặc Ý kiến khác.');
    const long = await postForm(server, hungLink, {
      [`choice-${q1}`]: 'agree',
      [`choice-${q2}`]: 'agree',
      [`comment-${q2}`]: 'ý'.repeat(2001),
    });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('Câu 2: ý kiến quá dài');
    const control = await postForm(server, hungLink, {
      [`choice-${q1}`]: 'agree',
      [`choice-${q2}`]: 'agree',
      [`comment-${q1}`]: 'Đồng ý\u0007',
    });
    expect(control.status).toBe(400);
    const forged = await postForm(server, hungLink.replace(/.{4}$/, 'AAAA'), { [`choice-${q1}`]: 'agree' });
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('Đường dẫn lấy ý kiến không đúng hoặc không còn hiệu lực.');
    const crossSite = await fetch(hungLink, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: `choice-${q1}=agree&choice-${q2}=agree`,
    });
    expect(crossSite.status).toBe(403);
    expect((await detail()).request.answered).toBe(0);

    const ok = await postForm(server, hungLink, {
      [`choice-${q1}`]: 'agree',
      [`choice-${q2}`]: 'disagree',
      [`comment-${q2}`]: 'Kinh phí dự kiến chưa tách rõ nguồn ngân sách Thành phố và nguồn xã hội hóa.',
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Đã ghi nhận ý kiến của ông/bà. Cảm ơn!');
    expect(
      (
        await postForm(server, links.get(lan!.email)!, {
          [`choice-${q1}`]: 'agree',
          [`choice-${q2}`]: 'other',
          [`comment-${q2}`]: 'Đề nghị bổ sung chỉ tiêu đo lường.',
        })
      ).status,
    ).toBe(200);
    // The third member answers in the app; the API refuses what the form would.
    const api = thang!.client;
    const unknown = await api.post<ErrorReply>(`/api/opinions/${request.id}/answer`, {
      answers: [{ questionId: '00000000-0000-4000-8000-000000000000', choice: 'agree' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues?.[0]?.message).toBe('Câu hỏi này không có trong phiếu lấy ý kiến.');
    const outside = await api.post<ErrorReply>(`/api/opinions/${request.id}/answer`, {
      answers: [{ questionId: q1, choice: 'abstain' }],
    });
    expect(outside.status).toBe(400);
    const partial = await api.post<ErrorReply>(`/api/opinions/${request.id}/answer`, {
      answers: [{ questionId: q1, choice: 'agree' }],
    });
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toBe('Xin cho ý kiến về tất cả các câu hỏi (còn thiếu câu 2).');
    const answered = await api.post<MyOpinionRequest>(`/api/opinions/${request.id}/answer`, {
      answers: [
        { questionId: q1, choice: 'disagree', comment: 'Phạm vi nên gồm cả cấp xã.' },
        { questionId: q2, choice: 'disagree' },
      ],
    });
    expect(answered.status).toBe(200);
    expect(answered.body.recipient.state).toBe('answered');
    // Someone who was not asked cannot answer, even signed in.
    const notAsked = await scene.secretary.client.post<ErrorReply>(`/api/opinions/${request.id}/answer`, {
      answers: [
        { questionId: q1, choice: 'agree' },
        { questionId: q2, choice: 'agree' },
      ],
    });
    expect(notAsked.status).toBe(404);

    const d = await detail();
    expect(d.request.answered).toBe(3);
    const hungRow = d.recipients.find((r) => r.name === 'Đỗ Việt Hùng')!;
    expect(hungRow.answeredVia).toBe('link');
    expect(hungRow.answers.find((a) => a.questionId === q2)?.comment).toMatch(/^Kinh phí dự kiến/);
    // Four members asked, rule "more than half of all members": 3 of 4 is needed.
    expect(
      d.results.map((r) => [r.agree, r.disagree, r.other, r.notAnswered, r.required, r.verdict]),
    ).toEqual([
      [2, 1, 0, 1, 3, 'rejected'],
      [0, 2, 1, 1, 3, 'rejected'],
    ]);
  });

  it('lets the secretariat respond to a comment, and the member sees the response', async () => {
    const d = await detail();
    const hung = d.recipients.find((r) => r.name === 'Đỗ Việt Hùng')!;
    const ha = d.recipients.find((r) => r.name === 'Ngô Thanh Hà')!;
    const q2 = request.questions[1]!.id;
    const text = 'Tiếp thu: Tờ trình đã tách kinh phí theo hai nguồn tại Phụ lục II.';
    const res = await scene.secretary.client.request<{ recipient: { responses: { text: string }[] } }>(
      'PUT',
      `/api/opinions/${request.id}/responses`,
      { recipientId: hung.id, questionId: q2, response: text },
    );
    expect(res.status).toBe(200);
    expect(res.body.recipient.responses[0]?.text).toBe(text);
    const nothing = await scene.secretary.client.request<ErrorReply>(
      'PUT',
      `/api/opinions/${request.id}/responses`,
      {
        recipientId: ha.id,
        questionId: q2,
        response: 'Không có gì',
      },
    );
    expect(nothing.status).toBe(409);
    const byMember = await scene.members[0]!.client.request<ErrorReply>(
      'PUT',
      `/api/opinions/${request.id}/responses`,
      {
        recipientId: hung.id,
        questionId: q2,
        response: 'Tự trả lời',
      },
    );
    expect(byMember.status).toBe(403);
    const page = await (await fetch(links.get(scene.members[0]!.email)!)).text();
    expect(page).toContain(text);
  });

  it('exports the summary as CSV (UTF-8 with BOM) and as a PDF with Vietnamese text', async () => {
    const csv = await scene.secretary.client.get<string>(`/api/opinions/${request.id}/summary.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const raw = await fetch(`${server.url}/api/opinions/${request.id}/summary.csv`, {
      headers: { cookie: scene.secretary.client.cookie! },
    });
    expect([...new Uint8Array(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '"Thành viên","Chức vụ","Câu hỏi","Ý kiến","Nội dung ý kiến","Tiếp thu, giải trình","Thời điểm gửi"',
    );
    expect(lines).toHaveLength(1 + 4 * 2);
    expect(lines.find((l) => l.startsWith('"Đỗ Việt Hùng"') && l.includes('"2. '))).toContain(
      '"Không đồng ý","Kinh phí dự kiến chưa tách rõ nguồn ngân sách Thành phố và nguồn xã hội hóa.","Tiếp thu: Tờ trình đã tách kinh phí theo hai nguồn tại Phụ lục II."',
    );
    expect(lines.filter((l) => l.includes('"Chưa gửi ý kiến"'))).toHaveLength(2);

    const pdf = await fetch(`${server.url}/api/opinions/${request.id}/summary.pdf`, {
      headers: { cookie: scene.secretary.client.cookie! },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'opinions-pdf-'));
    try {
      const file = path.join(dir, 'summary.pdf');
      await writeFile(file, Buffer.from(await pdf.arrayBuffer()));
      const { stdout } = await run('pdftotext', ['-layout', file, '-']);
      const text = stdout.replace(/\s+/g, ' ');
      expect(text).toContain('BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN');
      expect(text).toContain('Đỗ Việt Hùng (Giám đốc Sở): Không đồng ý');
      expect(text).toContain(
        'Tiếp thu, giải trình: Tiếp thu: Tờ trình đã tách kinh phí theo hai nguồn tại Phụ lục II.',
      );
      expect(text).toContain('Ngô Thanh Hà (Giám đốc Sở): chưa gửi ý kiến');
      expect(text).toContain('Kết quả: CHƯA THÔNG QUA (cần 3/4 ý kiến đồng ý).');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const member = await scene.members[0]!.client.get<ErrorReply>(`/api/opinions/${request.id}/summary.csv`);
    expect(member.status).toBe(403);
  });

  it('refuses answers after the deadline, lists who is overdue and tells the author', async () => {
    clock.advance(49 * HOUR);
    // Two days idle end the sessions: everyone signs in again.
    await scene.secretary.client.login(scene.secretary.username, scene.secretary.password);
    for (const m of scene.members) await m.client.login(m.username, m.password);
    const jobs = server.running.app.services.invitations.jobs;
    jobs.wake();
    await jobs.drain();
    const q = request.questions.map((x) => x.id);
    const late = await postForm(server, links.get(scene.members[3]!.email)!, {
      [`choice-${q[0]}`]: 'agree',
      [`choice-${q[1]}`]: 'agree',
    });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('Đã hết hạn gửi ý kiến; ý kiến không được ghi nhận.');
    const lateApp = await scene.members[3]!.client.post<ErrorReply>(`/api/opinions/${request.id}/answer`, {
      answers: q.map((questionId) => ({ questionId, choice: 'agree' })),
    });
    expect(lateApp.status).toBe(409);
    const d = await detail();
    expect(d.closed).toBe(true);
    expect(d.recipients.filter((r) => r.state === 'overdue').map((r) => r.name)).toEqual(['Ngô Thanh Hà']);
    expect(d.request.answered).toBe(3);
    const notices = await scene.secretary.client.get<{ items: InAppNotification[] }>('/api/notifications');
    const overdue = notices.body.items.filter((n) => n.kind === 'opinion.overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.body).toContain('Ngô Thanh Hà');
    // The closed page still shows what was answered.
    const page = await (await fetch(links.get(scene.members[1]!.email)!)).text();
    expect(page).toContain('Đã hết hạn gửi ý kiến');
    expect(page).toContain('Đề nghị bổ sung chỉ tiêu đo lường.');
  });
});
