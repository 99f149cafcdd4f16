import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  formatTime,
  MINUTES_FRAGMENT,
  type Invitation,
  type ParticipantView,
  type MinutesState,
  type MinutesVersion,
  type MinutesVersionText,
  type Result,
  type RoomState,
} from '@icabinet/shared';
import { LayerClient } from '../utils/annotations.js';
import { createUser } from '../utils/fixtures.js';
import { ApiClient } from '../utils/http.js';
import { apiItem, apiParticipant, apiStatus, slot } from '../utils/meetings.js';
import { joinRoom, roomCommand, sendDeputy } from '../utils/room.js';
import { connectClient, type ClientSocket } from '../utils/socket.js';
import { startServer, type TestServer } from '../utils/server.js';
import { castBallot, prepareVote, voteControl } from '../utils/votes.js';
import { eventually } from '../utils/eventually.js';

/** Throws with the refusal when a command was not accepted. */
function accepted(res: Result<unknown>): void {
  if (!res.ok) throw new Error(`refused: ${JSON.stringify(res.error)}`);
}

interface Person {
  id: string;
  name: string;
  client: ApiClient;
}

/** The minutes' first paragraph-like text node (where both editors type). */
function firstText(doc: Y.Doc): Y.XmlText {
  const heading = doc.getXmlFragment(MINUTES_FRAGMENT).get(0) as Y.XmlElement;
  return heading.get(0) as Y.XmlText;
}

/** Appends a paragraph with `text` at the end of the minutes (as the editor does on Enter + typing). */
function appendParagraph(doc: Y.Doc, text: string): void {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(MINUTES_FRAGMENT);
  fragment.insert(fragment.length, [p]);
}

