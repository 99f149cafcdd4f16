import type { Conclusion, Meeting, Task, Unit } from '@icabinet/shared';
import { createCast, passwordFor, type TestUser } from './fixtures.js';
import { ApiClient } from './http.js';
import { apiItem, apiMeeting } from './meetings.js';

/** A user of a unit, created by the admin with an e-mail (and a phone) and signed in. */
export async function unitUser(
  url: string,
  admin: ApiClient,
  input: { username: string; fullName: string; unitId: string; email?: string; phone?: string },
): Promise<TestUser> {
  const password = passwordFor(input.username);
  const res = await admin.post<{ user: { id: string } }>('/api/users', { ...input, password });
  if (res.status !== 201) throw new Error(`could not create ${input.username}: ${JSON.stringify(res.body)}`);
  const client = new ApiClient(url);
  if ((await client.login(input.username, password)) !== 200)
    throw new Error(`no sign-in for ${input.username}`);
  return { id: res.body.user.id, client, password };
}

/** A unit made by the admin. */
export async function apiUnit(admin: ApiClient, code: string, name: string): Promise<Unit> {
  const res = await admin.post<{ unit: Unit }>('/api/units', { code, name });
  if (res.status !== 201) throw new Error(`could not create unit ${code}: ${JSON.stringify(res.body)}`);
  return res.body.unit;
}

/** Names the unit's head (the escalation target of overdue tasks). */
export async function setHead(admin: ApiClient, unit: Unit, userId: string): Promise<Unit> {
  const units = await admin.get<{ items: Unit[] } | Unit[]>('/api/units');
  const list = Array.isArray(units.body) ? units.body : units.body.items;
  const current = list.find((u) => u.id === unit.id)!;
  const res = await admin.patch<{ unit: Unit }>(`/api/units/${unit.id}`, {
    headUserId: userId,
    version: current.version,
  });
  if (res.status !== 200) throw new Error(`could not set the head: ${JSON.stringify(res.body)}`);
  return res.body.unit;
}

/**
 * The follow-up scene: two units (Sở Xây dựng with its head and a staff member, Sở Tài chính
 * with a staff member), the office's secretary, and a meeting with one agenda item whose
 * conclusion has two points.
 */
export async function taskScene(url: string, adminPassword: string) {
  const admin = new ApiClient(url);
  await admin.login('admin', adminPassword);
  const { secretary } = await createCast(url, admin, ['secretary']);
  const sxd = await apiUnit(admin, 'SXD', 'Sở Xây dựng');
  const stc = await apiUnit(admin, 'STC', 'Sở Tài chính');
  const head = await unitUser(url, admin, {
    username: 'gd.sxd',
    fullName: 'Hoàng Minh Tuấn',
    unitId: sxd.id,
    email: 'tuan.hm@xaydung.hanoi.gov.vn',
    phone: '0912 345 678',
  });
  const staff = await unitUser(url, admin, {
    username: 'cv.sxd',
    fullName: 'Vũ Thị Lan',
    unitId: sxd.id,
    email: 'lan.vt@xaydung.hanoi.gov.vn',
  });
  const other = await unitUser(url, admin, {
    username: 'cv.stc',
    fullName: 'Ngô Quang Huy',
    unitId: stc.id,
    email: 'huy.nq@taichinh.hanoi.gov.vn',
  });
  await setHead(admin, sxd, head.id);
  const meeting: Meeting = await apiMeeting(secretary.client, {
    title: 'Phiên họp thường kỳ UBND Thành phố',
  });
  const { item } = await apiItem(secretary.client, meeting.id, { title: 'Đề án chỉnh trang đô thị' });
  const put = await secretary.client.put<{ conclusion: Conclusion }>(
    `/api/meetings/${meeting.id}/conclusions/${item.id}`,
    {
      version: 0,
      points: [
        { text: 'Giao Sở Xây dựng chủ trì hoàn thiện đề án, trình UBND Thành phố.' },
        { text: 'Giao Sở Tài chính cân đối nguồn vốn.' },
      ],
    },
  );
  if (put.status !== 200) throw new Error(`could not write conclusions: ${JSON.stringify(put.body)}`);
  return { admin, secretary, sxd, stc, head, staff, other, meeting, item, conclusion: put.body.conclusion };
}

/** Assigns a task as `client`; answers the raw reply. */
export function postTask(client: ApiClient, body: Record<string, unknown>) {
  return client.post<{ task: Task }>('/api/tasks', body);
}

/** One move on a task, on the version read. */
export async function act(client: ApiClient, task: Pick<Task, 'id'>, body: Record<string, unknown>) {
  const read = await client.get<{ task: Task }>(`/api/tasks/${task.id}`);
  return client.post<{ task: Task }>(`/api/tasks/${task.id}/actions`, {
    version: read.body.task?.version ?? 0,
    ...body,
  });
}

/** The city's date `days` after the given instant (YYYY-MM-DD). */
export const cityDay = (now: Date, days = 0): string =>
  new Date(now.getTime() + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The instant of `hour` o'clock in Hà Nội (UTC+7) on a date YYYY-MM-DD, in ms. */
export const cityAt = (date: string, hour: number): number =>
  Date.parse(`${date}T00:00:00Z`) + (hour - 7) * 3_600_000;
