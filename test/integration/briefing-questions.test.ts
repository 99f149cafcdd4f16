import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuditEntry,
  BriefingFloor,
  BriefingRollup,
  QuestionQueue,
  Result,
  SiteQuestion,
  SiteView,
  ViewerInfo,
  ViewerLinkCreated,
} from '@icabinet/shared';
import { createCast, type TestUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiMeeting, apiStatus } from '../utils/meetings.js';
import { startServer, tempDir, type TestServer } from '../utils/server.js';
import { importSampleSites, OPERATOR_PASSWORD } from '../utils/sites.js';
import { connectClient, nextEvent, type ClientSocket } from '../utils/socket.js';

/**
 * Questions from sites (issue 17 item 5) against the real server and real socket.io clients: a
 * site's operator raises a hand or writes a question, the chair's moderator queue gets it live,
 * gives the floor (every site's screen and the roll-up hear it), answers in writing (the asking
 * site's screen hears it), dismisses; the operator withdraws. Stored, so a restart keeps it.
 */
let server: TestServer;
let dataDir: string;
let admin: ApiClient;
let cast: Record<'secretary' | 'chair' | 'member', TestUser>;
let sites: Map<string, SiteView>;
let meetingId: string;
const open: ClientSocket[] = [];

const siteId = (code: string) => {
  const s = sites.get(code);
  if (!s) throw new Error(`no site ${code}`);
  return s.id;
};
const socketAs = async (cookie: string | undefined, lang: 'vi' | 'en' = 'vi') => {
  const s = await connectClient(server.url, cookie, { lang });
  open.push(s);
  return s;
};
const operator = async (username: string, lang: 'vi' | 'en' = 'vi') => {
  const c = new ApiClient(server.url);
  expect(await c.login(username, OPERATOR_PASSWORD)).toBe(200);
  return socketAs(c.cookie, lang);
};
const chair = () => socketAs(cast.chair.client.cookie);

async function ask<T = SiteQuestion>(s: ClientSocket, payload: unknown): Promise<Result<T>> {
  return (await s.timeout(5000).emitWithAck('question:ask', payload as never)) as Result<T>;
}
async function moderate(s: ClientSocket, payload: unknown): Promise<Result<SiteQuestion | null>> {
  return (await s
    .timeout(5000)
    .emitWithAck('question:moderate', payload as never)) as Result<SiteQuestion | null>;
}
async function watch(s: ClientSocket): Promise<QuestionQueue> {
  const r = (await s.timeout(5000).emitWithAck('question:watch', { meetingId })) as Result<QuestionQueue>;
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}
/** An operator's screen as the web app opens it: keeps the site connected, follows its questions. */
async function siteScreen(username: string, code: string) {
  const s = await operator(username);
  const connected = (await s
    .timeout(5000)
    .emitWithAck('site:connect', { meetingId, siteId: siteId(code) })) as Result<unknown>;
  expect(connected.ok).toBe(true);
  const mine = (await s
    .timeout(5000)
    .emitWithAck('question:follow', { meetingId, siteId: siteId(code) })) as Result<{
    questions: SiteQuestion[];
    floor: BriefingFloor | null;
  }>;
  if (!mine.ok) throw new Error(mine.error.message);
  return { socket: s, ...mine.data };
}
const auditOf = async (action: string) =>
  (await admin.get<{ items: AuditEntry[] }>(`/api/audit?action=${action}`)).body.items.filter(
    (e) => e.targetId === meetingId,
  );

beforeAll(async () => {
  dataDir = await tempDir();
  server = await startServer({ dataDir });
  admin = new ApiClient(server.url);
  await admin.login('admin', server.adminPassword);
  cast = await createCast(server.url, admin, ['secretary', 'chair', 'member']);
  sites = await importSampleSites(admin);
  const meeting = await apiMeeting(cast.secretary.client, {
    title: 'Hội nghị giao ban trực tuyến quý IV',
    kind: 'online',
    chairId: cast.chair.id,
  });
  meetingId = meeting.id;
  await apiStatus(cast.secretary.client, meeting, 'published');
  const res = await cast.secretary.client.request('PUT', `/api/meetings/${meetingId}/sites`, {
    siteIds: [siteId('BD')],
    includeDescendants: true,
  });
  expect(res.status).toBe(200);
});
afterEach(() => {
  while (open.length) open.pop()?.close();
});
afterAll(async () => {
  await server?.stop();
});

