import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoomCommand } from '../schemas/room.js';
import { authorize, type Subject } from './permissions.js';
import {
  applyRoomCommand,
  diffRoomState,
  applyRoomPatch,
  initialRoomState,
  type RoomActor,
  type RoomContext,
  type RoomParticipant,
  type RoomState,
} from './room.js';

const RULE = { numerator: 1, denominator: 2, comparison: 'gt' as const };
const MEETING = '00000000-0000-4000-8000-000000000000';
const pid = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const people: RoomParticipant[] = [1, 2, 3, 4, 5].map((n) => ({
  id: pid(n),
  userId: `u${n}`,
  name: `Đại biểu ${n}`,
  votingRight: true,
  deputyForId: null,
}));
const CHAIR: RoomActor = {
  userId: 'u1',
  name: 'Chủ tọa',
  participantId: pid(1),
  subject: { systemRole: 'member', meetingRole: 'chair' },
};
const delegate = (n: number): RoomActor => ({
  userId: `u${n}`,
  name: `Đại biểu ${n}`,
  participantId: pid(n),
  subject: { systemRole: 'member', meetingRole: 'delegate', votingRight: true },
});

let ids = 0;
const ctx = (overrides: Partial<RoomContext> = {}): RoomContext => ({
  now: new Date(Date.parse('2024-12-05T01:00:00Z') + ids * 1000).toISOString(),
  confidentiality: 'internal',
  quorumRule: RULE,
  participants: people,
  items: [{ id: 'item-1', plannedMinutes: 20, presenterId: pid(2) }],
  document: { id: 'doc-1', name: 'Báo cáo', pages: 10 },
  freshId: `req-${++ids}`,
  ...overrides,
});

function run(state: RoomState, command: RoomCommand, actor: RoomActor = CHAIR): RoomState {
  const r = applyRoomCommand(state, command, actor, ctx());
  if (!r.ok) throw new Error(`${command.type}: ${r.error.reason}`);
  return r.state;
}

const started = () => run(initialRoomState(MEETING, RULE, ctx().now), { type: 'room.start' });

describe('room permissions', () => {
  const who: Record<string, Subject> = {
    admin: { systemRole: 'admin', meetingRole: null },
    sysSecretary: { systemRole: 'secretary', meetingRole: null },
    chair: { systemRole: 'member', meetingRole: 'chair' },
    meetingSecretary: { systemRole: 'member', meetingRole: 'secretary' },
    delegate: { systemRole: 'member', meetingRole: 'delegate', votingRight: true },
    guest: { systemRole: 'member', meetingRole: 'guest' },
    observer: { systemRole: 'member', meetingRole: 'observer' },
    outsider: { systemRole: 'member', meetingRole: null },
  };
  const matrix = {
    'room:control': ['admin', 'sysSecretary', 'chair', 'meetingSecretary'],
    'room:present': ['admin', 'sysSecretary', 'chair', 'meetingSecretary'],
    'room:speak': ['chair', 'meetingSecretary', 'delegate', 'guest'],
    'room:checkin': ['chair', 'meetingSecretary', 'delegate', 'guest', 'observer'],
  } as const;
  it.each(Object.entries(matrix))('grants %s to exactly %j', (permission, allowed) => {
    for (const [name, subject] of Object.entries(who)) {
      const got = authorize(subject, permission as keyof typeof matrix, { confidentiality: 'internal' });
      expect(got, name).toBe((allowed as readonly string[]).includes(name));
    }
  });

  it('lets the current presenter move the document, but not a presenter outside the meeting', () => {
    expect(authorize(who.delegate!, 'room:present', { confidentiality: 'internal', isPresenter: true })).toBe(
      true,
    );
    expect(authorize(who.outsider!, 'room:present', { confidentiality: 'internal', isPresenter: true })).toBe(
      false,
    );
  });

  it('keeps a system secretary outside a confidential meeting out of its room', () => {
    expect(authorize(who.sysSecretary!, 'room:control', { confidentiality: 'confidential' })).toBe(false);
  });
});

