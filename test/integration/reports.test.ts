import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TIME_ZONE_OFFSET_MS,
  type AuditEntry,
  type Conclusion,
  type Invitation,
  type MeetingReport,
  type ParticipantView,
  type PeriodReport,
  type Result,
  type UnitCostsView,
} from '@icabinet/shared';
import { createUser, passwordFor } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { apiItem, apiParticipant, apiStatus, apiUpload, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand, sendDeputy } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';
import { castBallot, prepareVote, voteControl } from '../utils/votes.js';
import { act, apiUnit, cityDay, postTask } from '../utils/tasks.js';
import { eventually } from '../utils/eventually.js';

const run = promisify(execFile);

function accepted(res: Result<unknown>): void {
  if (!res.ok) throw new Error(`refused: ${JSON.stringify(res.error)}`);
}

/** Parses the report CSV (quoted fields, CRLF, BOM) back into rows. */
function parseCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return text
    .slice(1)
    .split('\r\n')
    .filter((l, i, all) => i < all.length - 1 || l !== '')
    .map((line) =>
      line === '' ? [] : [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"')),
    );
}

/** The rows of one section of the CSV: after its title line and its header, up to the empty line. */
function section(rows: string[][], title: string): string[][] {
  const start = rows.findIndex((r) => r.length === 1 && r[0] === title);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = rows.findIndex((r, i) => i > start && r.length === 0);
  return rows.slice(start + 1, end);
}

