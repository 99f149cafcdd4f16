import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIME_ZONE_OFFSET_MS, type PeriodReport, type Task, type TaskDashboard } from '@icabinet/shared';
import { passwordFor } from '../utils/fixtures.js';
import { ApiClient, type ErrorReply } from '../utils/http.js';
import { FakeClock, startServer, type TestServer } from '../utils/server.js';

const DAY = 86_400_000;
const cityDay = (at: Date) => new Date(at.getTime() + TIME_ZONE_OFFSET_MS).toISOString().slice(0, 10);
const plus = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/**
 * The follow-up dashboard over real tasks moved through their workflow on a test clock: one done
 * on time, one done late, one overdue, one due this week, one due later, in two units.
 */
describe('the task dashboard (theo dõi nhiệm vụ)', () => {
  const clock = new FakeClock();
  let server: TestServer;
  let admin: ApiClient;
  let secretary: ApiClient;
  let finance: ApiClient;
  let construction: ApiClient;
  let units: { finance: string; construction: string };
  let today: string;
  const ids: Record<'onTime' | 'overdue' | 'late' | 'thisWeek' | 'later', string> = {
    onTime: '',
    overdue: '',
    late: '',
    thisWeek: '',
    later: '',
  };
  const people: [ApiClient, string][] = [];

  const signIn = async (username: string, password: string) => {
    const c = new ApiClient(server.url);
    expect(await c.login(username, password)).toBe(200);
    people.push([c, username]);
    return c;
  };
  /** Days pass: the sessions of everyone idle that long end, so each signs in again. */
  const daysPass = async (n: number) => {
    clock.advance(n * DAY);
    for (const [c, username] of people)
      expect(
        await c.login(username, username === 'admin' ? server.adminPassword : passwordFor(username)),
      ).toBe(200);
  };
  const act = async (c: ApiClient, id: string, body: Record<string, unknown>) => {
    const current = await c.get<{ task: Task }>(`/api/tasks/${id}`);
    const res = await c.post<{ task: Task }>(`/api/tasks/${id}/actions`, {
      ...body,
      version: current.body.task.version,
    });
    if (res.status !== 200)
      throw new Error(`${String(body.action)}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const dashboard = (c: ApiClient, q: string) => c.get<TaskDashboard>(`/api/reports/tasks?${q}`);

  beforeAll(async () => {
    server = await startServer({ clock, env: { SESSION_ABSOLUTE_HOURS: '168' } });
    admin = await signIn('admin', server.adminPassword);
    const unit = async (code: string, name: string) =>
      (await admin.post<{ unit: { id: string } }>('/api/units', { code, name })).body.unit.id;
    units = { finance: await unit('STC', 'Sở Tài chính'), construction: await unit('SXD', 'Sở Xây dựng') };
    const user = async (username: string, fullName: string, unitId: string | null, systemRole = 'member') => {
      const res = await admin.post('/api/users', {
        username,
        fullName,
        unitId,
        systemRole,
        password: passwordFor(username),
      });
      expect(res.status).toBe(201);
      return signIn(username, passwordFor(username));
    };
    secretary = await user('nv.chanhvp', 'Nguyễn Văn Chánh', null, 'secretary');
    finance = await user('nv.stc', 'Lê Thị Tài', units.finance);
    construction = await user('nv.sxd', 'Trần Văn Dựng', units.construction);

    today = cityDay(clock.now());
    const task = async (title: string, leadUnitId: string, days: number) => {
      const res = await secretary.post<{ task: Task }>('/api/tasks', {
        title,
        leadUnitId,
        deadline: plus(today, days),
      });
      if (res.status !== 201) throw new Error(`task: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.task.id;
    };
    ids.onTime = await task('Rà soát dự toán ngân sách quý IV', units.finance, 1);
    ids.overdue = await task('Báo cáo giải ngân vốn đầu tư công', units.finance, 1);
    ids.later = await task('Đề xuất phương án tự chủ tài chính', units.finance, 20);
    ids.late = await task('Kiểm tra an toàn công trình trường học', units.construction, 2);
    ids.thisWeek = await task('Cập nhật quy hoạch phân khu', units.construction, 5);
    // Finance reports the first one today; the chief of staff accepts it.
    await act(finance, ids.onTime, { action: 'report', text: 'Đã rà soát xong, gửi kèm báo cáo.' });
    await act(secretary, ids.onTime, { action: 'accept' });
    // Three days later: construction reports its task a day late, accepted all the same.
    await daysPass(3);
    await act(construction, ids.late, { action: 'report', text: 'Đã kiểm tra 12 trường.' });
    await act(secretary, ids.late, { action: 'accept' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('counts tasks by unit and status, overdue, due this week and the on-time rate, for the chief of staff', async () => {
    const now = cityDay(clock.now());
    const res = await dashboard(secretary, `from=${today}&to=${plus(today, 30)}`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.scope).toBe('all');
    expect(d.today).toBe(now);
    expect(d.totals).toMatchObject({
      total: 5,
      accepted: 2,
      assigned: 3,
      overdue: 1,
      dueThisWeek: 1,
      doneOnTime: 1,
      settled: 3,
    });
    expect(d.totals.onTimeRate).toBeCloseTo(1 / 3);
    const finance = d.units.find((u) => u.unitName === 'Sở Tài chính')!;
    expect(finance).toMatchObject({
      total: 3,
      accepted: 1,
      overdue: 1,
      dueThisWeek: 0,
      doneOnTime: 1,
      settled: 2,
      onTimeRate: 0.5,
    });
    const construction = d.units.find((u) => u.unitName === 'Sở Xây dựng')!;
    expect(construction).toMatchObject({
      total: 2,
      overdue: 0,
      dueThisWeek: 1,
      doneOnTime: 0,
      settled: 1,
      onTimeRate: 0,
    });
    expect(d.overdue).toEqual([
      expect.objectContaining({ id: ids.overdue, unitName: 'Sở Tài chính', daysLate: 2, status: 'assigned' }),
    ]);
    expect(d.dueThisWeek.map((l) => l.id)).toEqual([ids.thisWeek]);
    // Month by month: the deadlines' month, overall and per unit.
    const all = d.onTime.filter((p) => p.unitId === 'all');
    expect(all.reduce((s, p) => s + p.settled, 0)).toBe(3);
    expect(all.reduce((s, p) => s + p.doneOnTime, 0)).toBe(1);
  });

  it('filters by lead unit, kept apart from the units that only coordinate', async () => {
    const d = (await dashboard(secretary, `from=${today}&to=${plus(today, 30)}&unitId=${units.construction}`))
      .body;
    expect(d.units.map((u) => u.unitName)).toEqual(['Sở Xây dựng']);
    expect(d.totals.total).toBe(2);
  });

  it('shows a unit its own tasks only, whatever unit it asks for', async () => {
    const own = (await dashboard(finance, `from=${today}&to=${plus(today, 30)}`)).body;
    expect(own.scope).toBe('unit');
    expect(own.units.map((u) => u.unitName)).toEqual(['Sở Tài chính']);
    expect(own.totals.total).toBe(3);
    const other = (
      await dashboard(finance, `from=${today}&to=${plus(today, 30)}&unitId=${units.construction}`)
    ).body;
    expect(other.totals.total).toBe(0);
    expect(other.overdue).toEqual([]);
  });

  it('exports the dashboard as CSV and as a workbook that reads back the same figures, audited', async () => {
    const q = `from=${today}&to=${plus(today, 30)}`;
    const csv = await fetch(`${server.url}/api/reports/tasks.csv?${q}`, {
      headers: { cookie: secretary.cookie ?? '' },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('"Nhiệm vụ quá hạn"');
    expect(text).toContain('"Báo cáo giải ngân vốn đầu tư công","Sở Tài chính"');
    const xlsx = await fetch(`${server.url}/api/reports/tasks.xlsx?${q}`, {
      headers: { cookie: secretary.cookie ?? '' },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const byUnit = book.getWorksheet('Nhiệm vụ theo đơn vị')!;
    const rows: ExcelJS.CellValue[][] = [];
    byUnit.eachRow((row) => rows.push(Array.from({ length: 11 }, (_, i) => row.getCell(i + 1).value)));
    // Lead unit, total, five statuses, overdue, due this week, done on time, rate (%).
    expect(rows.find((r) => r[0] === 'Sở Tài chính')).toEqual([
      'Sở Tài chính',
      3,
      2,
      0,
      0,
      0,
      1,
      1,
      0,
      1,
      50,
    ]);
    const overdue = book.getWorksheet('Nhiệm vụ quá hạn')!;
    expect(overdue.getRow(2).getCell(1).value).toBe('Báo cáo giải ngân vốn đầu tư công');
    expect(overdue.getRow(2).getCell(4).value).toBe(2);
    const log = await admin.get<{ items: { data: Record<string, unknown> }[] }>(
      '/api/audit?action=export.task_dashboard',
    );
    expect(log.body.items.map((e) => e.data['format']).sort()).toEqual(['csv', 'xlsx']);
  });

  it('puts the tasks done on time into the period report', async () => {
    const res = await secretary.get<PeriodReport>(`/api/reports/period?from=${today}&to=${plus(today, 30)}`);
    expect(res.status).toBe(200);
    expect(res.body.tasks).toEqual({ due: 5, done: 2, doneOnTime: 1, overdue: 1, onTimeRate: 1 / 3 });
  });

  it('refuses a period backwards or a unit that is not an id, in Vietnamese', async () => {
    const backwards = await secretary.get<ErrorReply>(
      `/api/reports/tasks?from=${plus(today, 5)}&to=${today}`,
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.issues?.[0]?.message).toBe('Ngày "đến" không được trước ngày "từ".');
    const unit = await secretary.get<ErrorReply>(
      `/api/reports/tasks?from=${today}&to=${today}&unitId=so-tai-chinh`,
    );
    expect(unit.status).toBe(400);
    expect(unit.body.error.issues?.[0]?.path).toBe('unitId');
    const missing = await secretary.get<ErrorReply>('/api/reports/tasks');
    expect(missing.status).toBe(400);
  });
});