describe('minutes written together (biên bản họp) over the annotations transport', () => {
  let server: TestServer;
  let secretary: Person;
  let secretary2: Person;
  let chair: Person;
  let delegateA: Person;
  let delegateB: Person;
  let observer: Person;
  let meetingId: string;
  let itemTitle: string;
  let record: RoomState;
  const sockets: ClientSocket[] = [];

  const connect = async (p: Person, lang: 'vi' | 'en' = 'vi') => {
    const s = await connectClient(server.url, p.client.cookie, { lang });
    sockets.push(s);
    return s;
  };
  const rows = (id = meetingId) => server.running.store.annotations.load(id, 'minutes');
  const open = async (p: Person, id = meetingId, doc?: Y.Doc) => {
    const c = new LayerClient(id, 'minutes', doc);
    await c.connect(await connect(p));
    return c;
  };
  const textOf = (doc: Y.Doc): string => doc.getXmlFragment(MINUTES_FRAGMENT).toJSON();
  const saveVersion = async (p: Person, name: string, id = meetingId) => {
    const res = await p.client.post<{ version: MinutesVersion }>(`/api/meetings/${id}/minutes/versions`, {
      name,
    });
    expect(res.status).toBe(201);
    return res.body.version;
  };
  const versionText = async (p: Person, versionId: string, id = meetingId) => {
    const res = await p.client.get<MinutesVersionText>(`/api/meetings/${id}/minutes/versions/${versionId}`);
    expect(res.status).toBe(200);
    return res.body.text;
  };

  /** A published meeting with a chair, two secretaries, two voting delegates and an observer. */
  const newMeeting = async (title: string) => {
    const created = await secretary.client.post<{ meeting: { id: string } }>('/api/meetings', {
      title,
      location: 'Phòng họp số 1, 79 Đinh Tiên Hoàng',
      ...slot(0, 3),
      chairId: chair.id,
    });
    expect(created.status).toBe(201);
    const id = created.body.meeting.id;
    await apiParticipant(secretary.client, id, secretary2.id, 'secretary');
    await apiParticipant(secretary.client, id, delegateA.id, 'delegate');
    await apiParticipant(secretary.client, id, delegateB.id, 'delegate');
    await apiParticipant(secretary.client, id, observer.id, 'observer');
    return id;
  };

  beforeAll(async () => {
    server = await startServer({ env: { SOCKET_EVENTS_PER_SECOND: '500', SOCKET_EVENT_BURST: '500' } });
    const admin = new ApiClient(server.url);
    await admin.login('admin', server.adminPassword);
    const make = async (username: string, fullName: string, systemRole?: 'secretary') => {
      const u = await createUser(server.url, admin, {
        username,
        fullName,
        systemRole: systemRole ?? 'member',
      });
      return { id: u.id, name: fullName, client: u.client };
    };
    secretary = await make('bb.thuky', 'Nguyễn Thu Hà', 'secretary');
    secretary2 = await make('bb.thuky2', 'Phạm Minh Tuấn');
    chair = await make('bb.chutri', 'Trần Sỹ Thanh');
    delegateA = await make('bb.daibieu.a', 'Lê Hồng Sơn');
    delegateB = await make('bb.daibieu.b', 'Hà Minh Hải');
    observer = await make('bb.quansat', 'Vũ Thu Hương');

    // The meeting is held in the room: attendance, an item, a speech, a vote, the end.
    meetingId = await newMeeting('Phiên họp UBND Thành phố thường kỳ tháng 12');
    itemTitle = 'Báo cáo tình hình kinh tế - xã hội năm 2026';
    const { item } = await apiItem(secretary.client, meetingId, { title: itemTitle, plannedMinutes: 20 });
    await apiStatus(secretary.client, { id: meetingId }, 'published');
    const mine = await delegateB.client.get<{ items: Invitation[] }>('/api/invitations/mine');
    const inv = mine.body.items.find((i) => i.meetingId === meetingId)!;
    const declined = await delegateB.client.post(`/api/invitations/${inv.id}/reply`, {
      answer: 'decline',
      reason: 'Đi công tác tại Đà Nẵng',
    });
    expect(declined.status).toBe(200);
    const c = await connect(chair);
    const a = await connect(delegateA);
    await joinRoom(c, meetingId);
    await joinRoom(a, meetingId);
    accepted(await roomCommand(c, meetingId, { type: 'room.start' }));
    accepted(await roomCommand(c, meetingId, { type: 'attendance.checkin' }));
    accepted(await roomCommand(a, meetingId, { type: 'attendance.checkin' }));
    accepted(await roomCommand(c, meetingId, { type: 'item.goto', itemId: item.id }));
    accepted(await roomCommand(a, meetingId, { type: 'speaker.request', agendaItemId: item.id }));
    const queued = (await joinRoom(c, meetingId)).state.queue[0]!;
    accepted(await roomCommand(c, meetingId, { type: 'speaker.grant', requestId: queued.id }));
    accepted(await roomCommand(c, meetingId, { type: 'speaker.finish' }));
    const vote = await prepareVote(secretary.client, meetingId, {
      question: 'Thông qua báo cáo kinh tế - xã hội',
      agendaItemId: item.id,
    });
    accepted(await voteControl(c, 'vote:open', meetingId, vote.id));
    accepted(await castBallot(c, meetingId, vote.id, ['for']));
    accepted(await castBallot(a, meetingId, vote.id, ['for']));
    accepted(await voteControl(c, 'vote:close', meetingId, vote.id));
    accepted(await roomCommand(c, meetingId, { type: 'room.end' }));
    record = (await joinRoom(c, meetingId)).state;
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await server?.stop();
  });

  it('prefills the minutes from the room record when the secretary first opens them', async () => {
    const sec = await open(secretary);
    expect(sec.canWrite).toBe(true);
    const text = await versionText(secretary, (await saveVersion(secretary, 'Bản đầu')).id);
    const lines = text.split('\n');
    const speech = record.speeches[0]!;
    const times = record.itemTimes[Object.keys(record.itemTimes)[0]!]!;
    expect(lines[0]).toBe('BIÊN BẢN CUỘC HỌP');
    expect(lines).toContain('Phiên họp UBND Thành phố thường kỳ tháng 12');
    expect(lines).toContain('• Địa điểm: Phòng họp số 1, 79 Đinh Tiên Hoàng');
    expect(text).toContain(`Thời gian thực tế: bắt đầu ${formatTime(record.startedAt!, 'vi')}`);
    expect(lines).toContain(`• Chủ trì: ${chair.name}`);
    expect(lines.find((l) => l.startsWith('• Thư ký:'))).toContain(secretary.name);
    expect(lines.find((l) => l.startsWith('• Thư ký:'))).toContain(secretary2.name);
    // Attendance as the room recorded it; the absent delegate with the reason they gave.
    expect(lines).toContain('Có mặt (2)');
    expect(lines).toContain(
      `• ${delegateA.name} (có mặt lúc ${formatTime(record.attendance[speech.participantId]!.arrivedAt!, 'vi')})`,
    );
    expect(lines).toContain(`• ${delegateB.name} — lý do: Đi công tác tại Đà Nẵng`);
    expect(lines.filter((l) => l.includes('không rõ lý do')).map((l) => l.split(' — ')[0])).toEqual(
      expect.arrayContaining([`• ${observer.name}`, `• ${secretary2.name}`]),
    );
    // The item with planned and actual times, the speech and its length, the vote with its rule.
    expect(lines).toContain(
      `1. ${itemTitle} | 20 phút | ${formatTime(times.actualStart, 'vi')}–${formatTime(times.actualEnd!, 'vi')}` +
        ` (${Math.round((Date.parse(times.actualEnd!) - Date.parse(times.actualStart)) / 60_000)} phút)`,
    );
    expect(lines).toContain(`1. ${itemTitle}`);
    const spoken = lines.find((l) => l.startsWith(`• ${delegateA.name} — `) && l.includes('giây'));
    expect(spoken).toContain(`${speech.spokenSeconds} giây`);
    expect(spoken).toContain(`(${formatTime(speech.startedAt, 'vi')}–${formatTime(speech.endedAt, 'vi')})`);
    const voteLine = lines.find((l) => l.startsWith('• Thông qua báo cáo kinh tế - xã hội'));
    expect(voteLine).toContain('— Thông qua (Tán thành: 2, Không tán thành: 0, Không biểu quyết: 0;');
    expect(voteLine).toContain('quy tắc: quá nửa tổng số thành viên, cần 2 phiếu');
    expect(lines).toContain('IV. Kết luận');
    // The editor's copy holds the same document the server rendered.
    expect(textOf(sec.doc)).toContain('Đi công tác tại Đà Nẵng');
    sec.disconnect();
  });

  it('prefills exactly once when several editors open new minutes at the same moment', async () => {
    const id = await newMeeting('Họp giao ban tuần');
    await apiStatus(secretary.client, { id }, 'published');
    const clients = await Promise.all([
      open(secretary, id),
      open(secretary2, id),
      open(chair, id),
      open(secretary, id),
    ]);
    const stored = await rows(id);
    expect(stored).toHaveLength(1);
    await eventually(() => {
      for (const c of clients) {
        expect(textOf(c.doc).match(/BIÊN BẢN CUỘC HỌP/g)).toHaveLength(1);
        expect(textOf(c.doc)).toBe(textOf(clients[0].doc));
      }
    });
    const again = await open(secretary2, id);
    expect(textOf(again.doc).match(/BIÊN BẢN CUỘC HỌP/g)).toHaveLength(1);
    expect(await rows(id)).toHaveLength(1);
    for (const c of [...clients, again]) c.disconnect();
  });

  it('names deputies in the attendance: present for their principal, and the principal who sent them', async () => {
    const id = await newMeeting('Họp chuyên đề về giải phóng mặt bằng');
    await apiStatus(secretary.client, { id }, 'published');
    await sendDeputy(delegateA.client, secretary.client, id, 'Phan Văn Phó');
    const list = await secretary.client.get<{ items: ParticipantView[] }>(`/api/meetings/${id}/participants`);
    const deputy = list.body.items.find((p) => p.fullName === 'Phan Văn Phó')!;
    const c = await connect(chair);
    await joinRoom(c, id);
    accepted(await roomCommand(c, id, { type: 'room.start' }));
    accepted(await roomCommand(c, id, { type: 'attendance.checkin', participantId: deputy.id }));
    const state = (await joinRoom(c, id)).state;
    const sec = await open(secretary, id);
    const text = await versionText(secretary, (await saveVersion(secretary, 'Bản đầu', id)).id, id);
    const lines = text.split('\n');
    expect(lines).toContain(
      `• Phan Văn Phó — dự thay ${delegateA.name} (có mặt lúc ${formatTime(state.attendance[deputy.id]!.arrivedAt!, 'vi')})`,
    );
    expect(lines).toContain(`• ${delegateA.name} — cử Phan Văn Phó dự thay`);
    expect(lines).toContain('Có mặt (1)');
    sec.disconnect();
  });

  it('lets two secretaries type at once and converges, also after one was offline', async () => {
    const one = await open(secretary);
    const two = await open(secretary2);
    // Both type into the same heading at the same moment, then each adds a paragraph.
    firstText(one.doc).insert(0, 'DỰ THẢO - ');
    firstText(two.doc).insert(firstText(two.doc).length, ' (lần 1)');
    appendParagraph(one.doc, 'Ý kiến của Sở Tài chính: thống nhất.');
    appendParagraph(two.doc, 'Ý kiến của Sở Kế hoạch và Đầu tư: đề nghị bổ sung số liệu.');
    await one.settle();
    await two.settle();
    await eventually(() => expect(textOf(one.doc)).toBe(textOf(two.doc)));
    expect(firstText(one.doc).toString()).toBe('DỰ THẢO - BIÊN BẢN CUỘC HỌP (lần 1)');
    expect(textOf(one.doc)).toContain('Sở Tài chính');
    expect(textOf(one.doc)).toContain('Sở Kế hoạch và Đầu tư');

    // The second secretary's tablet loses the network and keeps writing; the first writes too.
    two.disconnect();
    appendParagraph(two.doc, 'Ghi chú khi mất mạng: Chủ tọa yêu cầu hoàn thiện trước 15/12.');
    firstText(one.doc).delete(0, 'DỰ THẢO - '.length);
    await one.settle();
    const back = await open(secretary2, meetingId, two.doc);
    await back.settle();
    await eventually(() => expect(textOf(one.doc)).toBe(textOf(back.doc)));
    expect(firstText(one.doc).toString()).toBe('BIÊN BẢN CUỘC HỌP (lần 1)');
    expect(textOf(one.doc)).toContain('Ghi chú khi mất mạng');
    // A fresh reader gets the merged document from the store.
    const fresh = await open(chair);
    expect(textOf(fresh.doc)).toBe(textOf(one.doc));
    for (const c of [one, back, fresh]) c.disconnect();
  });

  it('refuses participants who may not write, and stores nothing of what they send', async () => {
    const refusedJoin = (await (
      await connect(delegateA)
    )
      .timeout(10_000)
      .emitWithAck('doc:join', { documentId: meetingId, layer: 'minutes' })) as Result<unknown>;
    expect(refusedJoin).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    if (!refusedJoin.ok) expect(refusedJoin.error.message).toContain('Chủ tọa cho phép');

    // A delegate may not flip the toggle; the chair may.
    const notChair = await delegateA.client.put(`/api/meetings/${meetingId}/minutes/settings`, {
      othersMayEdit: true,
    });
    expect(notChair.status).toBe(403);
    const bySecretary = await secretary.client.put(`/api/meetings/${meetingId}/minutes/settings`, {
      othersMayEdit: true,
    });
    expect(bySecretary.status).toBe(403);
    const allowed = await chair.client.put<{ minutes: MinutesState }>(
      `/api/meetings/${meetingId}/minutes/settings`,
      { othersMayEdit: true },
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body.minutes.othersMayEdit).toBe(true);

    const delegate = await open(delegateA);
    expect(delegate.canWrite).toBe(true);
    appendParagraph(delegate.doc, 'Đại biểu Lê Hồng Sơn bổ sung ý kiến.');
    await delegate.settle();
    expect(delegate.errors).toEqual([]);

    // An observer reads but may not write: the update is refused and nothing is stored.
    const watcher = await open(observer);
    expect(watcher.canWrite).toBe(false);
    const before = await rows();
    watcher.canWrite = true;
    appendParagraph(watcher.doc, 'Quan sát viên cố sửa biên bản.');
    await watcher.settle();
    expect(watcher.errors).toEqual(['forbidden']);
    expect(await rows()).toEqual(before);

    // The chair takes the permission back: the delegate's socket leaves the minutes at once (the
    // live access check), so its next update is answered "not joined" and nothing is stored.
    await chair.client.put(`/api/meetings/${meetingId}/minutes/settings`, { othersMayEdit: false });
    const stale = before.length;
    appendParagraph(delegate.doc, 'Sửa sau khi bị thu hồi quyền.');
    await delegate.settle();
    expect(delegate.errors).toEqual(['invalid_state']);
    expect((await rows()).length).toBe(stale);
    const check = await open(secretary);
    expect(textOf(check.doc)).toContain('Đại biểu Lê Hồng Sơn bổ sung ý kiến.');
    expect(textOf(check.doc)).not.toContain('Quan sát viên cố sửa');
    expect(textOf(check.doc)).not.toContain('bị thu hồi quyền');
    for (const c of [delegate, watcher, check]) c.disconnect();
  });

  it('refuses malformed Yjs updates and updates outside the editor’s document, changing nothing', async () => {
    const sec = await open(secretary);
    const before = await rows();
    const junk = await sec.send(new Uint8Array(randomBytes(64)));
    expect(junk).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    if (!junk.ok) expect(junk.error.message).toContain('Dữ liệu biên bản gửi lên bị hỏng');
    const other = new Y.Doc();
    other.getMap('page:1').set('x', 'không thuộc biên bản');
    const foreign = await sec.send(Y.encodeStateAsUpdate(other));
    expect(foreign).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const truncated = Y.encodeStateAsUpdate(sec.doc).slice(0, 40);
    const cut = await sec.send(truncated);
    expect(cut.ok).toBe(false);
    expect(await rows()).toEqual(before);
    const fresh = await open(chair);
    expect(textOf(fresh.doc)).toBe(textOf(sec.doc));
    sec.disconnect();
    fresh.disconnect();
  });

  it('locks the minutes with a version: edits are refused with a clear message, the locked text stays', async () => {
    const sec = await open(secretary);
    const en = new LayerClient(meetingId, 'minutes');
    await en.connect(await connect(secretary2, 'en'));
    const changed = new Promise<unknown>((resolve) => sec.socket!.once('minutes:changed', resolve));
    const locked = await secretary.client.post<{ minutes: MinutesState }>(
      `/api/meetings/${meetingId}/minutes/lock`,
      { name: 'Bản trình ký' },
    );
    expect(locked.status).toBe(200);
    expect(locked.body.minutes).toMatchObject({
      locked: true,
      canWrite: false,
      lockedByName: secretary.name,
    });
    expect(await changed).toMatchObject({ meetingId, locked: true });
    const lockVersion = locked.body.minutes.versions.find(
      (v) => v.id === locked.body.minutes.lockedVersionId,
    )!;
    expect(lockVersion).toMatchObject({ kind: 'lock', name: 'Bản trình ký', createdByName: secretary.name });
    const lockedText = await versionText(secretary, lockVersion.id);
    expect(lockedText).toContain('Đại biểu Lê Hồng Sơn bổ sung ý kiến.');

    const before = await rows();
    appendParagraph(sec.doc, 'Sửa sau khi khóa.');
    const refused = await sec.send(Y.encodeStateAsUpdate(sec.doc));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    if (!refused.ok) expect(refused.error.message).toContain('Biên bản đã khóa để ký');
    appendParagraph(en.doc, 'Edit after lock.');
    const refusedEn = await en.send(Y.encodeStateAsUpdate(en.doc));
    if (!refusedEn.ok) expect(refusedEn.error.message).toContain('The minutes are locked for signing');
    expect(refusedEn.ok).toBe(false);
    expect(await rows()).toEqual(before);
    expect((await secretary.client.post(`/api/meetings/${meetingId}/minutes/lock`, {})).status).toBe(409);
    expect(
      (await secretary.client.post(`/api/meetings/${meetingId}/minutes/versions`, { name: 'Sau khóa' }))
        .status,
    ).toBe(409);

    // Once locked, every participant may read them (not write).
    const reader = await open(delegateA);
    expect(reader.canWrite).toBe(false);
    expect(textOf(reader.doc)).not.toContain('Sửa sau khi khóa.');
    const state = await delegateA.client.get<{ minutes: MinutesState }>(`/api/meetings/${meetingId}/minutes`);
    expect(state.body.minutes).toMatchObject({ locked: true, canWrite: false, canLock: false });

    // Reopened for a new version: writes go through again, the locked version is as it was.
    const reopened = await secretary.client.post<{ minutes: MinutesState }>(
      `/api/meetings/${meetingId}/minutes/reopen`,
    );
    expect(reopened.body.minutes.locked).toBe(false);
    const again = await open(secretary);
    appendParagraph(again.doc, 'Bổ sung sau khi mở lại.');
    await again.settle();
    expect(again.errors).toEqual([]);
    expect(await versionText(secretary, lockVersion.id)).toBe(lockedText);
    const newer = await versionText(secretary, (await saveVersion(secretary, 'Bản sửa lần 2')).id);
    expect(newer).toContain('Bổ sung sau khi mở lại.');
    expect(lockedText).not.toContain('Bổ sung sau khi mở lại.');
    for (const c of [sec, en, reader, again]) c.disconnect();
  });

  it('validates the REST input and answers in the caller’s language', async () => {
    const base = `/api/meetings/${meetingId}/minutes`;
    expect((await secretary.client.put(`${base}/settings`, { othersMayEdit: 'yes' })).status).toBe(400);
    const empty = await secretary.client.post<{ error: { message: string } }>(`${base}/versions`, {
      name: '  ',
    });
    expect(empty.status).toBe(400);
    const control = await secretary.client.post(`${base}/versions`, { name: 'Bản\u0000 lỗi' });
    expect(control.status).toBe(400);
    const missing = await secretary.client.get<{ error: { message: string } }>(
      `${base}/versions/00000000-0000-4000-8000-000000000000`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('Không tìm thấy phiên bản biên bản này.');
    const english = new ApiClient(server.url, 'en');
    english.cookie = delegateB.client.cookie;
    const refused = await english.get<{ error: { message: string } }>(base);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('The minutes can be read only');
    const versions = await secretary.client.get<{ minutes: MinutesState }>(base);
    expect(versions.body.minutes.versions.map((v) => v.name)).toEqual(
      expect.arrayContaining(['Bản đầu', 'Bản trình ký', 'Bản sửa lần 2']),
    );
  });
});