describe('applyRoomCommand', () => {
  it('numbers every change and refuses to start twice', () => {
    const s = started();
    expect(s.seq).toBe(1);
    const again = applyRoomCommand(s, { type: 'room.start' }, CHAIR, ctx());
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'invalid_state', reason: 'room_already_started' },
    });
  });

  it('lets the item presenter move pages, and refuses a delegate who is not presenting', () => {
    let s = run(started(), { type: 'item.goto', itemId: 'item-1' });
    expect(s.presenter?.participantId).toBe(pid(2));
    s = run(s, { type: 'document.open', documentId: 'doc-1' }, delegate(2));
    s = run(s, { type: 'page.goto', page: 5 }, delegate(2));
    expect(s.document?.page).toBe(5);
    const r = applyRoomCommand(s, { type: 'page.goto', page: 6 }, delegate(3), ctx());
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'room_forbidden_present' } });
    const far = applyRoomCommand(s, { type: 'page.goto', page: 11 }, delegate(2), ctx());
    expect(far).toMatchObject({ ok: false, error: { code: 'invalid_input', params: { pages: 10 } } });
  });

  it("opens the item's main document when the chair moves to it, unless the chair turned that off", () => {
    const opened = run(started(), { type: 'item.goto', itemId: 'item-1' });
    expect(opened.document).toMatchObject({ documentId: 'doc-1', page: 1, zoom: 1 });
    let s = run(started(), { type: 'document.autoOpen', enabled: false });
    expect(s.autoOpenDocuments).toBe(false);
    s = run(s, { type: 'item.goto', itemId: 'item-1' });
    expect(s.document).toBeNull();
    // An item without a document leaves the shown one where it is.
    const two = ctx({
      document: null,
      items: [...ctx().items, { id: 'item-2', plannedMinutes: 10, presenterId: null }],
    });
    const kept = applyRoomCommand(opened, { type: 'item.goto', itemId: 'item-2' }, CHAIR, two);
    expect(kept.ok && kept.state.document?.documentId).toBe('doc-1');
    const refused = applyRoomCommand(s, { type: 'document.autoOpen', enabled: true }, delegate(3), ctx());
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('records planned and actual times of agenda items', () => {
    let s = run(started(), { type: 'item.goto', itemId: 'item-1' });
    expect(s.currentItem).toMatchObject({ itemId: 'item-1', plannedMinutes: 20 });
    s = run(s, { type: 'room.end' });
    expect(s.itemTimes['item-1']?.actualEnd).not.toBeNull();
  });

  it('pauses the speaking timer with the meeting', () => {
    let s = run(started(), { type: 'speaker.request', kind: 'normal', agendaItemId: null }, delegate(3));
    s = run(s, { type: 'speaker.grant', requestId: s.queue[0]!.id, plannedSeconds: 60 });
    s = run(s, { type: 'room.pause' });
    expect(s.speaker?.timer.runningSince).toBeNull();
    s = run(s, { type: 'room.resume' });
    expect(s.speaker?.timer.runningSince).not.toBeNull();
  });

  it('patches a client copy to exactly the server state', () => {
    const before = started();
    const after = run(before, { type: 'attendance.checkin' }, delegate(2));
    expect(applyRoomPatch(before, diffRoomState(before, after))).toEqual(after);
    expect(Object.keys(diffRoomState(before, after)).sort()).toEqual([
      'attendance',
      'quorum',
      'seq',
      'updatedAt',
    ]);
  });

  it('counts the quorum again when the roster or the rule changed, even for a page turn', () => {
    let s = run(started(), { type: 'document.open', documentId: 'doc-1', page: 1 });
    for (const n of [1, 2, 3]) s = run(s, { type: 'attendance.checkin' }, delegate(n));
    expect(s.quorum).toMatchObject({ eligible: 5, present: 3, met: true });
    // A page turn with the same attendance and roster: the same quorum, no quorum event.
    const turn = (from: RoomState, page: number, overrides: Partial<RoomContext> = {}) => {
      const r = applyRoomCommand(from, { type: 'page.goto', page }, CHAIR, ctx(overrides));
      if (!r.ok) throw new Error(r.error.reason);
      return r;
    };
    const turned = turn(s, 2);
    expect(turned.state.quorum).toBe(s.quorum);
    expect(turned.event.quorum).toBeNull();
    // Two members lost their vote meanwhile (a new roster): the next page turn counts 3 of 3.
    const fewer = people.map((p, i) => (i >= 3 ? { ...p, votingRight: false } : p));
    const again = turn(turned.state, 3, { participants: fewer });
    expect(again.state.quorum).toMatchObject({ eligible: 3, present: 3, met: true });
    // A stricter rule on the same attendance and roster: counted again, and lost.
    const ruled = turn(turned.state, 4, { quorumRule: { numerator: 4, denominator: 5, comparison: 'gte' } });
    expect(ruled.state.quorum).toMatchObject({ eligible: 5, present: 3, required: 4, met: false });
    expect(ruled.event.quorum).toBe('lost');
  });

  const step = fc.oneof(
    fc.record({ t: fc.constant('request' as const), who: fc.integer({ min: 2, max: 5 }), poo: fc.boolean() }),
    fc.record({ t: fc.constant('withdraw' as const), who: fc.integer({ min: 2, max: 5 }), pick: fc.nat() }),
    fc.record({ t: fc.constant('reorder' as const), seed: fc.array(fc.nat(), { maxLength: 10 }) }),
    fc.record({ t: fc.constant('grant' as const), pick: fc.nat() }),
    fc.record({ t: fc.constant('reject' as const), pick: fc.nat() }),
    fc.record({ t: fc.constant('finish' as const) }),
    fc.record({ t: fc.constant('checkin' as const), who: fc.integer({ min: 1, max: 5 }) }),
  );

  it('keeps the speaker queue sound under any sequence of commands', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let s = started();
        for (const st of steps) {
          const pick = (n: number) => s.queue[n % Math.max(1, s.queue.length)]?.id ?? 'none';
          let command: RoomCommand;
          let actor = CHAIR;
          switch (st.t) {
            case 'request':
              command = {
                type: 'speaker.request',
                kind: st.poo ? 'point_of_order' : 'normal',
                agendaItemId: null,
              };
              actor = delegate(st.who);
              break;
            case 'withdraw':
              command = { type: 'speaker.withdraw', requestId: pick(st.pick) };
              actor = delegate(st.who);
              break;
            case 'reorder': {
              const order = [...s.queue]
                .map((r, i) => ({ id: r.id, k: st.seed[i] ?? i }))
                .sort((a, b) => a.k - b.k);
              command = { type: 'speaker.reorder', requestIds: order.map((o) => o.id) };
              break;
            }
            case 'grant':
              command = { type: 'speaker.grant', requestId: pick(st.pick) };
              break;
            case 'reject':
              command = { type: 'speaker.reject', requestId: pick(st.pick), reason: null };
              break;
            case 'finish':
              command = { type: 'speaker.finish' };
              break;
            case 'checkin':
              command = { type: 'attendance.checkin' };
              actor = delegate(st.who);
              break;
          }
          const r = applyRoomCommand(s, command, actor, ctx());
          if (!r.ok) continue;
          expect(r.state.seq).toBe(s.seq + 1);
          s = r.state;
          const kinds = s.queue.map((q) => q.kind);
          // Points of order come first.
          expect(kinds).toEqual([...kinds].sort((a, b) => (a === b ? 0 : a === 'point_of_order' ? -1 : 1)));
          // One waiting request per person, unique ids, and the speaker is not also waiting.
          expect(new Set(s.queue.map((q) => q.participantId)).size).toBe(s.queue.length);
          expect(new Set(s.queue.map((q) => q.id)).size).toBe(s.queue.length);
          if (s.speaker) expect(s.queue.some((q) => q.id === s.speaker!.requestId)).toBe(false);
          expect(s.quorum.present).toBe(Object.values(s.attendance).filter((a) => a.present).length);
        }
      }),
    );
  });
});