describe('reports: a meeting held in the room, and the figures of its period', () => {
  const clock = new FakeClock();
  let server: TestServer;
  let admin: ApiClient;
  let secretary: { id: string; client: ApiClient };
  let chair: { id: string; client: ApiClient };
  let delegateA: { id: string; client: ApiClient };
  let delegateB: { id: string; client: ApiClient };
  let delegateC: { id: string; client: ApiClient };
  let outsider: { id: string; client: ApiClient };
  let meetingId: string;
  let day: string;
  let financeId: string;
  let itemIds: [string, string];
  const sockets: ClientSocket[] = [];
  const MINUTE = 60_000;

  /** A binary download with the client's session. */
  const download = async (client: ApiClient, url: string) => {
    const res = await fetch(server.url + url, {
      headers: { cookie: client.cookie ?? '', 'accept-language': 'vi' },
    });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    server = await startServer({
      clock,
      env: { SESSION_IDLE_MINUTES: '600', SOCKET_EVENTS_PER_SECOND: '500', SOCKET_EVENT_BURST: '500' },
    });
    admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const unit = await admin.post<{ unit: { id: string } }>('/api/units', {
      code: 'STC',
      name: 'Sở Tài chính',
    });
    expect(unit.status).toBe(201);
    financeId = unit.body.unit.id;
    const make = async (
      username: string,
      fullName: string,
      systemRole: 'secretary' | 'member' = 'member',
    ) => {
      const u = await createUser(server.url, admin, { username, fullName, systemRole });
      return { id: u.id, client: u.client };
    };
    secretary = await make('bc.thuky', 'Nguyễn Thu Hà', 'secretary');
    chair = await make('bc.chutri', 'Trần Sỹ Thanh');
    // One delegate with a unit: the report names it.
    const withUnit = await admin.post<{ user: { id: string } }>('/api/users', {
      username: 'bc.daibieu.a',
      fullName: 'Lê Hồng Sơn',
      title: 'Giám đốc Sở Tài chính',
      unitId: unit.body.unit.id,
      password: passwordFor('bc.daibieu.a'),
    });
    expect(withUnit.status).toBe(201);
    const clientA = new ApiClient(server.url);
    expect(await clientA.login('bc.daibieu.a', passwordFor('bc.daibieu.a'))).toBe(200);
    delegateA = { id: withUnit.body.user.id, client: clientA };
    delegateB = await make('bc.daibieu.b', 'Hà Minh Hải');
    delegateC = await make('bc.daibieu.c', 'Phạm Quang Vinh');
    outsider = await make('bc.ngoai', 'Đỗ Văn Ngoại');

    const created = await secretary.client.post<{ meeting: { id: string; startsAt: string } }>(
      '/api/meetings',
      {
        title: 'Phiên họp UBND Thành phố thường kỳ tháng 12',
        location: 'Phòng họp số 1, 79 Đinh Tiên Hoàng',
        ...slot(0, 3),
        chairId: chair.id,
      },
    );
    expect(created.status).toBe(201);
    meetingId = created.body.meeting.id;
    day = new Date(Date.parse(created.body.meeting.startsAt) + TIME_ZONE_OFFSET_MS)
      .toISOString()
      .slice(0, 10);
    await apiParticipant(secretary.client, meetingId, delegateA.id, 'delegate');
    await apiParticipant(secretary.client, meetingId, delegateB.id, 'delegate');
    await apiParticipant(secretary.client, meetingId, delegateC.id, 'delegate');
    const first = await apiItem(secretary.client, meetingId, {
      title: 'Báo cáo tình hình kinh tế - xã hội năm 2026',
      plannedMinutes: 20,
    });
    const second = await apiItem(secretary.client, meetingId, {
      title: 'Tờ trình Đề án 06',
      plannedMinutes: 10,
    });
    itemIds = [first.item.id, second.item.id];
    // 10 + 8 pages, one of them attached to the first item.
    await apiUpload(server.url, secretary.client, meetingId, 'bao-cao-chuyen-doi-so-2024.pdf', {
      agendaItemId: first.item.id,
    });
    await apiUpload(server.url, secretary.client, meetingId, 'to-trinh-de-an-06.pdf');
    await apiStatus(secretary.client, { id: meetingId }, 'published');

    // B declines with a reason; C sends a deputy, approved.
    const mine = await delegateB.client.get<{ items: Invitation[] }>('/api/invitations/mine');
    const inv = mine.body.items.find((i) => i.meetingId === meetingId)!;
    expect(
      (
        await delegateB.client.post(`/api/invitations/${inv.id}/reply`, {
          answer: 'decline',
          reason: 'Đi công tác tại Đà Nẵng',
        })
      ).status,
    ).toBe(200);
    await sendDeputy(delegateC.client, secretary.client, meetingId, 'Phan Văn Phó');
    const people = await secretary.client.get<{ items: ParticipantView[] }>(
      `/api/meetings/${meetingId}/participants`,
    );
    const deputy = people.body.items.find((p) => p.fullName === 'Phan Văn Phó')!;
    // Every invitation to an account has reached its inbox.
    await eventually(async () => {
      const list = await secretary.client.get<{ items: Invitation[] }>(
        `/api/meetings/${meetingId}/invitations`,
      );
      const inApp = list.body.items.filter((i) => i.deliveries.some((d) => d.channel === 'in_app'));
      expect(inApp.length).toBeGreaterThan(0);
      expect(
        inApp.every((i) => i.deliveries.find((d) => d.channel === 'in_app')?.status === 'delivered'),
      ).toBe(true);
    });

    // The session, on a clock the test moves: 25 minutes on the first item, a 200-second speech
    // (180 granted), 5 minutes on the second item with a vote.
    const c = await connectClient(server.url, chair.client.cookie);
    const a = await connectClient(server.url, delegateA.client.cookie);
    sockets.push(c, a);
    await joinRoom(c, meetingId);
    await joinRoom(a, meetingId);
    accepted(await roomCommand(c, meetingId, { type: 'room.start' }));
    accepted(await roomCommand(c, meetingId, { type: 'attendance.checkin' }));
    accepted(await roomCommand(a, meetingId, { type: 'attendance.checkin' }));
    accepted(await roomCommand(c, meetingId, { type: 'attendance.checkin', participantId: deputy.id }));
    accepted(await roomCommand(c, meetingId, { type: 'item.goto', itemId: first.item.id }));
    accepted(await roomCommand(a, meetingId, { type: 'speaker.request', agendaItemId: first.item.id }));
    const queued = (await joinRoom(c, meetingId)).state.queue[0]!;
    accepted(await roomCommand(c, meetingId, { type: 'speaker.grant', requestId: queued.id }));
    clock.advance(200_000);
    accepted(await roomCommand(c, meetingId, { type: 'speaker.finish' }));
    clock.advance(25 * MINUTE - 200_000);
    accepted(await roomCommand(c, meetingId, { type: 'item.goto', itemId: second.item.id }));
    const vote = await prepareVote(secretary.client, meetingId, {
      question: 'Thông qua Tờ trình Đề án 06',
      agendaItemId: second.item.id,
      // More than half of the ballots cast: the two present members carry it.
      rule: 'cast',
    });
    accepted(await voteControl(c, 'vote:open', meetingId, vote.id));
    accepted(await castBallot(c, meetingId, vote.id, ['for']));
    accepted(await castBallot(a, meetingId, vote.id, ['for']));
    accepted(await voteControl(c, 'vote:close', meetingId, vote.id));
    clock.advance(5 * MINUTE);
    accepted(await roomCommand(c, meetingId, { type: 'room.end' }));
  }, 120_000);

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('has no report before the meeting ends (409, in Vietnamese)', async () => {
    const other = await secretary.client.post<{ meeting: { id: string } }>('/api/meetings', {
      title: 'Họp giao ban tuần',
      ...slot(2),
    });
    const res = await secretary.client.get<ErrorReply>(`/api/meetings/${other.body.meeting.id}/report`);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('Cuộc họp chưa kết thúc');
  });

  it('reports attendance with reasons and deputies, planned against actual time, speaking time, documents and votes', async () => {
    const res = await secretary.client.get<MeetingReport>(`/api/meetings/${meetingId}/report`);
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.meeting.chair).toBe('Trần Sỹ Thanh');
    const row = (name: string) => r.attendance.rows.find((x) => x.name === name)!;
    expect(row('Lê Hồng Sơn')).toMatchObject({
      attendance: 'present',
      unitName: 'Sở Tài chính',
      title: 'Giám đốc Sở Tài chính',
    });
    expect(row('Lê Hồng Sơn').arrivedAt).not.toBeNull();
    expect(row('Hà Minh Hải')).toMatchObject({
      attendance: 'absent',
      reply: 'declined',
      reason: 'Đi công tác tại Đà Nẵng',
    });
    expect(row('Phạm Quang Vinh')).toMatchObject({ attendance: 'deputy', deputyName: 'Phan Văn Phó' });
    expect(row('Phan Văn Phó')).toMatchObject({ attendance: 'present', deputyFor: 'Phạm Quang Vinh' });
    // Principals: the secretary who created it (not checked in), chair, A, B, C (the deputy counts for C).
    expect(row('Nguyễn Thu Hà')).toMatchObject({ role: 'secretary', attendance: 'absent', reason: null });
    expect(r.attendance).toMatchObject({ invited: 5, present: 2, deputised: 1, absent: 2 });

    expect(r.agenda.rows.map((i) => [i.number, i.plannedMinutes, i.actualMinutes])).toEqual([
      ['1', 20, 25],
      ['2', 10, 5],
    ]);
    expect(r.agenda).toMatchObject({ plannedMinutes: 30, actualMinutes: 30, meetingMinutes: 30 });

    expect(r.speakers).toEqual([
      expect.objectContaining({
        name: 'Lê Hồng Sơn',
        speeches: 1,
        seconds: 200,
        plannedSeconds: 180,
        overruns: 1,
      }),
    ]);
    expect(r.documents.rows.map((d) => [d.name, d.pages, d.agendaItem])).toEqual([
      ['bao-cao-chuyen-doi-so-2024.pdf', 10, 'Báo cáo tình hình kinh tế - xã hội năm 2026'],
      ['to-trinh-de-an-06.pdf', 8, null],
    ]);
    expect(r.documents.pages).toBe(18);
    expect(r.votes).toEqual([
      expect.objectContaining({
        question: 'Thông qua Tờ trình Đề án 06',
        agendaItem: 'Tờ trình Đề án 06',
        verdict: 'passed',
        cast: 2,
        counts: [
          { label: 'Tán thành', count: 2 },
          { label: 'Không tán thành', count: 0 },
          { label: 'Không biểu quyết', count: 0 },
        ],
      }),
    ]);
  });

  it('counts the savings at the default unit costs: digital invitations × SMS cost, pages × copies × page cost', async () => {
    const r = (await secretary.client.get<MeetingReport>(`/api/meetings/${meetingId}/report`)).body;
    const participants = r.attendance.rows.length;
    // Every account got its invitation in the app; the deputy (no account, no e-mail) got none.
    expect(r.invitations).toEqual({ total: participants, digital: participants - 1, gateway: 0 });
    expect(r.costs).toEqual({ smsInvitationVnd: 1000, printedPageVnd: 500, copiesPerDocument: null });
    expect(r.savings).toEqual({
      invitationsDigital: participants - 1,
      invitationSavedVnd: (participants - 1) * 1000,
      pages: 18,
      copies: participants,
      pagesNotPrinted: 18 * participants,
      printSavedVnd: 18 * participants * 500,
      totalVnd: (participants - 1) * 1000 + 18 * participants * 500,
    });
  });

  it('lets only an administrator set the unit costs; bad values are refused in Vietnamese and change nothing', async () => {
    const view = (await admin.get<UnitCostsView>('/api/settings/unit-costs')).body;
    expect(view).toMatchObject({ version: 0, updatedAt: null });
    const body = { smsInvitationVnd: 350_000, printedPageVnd: 800, copiesPerDocument: 30, version: 0 };
    expect((await secretary.client.put('/api/settings/unit-costs', body)).status).toBe(403);
    expect((await secretary.client.get('/api/settings/unit-costs')).status).toBe(403);
    const bad = await admin.put<ErrorReply>('/api/settings/unit-costs', { ...body, printedPageVnd: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0]).toMatchObject({ path: 'printedPageVnd' });
    expect(bad.body.error.issues?.[0]?.message).toContain('Đơn giá phải từ 0');
    const fraction = await admin.put<ErrorReply>('/api/settings/unit-costs', {
      ...body,
      copiesPerDocument: 2.5,
    });
    expect(fraction.status).toBe(400);
    expect(fraction.body.error.issues?.[0]?.message).toContain('Số bản in mỗi tài liệu');
    expect((await admin.get<UnitCostsView>('/api/settings/unit-costs')).body.version).toBe(0);

    const saved = await admin.put<UnitCostsView>('/api/settings/unit-costs', body);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      version: 1,
      costs: { smsInvitationVnd: 350_000, copiesPerDocument: 30 },
    });
    // A second administrator's stale form is refused.
    const stale = await admin.put<ErrorReply>('/api/settings/unit-costs', { ...body, printedPageVnd: 900 });
    expect(stale.status).toBe(409);

    const r = (await secretary.client.get<MeetingReport>(`/api/meetings/${meetingId}/report`)).body;
    expect(r.savings).toMatchObject({
      copies: 30,
      pagesNotPrinted: 18 * 30,
      printSavedVnd: 18 * 30 * 800,
      invitationSavedVnd: r.savings.invitationsDigital * 350_000,
    });
    // The home page's savings card counts with the same cost.
    const figures = await secretary.client.get<{ unitCostVnd: number }>('/api/reports/invitations');
    expect(figures.body.unitCostVnd).toBe(350_000);
    const log = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=settings.changed');
    expect(log.body.items[0]).toMatchObject({ targetId: 'unitCosts' });
    expect(log.body.items[0]!.data).toMatchObject({
      changes: { smsInvitationVnd: { from: 1000, to: 350_000 } },
    });
  });

  it('exports the meeting report as CSV (parsed back) and as a PDF whose text reads back, each audited', async () => {
    const csv = await download(secretary.client, `/api/meetings/${meetingId}/report.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(csv.bytes.toString('utf8'));
    const attendance = section(rows, 'Thành phần tham dự');
    expect(attendance[0]).toContain('Lý do vắng');
    expect(attendance.find((r) => r[0] === 'Hà Minh Hải')).toEqual(
      expect.arrayContaining(['Vắng', 'Đi công tác tại Đà Nẵng']),
    );
    expect(attendance.find((r) => r[0] === 'Phan Văn Phó')).toEqual(
      expect.arrayContaining(['Phạm Quang Vinh']),
    );
    const agenda = section(rows, 'Thời gian theo nội dung');
    expect(agenda.slice(1).map((r) => [r[0], r[3], r[6]])).toEqual([
      ['1', '20', '25'],
      ['2', '10', '5'],
    ]);
    expect(section(rows, 'Thời gian phát biểu')[1]).toEqual(['Lê Hồng Sơn', '1', '200', '180', '1']);
    expect(section(rows, 'Tài liệu phát hành').at(-1)).toEqual(['Tổng số trang tài liệu', '', '', '18']);

    const pdf = await download(secretary.client, `/api/meetings/${meetingId}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'report-pdf-'));
    try {
      await writeFile(path.join(dir, 'r.pdf'), pdf.bytes);
      const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-']);
      expect(stdout).toContain('BÁO CÁO CUỘC HỌP');
      expect(stdout).toContain('Phiên họp UBND Thành phố thường kỳ tháng 12');
      // The reason's column wraps it; each word reads back.
      expect(stdout).toMatch(/Đi công tác[\s\S]*tại Đà Nẵng/);
      expect(stdout).toMatch(/Phan Văn[\s\S]*Phó/);
      expect(stdout).toContain('Thông qua Tờ trình Đề án 06');
      expect(stdout).toMatch(/Tổng tiết kiệm \(đồng\)\s+[\d.]+/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const log = await admin.get<{ items: AuditEntry[] }>('/api/audit?action=export.meeting_report');
    expect(log.body.items.map((e) => e.data)).toEqual(
      expect.arrayContaining([{ format: 'csv' }, { format: 'pdf' }]),
    );
  });

  it('sums the period: meetings held, digital invitations, pages not printed, savings — in JSON, XLSX and PDF', async () => {
    const q = `from=${day}&to=${day}`;
    const res = await secretary.client.get<PeriodReport>(`/api/reports/period?${q}`);
    expect(res.status).toBe(200);
    const p = res.body;
    const m = (await secretary.client.get<MeetingReport>(`/api/meetings/${meetingId}/report`)).body;
    expect(p.meetings.held).toBe(1);
    expect(p.rows).toEqual([
      expect.objectContaining({ id: meetingId, pages: 18, documents: 2, savedVnd: m.savings.totalVnd }),
    ]);
    expect(p.savings).toEqual(m.savings);
    expect(p.pilot).toMatchObject({ invitations: 409, documents: 812 });
    expect(p.monthly.documents).toBe(60); // 2 documents in one day → 60 per 30 days

    const xlsx = await download(secretary.client, `/api/reports/period.xlsx?${q}`);
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Tổng hợp')!;
    const value = (sheet: ExcelJS.Worksheet, label: string) => {
      let found: ExcelJS.CellValue = null;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === label) found = row.getCell(2).value;
      });
      return found;
    };
    expect(value(summary, 'Số cuộc họp đã tổ chức')).toBe(1);
    const savings = book.getWorksheet('Tiết kiệm')!;
    expect(value(savings, 'Tổng tiết kiệm (đồng)')).toBe(m.savings.totalVnd);
    const meetings = book.getWorksheet('Các cuộc họp')!;
    expect(meetings.getRow(2).getCell(2).value).toBe('Phiên họp UBND Thành phố thường kỳ tháng 12');
    expect(meetings.getRow(2).getCell(6).value).toBe(18);

    const pdf = await download(secretary.client, `/api/reports/period.pdf?${q}`);
    expect(pdf.status).toBe(200);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'period-pdf-'));
    try {
      await writeFile(path.join(dir, 'p.pdf'), pdf.bytes);
      const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'p.pdf'), '-']);
      expect(stdout).toContain('BÁO CÁO TỔNG HỢP HOẠT ĐỘNG HỌP');
      expect(stdout).toContain('Phiên họp UBND Thành phố thường');
      expect(stdout).toMatch(/Tổng tiết kiệm \(đồng\)\s+[\d.]+/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('shows a meeting report only to its organisers and a period only to the secretariat; refuses a bad period', async () => {
    expect((await delegateA.client.get(`/api/meetings/${meetingId}/report`)).status).toBe(403);
    expect((await delegateA.client.get(`/api/meetings/${meetingId}/report.pdf`)).status).toBe(403);
    expect((await outsider.client.get(`/api/meetings/${meetingId}/report.csv`)).status).toBe(403);
    expect((await chair.client.get(`/api/meetings/${meetingId}/report`)).status).toBe(200);
    const member = await outsider.client.get<ErrorReply>(`/api/reports/period?from=${day}&to=${day}`);
    expect(member.status).toBe(403);
    expect(member.body.error.message).toContain('Văn phòng');
    const backwards = await secretary.client.get<ErrorReply>(
      '/api/reports/period?from=2026-12-31&to=2026-12-01',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.issues?.[0]?.message).toBe('Ngày "đến" không được trước ngày "từ".');
    const long = await secretary.client.get<ErrorReply>('/api/reports/period?from=2024-01-01&to=2026-01-01');
    expect(long.status).toBe(400);
    const wrongDay = await secretary.client.get<ErrorReply>(
      '/api/reports/period?from=2026-02-30&to=2026-03-01',
    );
    expect(wrongDay.status).toBe(400);
    expect(wrongDay.body.error.issues?.[0]?.message).toContain('năm-tháng-ngày');
  });

  it('lists the tasks made from each conclusion point with a summary (JSON, CSV, PDF); someone outside the office sees only their unit’s', async () => {
    const conclude = async (itemId: string, texts: string[]) => {
      const res = await secretary.client.put<{ conclusion: Conclusion }>(
        `/api/meetings/${meetingId}/conclusions/${itemId}`,
        { version: 0, points: texts.map((text) => ({ text })) },
      );
      expect(res.status).toBe(200);
      return res.body.conclusion;
    };
    const first = await conclude(itemIds[0], [
      'Giao Sở Tài chính cân đối nguồn vốn chuyển đổi số năm 2027.',
      'Giao Sở Xây dựng rà soát trụ sở làm việc của các sở, ngành.',
    ]);
    const second = await conclude(itemIds[1], ['Giao Văn phòng tổng hợp ý kiến về Đề án 06.']);
    const construction = await apiUnit(admin, 'SXD', 'Sở Xây dựng');
    const assign = async (
      point: Conclusion['points'][number],
      leadUnitId: string,
      days: number,
      extra: Record<string, unknown> = {},
    ) => {
      const res = await postTask(secretary.client, {
        title: point.text,
        source: { meetingId, agendaItemId: itemIds[0], conclusionPointId: point.id },
        leadUnitId,
        deadline: cityDay(clock.now(), days),
        ...extra,
      });
      expect(res.status).toBe(201);
      return res.body.task;
    };
    // Point 1.1: Sở Tài chính (done on time) and Sở Xây dựng (to go overdue); point 1.2: Sở Xây dựng.
    const done = await assign(first.points[0]!, financeId, 5, { assigneeId: delegateA.id });
    const late = await assign(first.points[0]!, construction.id, 1, { title: 'Rà soát quỹ đất xây trụ sở' });
    const later = await assign(first.points[1]!, construction.id, 20);
    expect((await act(delegateA.client, done, { action: 'report', text: 'Đã bố trí vốn.' })).status).toBe(
      200,
    );
    expect((await act(secretary.client, done, { action: 'accept' })).status).toBe(200);
    // The chair works for Sở Xây dựng: he organises the meeting but sees only his unit's tasks.
    const chairUser = await admin.get<{ user: { version: number } }>(`/api/users/${chair.id}`);
    expect(
      (
        await admin.patch(`/api/users/${chair.id}`, {
          unitId: construction.id,
          version: chairUser.body.user.version,
        })
      ).status,
    ).toBe(200);
    // Three days on: the task due tomorrow is two days overdue (sessions are signed in again).
    clock.advance(3 * 24 * 60 * MINUTE);
    for (const [client, username] of [
      [secretary.client, 'bc.thuky'],
      [chair.client, 'bc.chutri'],
    ] as const)
      expect(await client.login(username, passwordFor(username))).toBe(200);
    await admin.login('admin', server.adminPassword);

    const r = (await secretary.client.get<MeetingReport>(`/api/meetings/${meetingId}/report`)).body;
    expect(r.tasks).toMatchObject({
      scope: 'all',
      total: 3,
      done: 1,
      doneOnTime: 1,
      doneLate: 0,
      overdue: 1,
    });
    expect(r.tasks.points.map((p) => [p.number, p.tasks.map((t) => t.id)])).toEqual([
      ['1.1', [late.id, done.id]],
      ['1.2', [later.id]],
      // A point nobody was given yet is listed too (the office sees what is left to assign).
      ['2.1', []],
    ]);
    expect(r.tasks.points[2]!.text).toBe(second.points[0]!.text);
    expect(r.tasks.points[0]!.tasks).toEqual([
      expect.objectContaining({
        title: 'Rà soát quỹ đất xây trụ sở',
        leadUnitName: 'Sở Xây dựng',
        assigneeName: null,
        status: 'assigned',
        overdue: true,
        daysLate: 2,
        done: null,
      }),
      expect.objectContaining({
        leadUnitName: 'Sở Tài chính',
        assigneeName: 'Lê Hồng Sơn',
        status: 'accepted',
        overdue: false,
        done: 'on_time',
      }),
    ]);

    const csv = parseCsv(
      (await download(secretary.client, `/api/meetings/${meetingId}/report.csv`)).bytes.toString('utf8'),
    );
    const summary = section(csv, 'Thực hiện kết luận');
    expect(summary.slice(1)).toEqual(
      expect.arrayContaining([
        ['Số nhiệm vụ được giao', '3'],
        ['Đã hoàn thành (đã nghiệm thu)', '1'],
        ['Hoàn thành đúng hạn', '1'],
        ['Quá hạn', '1'],
      ]),
    );
    const rows = section(csv, 'Nhiệm vụ theo điểm kết luận');
    expect(rows[0]).toEqual([
      'Điểm kết luận',
      'Nhiệm vụ',
      'Đơn vị chủ trì',
      'Người chịu trách nhiệm',
      'Hạn',
      'Trạng thái',
      'Tiến độ',
    ]);
    expect(rows.slice(1).map((row) => [row[0], row[2], row[5], row[6]])).toEqual([
      [`1.1. ${first.points[0]!.text}`, 'Sở Xây dựng', 'Mới giao', 'Quá hạn 2 ngày'],
      ['1.1', 'Sở Tài chính', 'Đã nghiệm thu', 'Hoàn thành đúng hạn'],
      [`1.2. ${first.points[1]!.text}`, 'Sở Xây dựng', 'Mới giao', 'Trong hạn'],
      [`2.1. ${second.points[0]!.text}`, '', '', ''],
    ]);
    // A task worded as its point is named after the point, not the same paragraph twice.
    expect(rows.slice(1).map((row) => row[1])).toEqual([
      'Rà soát quỹ đất xây trụ sở',
      'Theo nội dung điểm 1.1',
      'Theo nội dung điểm 1.2',
      'Chưa giao nhiệm vụ',
    ]);
    expect(rows[2]![3]).toBe('Lê Hồng Sơn');

    const pdf = await download(secretary.client, `/api/meetings/${meetingId}/report.pdf`);
    expect(pdf.status).toBe(200);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'report-tasks-pdf-'));
    try {
      await writeFile(path.join(dir, 'r.pdf'), pdf.bytes);
      const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'r.pdf'), '-']);
      expect(stdout).toContain('Thực hiện kết luận');
      expect(stdout).toContain('Nhiệm vụ theo điểm kết luận');
      expect(stdout).toMatch(/Số nhiệm vụ được giao\s+3/);
      expect(stdout).toMatch(/Rà soát[\s\S]*Sở Xây dựng/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // The chair (Sở Xây dựng) sees his unit's two tasks and the points they came from, nothing else.
    const own = (await chair.client.get<MeetingReport>(`/api/meetings/${meetingId}/report`)).body;
    expect(own.tasks).toMatchObject({ scope: 'unit', total: 2, done: 0, overdue: 1 });
    expect(own.tasks.points.map((p) => [p.number, p.tasks.map((t) => t.id)])).toEqual([
      ['1.1', [late.id]],
      ['1.2', [later.id]],
    ]);
    const ownCsv = (await download(chair.client, `/api/meetings/${meetingId}/report.csv`)).bytes.toString(
      'utf8',
    );
    const ownRows = section(parseCsv(ownCsv), 'Nhiệm vụ theo điểm kết luận');
    expect(ownRows.slice(1).map((row) => row[2])).toEqual(['Sở Xây dựng', 'Sở Xây dựng']);
    expect(section(parseCsv(ownCsv), 'Thực hiện kết luận')[1]).toEqual([
      'Phạm vi',
      'Chỉ nhiệm vụ của đơn vị người lập báo cáo',
    ]);
  }, 60_000);
});