describe('questions from sites', () => {
  it('puts a written question and a raised hand in the chair’s queue live, in arrival order, with site and district', async () => {
    const moderator = await chair();
    expect((await watch(moderator)).questions).toEqual([]);
    const phucXa = await siteScreen('dc.phucxa', 'BD-PX');
    const trucBach = await siteScreen('dc.trucbach', 'BD-TB');

    const heard = nextEvent(moderator, 'question:changed');
    const written = await ask(phucXa.socket, {
      meetingId,
      siteId: siteId('BD-PX'),
      kind: 'written',
      text: '  Đề nghị thành phố cho biết lộ trình hỗ trợ\nnhà ở xã hội năm 2027?  ',
    });
    expect(written.ok && written.data).toMatchObject({
      number: 1,
      kind: 'written',
      status: 'waiting',
      siteName: 'Phường Phúc Xá',
      districtName: 'Quận Ba Đình',
      text: 'Đề nghị thành phố cho biết lộ trình hỗ trợ\nnhà ở xã hội năm 2027?',
    });
    const [live] = await heard;
    expect(live).toMatchObject({ number: 1, siteName: 'Phường Phúc Xá', districtName: 'Quận Ba Đình' });

    const hand = await ask(trucBach.socket, { meetingId, siteId: siteId('BD-TB'), kind: 'hand' });
    expect(hand.ok && hand.data).toMatchObject({ number: 2, kind: 'hand', text: null });
    // Raising the hand again is the same hand.
    const again = await ask(trucBach.socket, { meetingId, siteId: siteId('BD-TB'), kind: 'hand' });
    expect(again.ok && hand.ok && again.data.id).toBe(hand.ok && hand.data.id);

    const queue = await watch(moderator);
    expect(queue.questions.map((q) => [q.number, q.siteName, q.kind])).toEqual([
      [1, 'Phường Phúc Xá', 'written'],
      [2, 'Phường Trúc Bạch', 'hand'],
    ]);
    expect(await auditOf('briefing.question_asked')).toHaveLength(2);
  });

  it('gives the floor to a site: every site screen and the roll-up hear it, with the site’s conference link', async () => {
    const moderator = await chair();
    const queue = await watch(moderator);
    const hand = queue.questions.find((q) => q.kind === 'hand');
    if (!hand) throw new Error('no hand');
    const phucXa = await siteScreen('dc.phucxa', 'BD-PX');
    const rollupWatcher = await chair();
    await rollupWatcher.timeout(5000).emitWithAck('briefing:watch', { meetingId });

    // A viewer screen of another site (no account) follows who speaks, never the conference link.
    const made = await cast.secretary.client.post<ViewerLinkCreated>(
      `/api/meetings/${meetingId}/viewer-links`,
      { siteId: siteId('BD-PX') },
    );
    const viewer = await connectClient(server.url, undefined, { viewerToken: made.body.token });
    open.push(viewer);
    const onViewer = nextEvent(viewer, 'briefing:floor');

    const onOtherSite = nextEvent(phucXa.socket, 'briefing:floor');
    const onRollup = nextEvent(rollupWatcher, 'briefing:rollup');
    const given = await moderate(moderator, { meetingId, action: 'floor', questionId: hand.id });
    expect(given.ok && given.data).toMatchObject({
      status: 'floor',
      conferenceUrl: 'https://hoinghi.example.gov.vn/phong/bd-tb',
    });
    const [floor] = await onOtherSite;
    expect(floor.floor).toMatchObject({ siteName: 'Phường Trúc Bạch', districtName: 'Quận Ba Đình' });
    const [rollup] = await onRollup;
    expect(rollup.floor?.siteId).toBe(siteId('BD-TB'));
    const [seen] = await onViewer;
    expect(seen.floor).toMatchObject({ siteName: 'Phường Trúc Bạch', conferenceUrl: null });
    const info = await new ApiClient(server.url).get<ViewerInfo>(`/api/view/${made.body.token}`);
    expect(info.body.floor).toMatchObject({ siteName: 'Phường Trúc Bạch', conferenceUrl: null });

    // A fresh read of the roll-up (the display after a reload) and the site's own screen know it too.
    const read = await admin.get<BriefingRollup>(`/api/meetings/${meetingId}/sites`);
    expect(read.body.floor?.siteName).toBe('Phường Trúc Bạch');
    const trucBach = await siteScreen('dc.trucbach', 'BD-TB');
    expect(trucBach.floor?.questionId).toBe(hand.id);
    expect(await auditOf('briefing.floor_given')).toHaveLength(1);
  });

  it('answers in writing on the asking site’s screen, and moves the floor on to the next site', async () => {
    const moderator = await chair();
    const queue = await watch(moderator);
    const written = queue.questions.find((q) => q.kind === 'written');
    if (!written) throw new Error('no question');
    const phucXa = await siteScreen('dc.phucxa', 'BD-PX');

    const onSite = nextEvent(phucXa.socket, 'question:changed');
    const answer = 'Thành phố sẽ công bố lộ trình trong quý I năm 2027.';
    const answered = await moderate(moderator, {
      meetingId,
      action: 'answer',
      questionId: written.id,
      text: answer,
    });
    expect(answered.ok && answered.data).toMatchObject({ status: 'answered', answer });
    const [seen] = await onSite;
    expect(seen).toMatchObject({ id: written.id, status: 'answered', answer });
    // The answered question is out of the queue: no second answer, no floor.
    const twice = await moderate(moderator, { meetingId, action: 'floor', questionId: written.id });
    expect(!twice.ok && twice.error).toMatchObject({ code: 'invalid_state' });
    expect(!twice.ok && twice.error.message).toContain('đã được xử lý');

    // A new hand from Phúc Xá takes the floor: Trúc Bạch's ends (spoken).
    const hand = await ask(phucXa.socket, { meetingId, siteId: siteId('BD-PX'), kind: 'hand' });
    if (!hand.ok) throw new Error(hand.error.message);
    const floorHeard = nextEvent(phucXa.socket, 'briefing:floor');
    await moderate(moderator, { meetingId, action: 'floor', questionId: hand.data.id });
    expect((await floorHeard)[0].floor?.siteName).toBe('Phường Phúc Xá');
    const after = await watch(moderator);
    expect(after.questions.filter((q) => q.status === 'floor').map((q) => q.siteName)).toEqual([
      'Phường Phúc Xá',
    ]);
    expect(after.questions.find((q) => q.siteName === 'Phường Trúc Bạch')?.status).toBe('spoken');

    // Ending the floor: nobody speaks.
    const ended = nextEvent(phucXa.socket, 'briefing:floor');
    const end = await moderate(moderator, { meetingId, action: 'endFloor' });
    expect(end.ok && end.data?.status).toBe('spoken');
    expect((await ended)[0].floor).toBeNull();
  });

  it('lets the operator withdraw, and the chair dismiss', async () => {
    const moderator = await chair();
    await watch(moderator);
    const vinhPhuc = await siteScreen('dc.vinhphuc', 'BD-VP');
    const q = await ask(vinhPhuc.socket, {
      meetingId,
      siteId: siteId('BD-VP'),
      kind: 'written',
      text: 'Xin hỏi về kế hoạch chỉnh trang vỉa hè?',
    });
    if (!q.ok) throw new Error(q.error.message);
    const heard = nextEvent(moderator, 'question:changed');
    const back = (await vinhPhuc.socket
      .timeout(5000)
      .emitWithAck('question:withdraw', { meetingId, questionId: q.data.id })) as Result<SiteQuestion>;
    expect(back.ok && back.data.status).toBe('withdrawn');
    expect((await heard)[0]).toMatchObject({ id: q.data.id, status: 'withdrawn' });
    const late = await moderate(moderator, {
      meetingId,
      action: 'answer',
      questionId: q.data.id,
      text: 'Trả lời',
    });
    expect(!late.ok && late.error.code).toBe('invalid_state');

    const hand = await ask(vinhPhuc.socket, { meetingId, siteId: siteId('BD-VP'), kind: 'hand' });
    if (!hand.ok) throw new Error(hand.error.message);
    const dismissed = await moderate(moderator, { meetingId, action: 'dismiss', questionId: hand.data.id });
    expect(dismissed.ok && dismissed.data?.status).toBe('dismissed');
    expect(await auditOf('briefing.question_withdrawn')).toHaveLength(1);
    expect(await auditOf('briefing.question_dismissed')).toHaveLength(1);
  });
});

