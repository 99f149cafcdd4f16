import type { OpinionSummary } from '@icabinet/shared';
import { createUser, passwordFor } from './fixtures.js';
import { ApiClient } from './http.js';
import { apiItem, apiParticipant, apiStatus, apiUpload } from './meetings.js';
import type { ReceivedMail } from './smtp.js';

export interface OpinionMember {
  id: string;
  participantId: string;
  client: ApiClient;
  fullName: string;
  email: string;
  username: string;
  password: string;
}

export interface OpinionScene {
  secretary: { id: string; client: ApiClient; username: string; password: string };
  members: OpinionMember[];
  meetingId: string;
  draftId: string;
}

const PEOPLE = [
  { username: 'gd.tttt.yk', fullName: 'Đỗ Việt Hùng', email: 'hung.dv@hanoi.gov.vn' },
  { username: 'gd.tp.yk', fullName: 'Hoàng Thị Lan', email: 'lan.ht@hanoi.gov.vn' },
  { username: 'gd.nv.yk', fullName: 'Bùi Đức Thắng', email: 'thang.bd@hanoi.gov.vn' },
  { username: 'gd.tc.yk', fullName: 'Ngô Thanh Hà', email: 'ha.nt@hanoi.gov.vn' },
];

/**
 * A secretary, four members with e-mail, and a published meeting starting `startsInMs` from the
 * clock's now with the draft decree (to-trinh-de-an-06.pdf) in its library.
 */
export async function opinionScene(url: string, adminPassword: string, now: Date): Promise<OpinionScene> {
  const admin = new ApiClient(url);
  await admin.login('admin', adminPassword);
  const sec = await createUser(url, admin, {
    username: 'thuky.yk',
    fullName: 'Phạm Thu Trang',
    systemRole: 'secretary',
  });
  const members: OpinionMember[] = [];
  for (const p of PEOPLE) {
    const password = passwordFor(p.username);
    const res = await admin.post<{ user: { id: string } }>('/api/users', {
      username: p.username,
      fullName: p.fullName,
      email: p.email,
      title: 'Giám đốc Sở',
      password,
    });
    if (res.status !== 201) throw new Error(`user: ${res.status} ${JSON.stringify(res.body)}`);
    const client = new ApiClient(url);
    await client.login(p.username, password);
    members.push({ id: res.body.user.id, participantId: '', client, ...p, password });
  }
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 7 * 86_400_000);
  const created = await sec.client.post<{ meeting: { id: string } }>('/api/meetings', {
    title: 'Phiên họp UBND Thành phố thường kỳ tháng 12',
    location: 'Phòng họp số 1',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
  });
  if (created.status !== 201) throw new Error(`meeting: ${created.status} ${JSON.stringify(created.body)}`);
  const meetingId = created.body.meeting.id;
  for (const m of members) m.participantId = await apiParticipant(sec.client, meetingId, m.id, 'delegate');
  await apiItem(sec.client, meetingId, { title: 'Đề án chuyển đổi số' });
  const draft = await apiUpload(url, sec.client, meetingId, 'to-trinh-de-an-06.pdf');
  await apiStatus(sec.client, { id: meetingId }, 'published');
  return {
    secretary: { id: sec.id, client: sec.client, username: 'thuky.yk', password: sec.password },
    members,
    meetingId,
    draftId: draft.id,
  };
}

/** A request in the shape the API takes. */
export function opinionInput(scene: OpinionScene, deadline: Date, extra: Record<string, unknown> = {}) {
  return {
    title: 'Xin ý kiến dự thảo Đề án chuyển đổi số giai đoạn 2025–2030',
    documentId: scene.draftId,
    note: 'Đề nghị các đồng chí cho ý kiến trước hạn.',
    deadline: deadline.toISOString(),
    rule: 'members',
    questions: [
      'Đồng ý với phạm vi và đối tượng của Đề án?',
      'Đồng ý với lộ trình thực hiện và kinh phí dự kiến?',
    ],
    participantIds: scene.members.map((m) => m.participantId),
    ...extra,
  };
}

/** Creates and sends a request; returns it. */
export async function sendOpinion(
  scene: OpinionScene,
  deadline: Date,
  extra: Record<string, unknown> = {},
): Promise<OpinionSummary> {
  const created = await scene.secretary.client.post<{ request: OpinionSummary }>(
    `/api/meetings/${scene.meetingId}/opinions`,
    opinionInput(scene, deadline, extra),
  );
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const sent = await scene.secretary.client.post<{ request: OpinionSummary }>(
    `/api/opinions/${created.body.request.id}/send`,
  );
  if (sent.status !== 200) throw new Error(`send: ${sent.status} ${JSON.stringify(sent.body)}`);
  return sent.body.request;
}

/** The personal answer link in an e-mail. */
export function opinionLinkIn(mail: ReceivedMail): string {
  const m = /(https?:\/\/[^\s"<]+\/opinion\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '');
  if (!m?.[1]) throw new Error('no opinion link in the mail');
  return m[1];
}

/** The opinion e-mails (not invitations) sent to one address. */
export function opinionMailsTo(received: ReceivedMail[], address: string): ReceivedMail[] {
  return received.filter(
    (m) => m.parsed.headers.has('x-icabinet-opinion') && m.to.some((to) => to.includes(address)),
  );
}