describe('bad input is refused with a clear message and changes nothing', () => {
  it('refuses an operator acting for another site, and withdrawing another site’s question', async () => {
    const before = (await watch(await chair())).questions.length;
    const congVi = await operator('dc.congvi');
    const other = await ask(congVi, { meetingId, siteId: siteId('BD-PX'), kind: 'hand' });
    expect(!other.ok && other.error).toMatchObject({ code: 'forbidden' });
    expect(!other.ok && other.error.message).toContain('không phải là cán bộ điều hành');
    const someone = (await watch(await chair())).questions[0];
    const back = (await congVi.timeout(5000).emitWithAck('question:withdraw', {
      meetingId,
      questionId: someone?.id ?? '',
    })) as Result<SiteQuestion>;
    expect(!back.ok && back.error.code).toBe('forbidden');
    const follow = (await congVi
      .timeout(5000)
      .emitWithAck('question:follow', { meetingId, siteId: siteId('BD-PX') })) as Result<unknown>;
    expect(!follow.ok && follow.error.code).toBe('forbidden');
    expect((await watch(await chair())).questions).toHaveLength(before);
  });

  it('refuses a viewer screen (viewer link of the site) that tries to ask', async () => {
    const made = await cast.secretary.client.post<ViewerLinkCreated>(
      `/api/meetings/${meetingId}/viewer-links`,
      {
        siteId: siteId('BD-PX'),
      },
    );
    expect(made.status).toBe(201);
    const viewer = await connectClient(server.url, undefined, { viewerToken: made.body.token });
    open.push(viewer);
    const r = await ask(viewer, { meetingId, siteId: siteId('BD-PX'), kind: 'hand' });
    expect(!r.ok && r.error.code).toBe('forbidden');
    expect(!r.ok && r.error.message).toMatch(/chỉ xem|chỉ được xem|chỉ theo dõi/i);
    const w = (await viewer.timeout(5000).emitWithAck('question:watch', { meetingId })) as Result<unknown>;
    expect(w.ok).toBe(false);
  });

  it('refuses empty and too long text, in Vietnamese and in English', async () => {
    const before = (await watch(await chair())).questions.length;
    const phucXa = await operator('dc.phucxa');
    const empty = await ask(phucXa, { meetingId, siteId: siteId('BD-PX'), kind: 'written', text: '   ' });
    expect(!empty.ok && empty.error.code).toBe('invalid_input');
    const long = await ask(phucXa, {
      meetingId,
      siteId: siteId('BD-PX'),
      kind: 'written',
      text: 'Câu hỏi rất dài '.repeat(80),
    });
    expect(!long.ok && long.error.code).toBe('invalid_input');
    expect(!long.ok && long.error.issues?.map((i) => [i.path, i.message])).toEqual([
      ['text', expect.stringContaining('1000')],
    ]);
    const control = await ask(phucXa, {
      meetingId,
      siteId: siteId('BD-PX'),
      kind: 'written',
      text: 'Câu hỏi\u202eexe.jpg',
    });
    expect(!control.ok && control.error.code).toBe('invalid_input');
    const inEnglish = await ask(await operator('dc.phucxa', 'en'), {
      meetingId,
      siteId: siteId('BD-PX'),
      kind: 'written',
    });
    expect(!inEnglish.ok && inEnglish.error.message).toBe('The data sent is not valid.');
    expect(!inEnglish.ok && inEnglish.error.issues?.[0]?.path).toBe('text');
    expect((await watch(await chair())).questions).toHaveLength(before);
  });

  it('refuses a sixth waiting question from one site, saying how many may wait', async () => {
    const congVi = await operator('dc.congvi');
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await ask(congVi, {
        meetingId,
        siteId: siteId('BD-CV'),
        kind: 'written',
        text: `Câu hỏi ${i}`,
      });
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.data.id);
    }
    const sixth = await ask(congVi, {
      meetingId,
      siteId: siteId('BD-CV'),
      kind: 'written',
      text: 'Câu hỏi 6',
    });
    expect(!sixth.ok && sixth.error).toMatchObject({ code: 'invalid_state' });
    expect(!sixth.ok && sixth.error.message).toContain('đang có 5 câu hỏi chờ');
    // Withdrawing one makes room again.
    await congVi.timeout(5000).emitWithAck('question:withdraw', { meetingId, questionId: ids[0] ?? '' });
    expect(
      (await ask(congVi, { meetingId, siteId: siteId('BD-CV'), kind: 'written', text: 'Câu hỏi 6' })).ok,
    ).toBe(true);
  });

  it('refuses the chair answering an unknown question, and a delegate moderating', async () => {
    const moderator = await chair();
    const unknown = await moderate(moderator, {
      meetingId,
      action: 'answer',
      questionId: '9a9a9a9a-0000-4000-8000-000000000000',
      text: 'Trả lời',
    });
    expect(!unknown.ok && unknown.error).toMatchObject({ code: 'not_found' });
    expect(!unknown.ok && unknown.error.message).toContain('Không tìm thấy câu hỏi');
    const empty = await moderate(moderator, {
      meetingId,
      action: 'answer',
      questionId: '9a9a9a9a-0000-4000-8000-000000000000',
      text: '',
    });
    expect(!empty.ok && empty.error.code).toBe('invalid_input');
    const member = await socketAs(cast.member.client.cookie);
    const queue = (await member
      .timeout(5000)
      .emitWithAck('question:watch', { meetingId })) as Result<unknown>;
    expect(!queue.ok && queue.error.code).toBe('forbidden');
    const m = await moderate(member, { meetingId, action: 'endFloor' });
    expect(!m.ok && m.error.code).toBe('forbidden');
  });

  it('keeps the queue and the floor across a restart; the end of the meeting ends the floor and the questions', async () => {
    const trucBach = await operator('dc.trucbach');
    const hand = await ask(trucBach, { meetingId, siteId: siteId('BD-TB'), kind: 'hand' });
    if (!hand.ok) throw new Error(hand.error.message);
    await moderate(await chair(), { meetingId, action: 'floor', questionId: hand.data.id });
    const kept = (await watch(await chair())).questions.map((q) => [q.number, q.status]);
    while (open.length) open.pop()?.close();
    await server.stop();
    server = await startServer({ dataDir });
    const after = await watch(await chair());
    expect(after.questions.map((q) => [q.number, q.status])).toEqual(kept);
    expect(after.floor?.siteName).toBe('Phường Trúc Bạch');
    const screen = await siteScreen('dc.trucbach', 'BD-TB');
    const ended = nextEvent(screen.socket, 'briefing:floor');

    const meeting = { id: meetingId };
    const secretary = new ApiClient(server.url);
    secretary.cookie = cast.secretary.client.cookie;
    await apiStatus(secretary, meeting, 'in_progress');
    await apiStatus(secretary, meeting, 'ended');
    expect((await ended)[0].floor).toBeNull();
    const stopped = await watch(await chair());
    expect(stopped.floor).toBeNull();
    expect(stopped.questions.find((q) => q.id === hand.data.id)?.status).toBe('spoken');
    const phucXa = await operator('dc.phucxa');
    const late = await ask(phucXa, { meetingId, siteId: siteId('BD-PX'), kind: 'hand' });
    expect(!late.ok && late.error).toMatchObject({ code: 'invalid_state' });
    expect(!late.ok && late.error.message).toContain('đã kết thúc');
    expect((await watch(await chair())).questions).toHaveLength(kept.length);
  });
});
