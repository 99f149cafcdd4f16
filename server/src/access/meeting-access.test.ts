import { describe, expect, it } from 'vitest';
import { DEFAULT_QUORUM, type MeetingRole, type Participant } from '@icabinet/shared';
import type { MeetingRecord } from '../store/port.js';
import {
  HOT_REFRESH_MS,
  HOT_TTL_MS,
  MeetingAccess,
  MeetingStanding,
  visibilityOf,
  type Decision,
} from './meeting-access.js';

const NOW = '2026-11-20T01:00:00.000Z';

function meeting(over: Partial<MeetingRecord> = {}): MeetingRecord {
  return {
    id: '8d3f6a2e-1b7c-4c1e-9a55-0d6f2b9e4a10',
    title: 'Phiên họp UBND Thành phố thường kỳ',
    description: null,
    agendaVersion: 0,
    seriesId: null,
    sharedAnnotationsOpen: false,
    kind: 'regular',
    location: 'Phòng họp số 1',
    startsAt: NOW,
    endsAt: '2026-11-20T03:00:00.000Z',
    status: 'published',
    confidentiality: 'internal',
    chairId: null,
    quorumRule: DEFAULT_QUORUM,
    statusReason: null,
    createdBy: 'a1b2c3d4-0000-4000-8000-000000000001',
    createdAt: NOW,
    updatedAt: NOW,
    version: 0,
    ...over,
  };
}

const participant = (role: MeetingRole, votingRight = true): Participant => ({
  id: '5c1d2e3f-4a5b-4c6d-8e7f-901a2b3c4d5e',
  meetingId: meeting().id,
  userId: 'u',
  guest: null,
  role,
  votingRight,
  seat: null,
  deputyForId: null,
  createdAt: NOW,
});

const member = { userId: 'u', systemRole: 'member' as const };
const doc = (openBy: 'participants' | 'voting' | 'organisers', download = true, watermark = false) => ({
  classification: { openBy, download, watermark },
});
const reason = (d: Decision) => (d.allow ? 'allow' : `${d.status} ${d.reason}`);

describe('MeetingStanding: the answer and the reason, as every route and socket gives them', () => {
  it('requires a need: the standing itself when allowed, the refusal with its status otherwise', () => {
    const delegate = new MeetingStanding(member, meeting(), participant('delegate'));
    expect(delegate.require('view')).toBe(delegate);
    expect(() => new MeetingStanding(member, meeting(), null).require('view')).toThrow(
      expect.objectContaining({ status: 403, key: 'not_participant' }),
    );
    expect(() => delegate.require('edit')).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('tells a delegate of a draft that it is not published, and an outsider that it is not theirs', () => {
    const draft = meeting({ status: 'draft' });
    expect(reason(new MeetingStanding(member, draft, participant('delegate')).decide('view'))).toBe(
      '403 meeting_not_published',
    );
    expect(reason(new MeetingStanding(member, draft, null).decide('view'))).toBe('403 not_participant');
    expect(reason(new MeetingStanding(member, draft, participant('chair')).decide('edit'))).toBe('allow');
  });

  it('refuses a change to a closed or cancelled meeting with 409 and says why', () => {
    const chair = participant('chair');
    expect(reason(new MeetingStanding(member, meeting({ status: 'closed' }), chair).decide('edit'))).toBe(
      '409 meeting_closed',
    );
    const cancelled = meeting({ status: 'cancelled', statusReason: 'Trùng lịch' });
    const d = new MeetingStanding(member, cancelled, chair).decide('edit');
    expect(d).toEqual({
      allow: false,
      status: 409,
      reason: 'meeting_cancelled',
      params: { reason: 'Trùng lịch' },
    });
    expect(reason(new MeetingStanding(member, cancelled, chair).decide('editDocuments'))).toBe(
      '409 document_meeting_locked',
    );
    // Reading stays open.
    expect(reason(new MeetingStanding(member, cancelled, chair).decide('organise'))).toBe('allow');
  });

  it('gives each document refusal its own reason', () => {
    const delegate = new MeetingStanding(member, meeting(), participant('delegate', false));
    expect(reason(delegate.decideDocument(doc('organisers'), 'open'))).toBe('403 document_open_forbidden');
    expect(reason(delegate.decideDocument(doc('voting'), 'open'))).toBe('403 document_open_forbidden');
    expect(reason(delegate.decideDocument(doc('participants', false), 'download'))).toBe(
      '403 document_download_forbidden',
    );
    expect(reason(delegate.decideDocument(doc('participants'), 'show'))).toBe('403 room_forbidden_present');
    expect(reason(delegate.decideDocument(doc('participants'), 'show', { isPresenter: true }))).toBe('allow');
    const chair = new MeetingStanding(member, meeting(), participant('chair'));
    expect(reason(chair.decideDocument(doc('organisers'), 'show'))).toBe('403 room_document_restricted');
    const observer = new MeetingStanding(member, meeting(), participant('observer'));
    expect(reason(observer.decideDocument(doc('participants'), 'annotatePrivate'))).toBe(
      '403 annotation_read_only',
    );
    // Someone outside the meeting hears about the document only.
    const outsider = new MeetingStanding(member, meeting(), null);
    expect(reason(outsider.decideDocument(doc('participants'), 'open'))).toBe('403 document_open_forbidden');
  });

  it("stamps the copies of every document of a confidential meeting, whatever the document's own setting", () => {
    const s = new MeetingStanding(
      member,
      meeting({ confidentiality: 'confidential' }),
      participant('delegate'),
    );
    expect(s.classification(doc('participants', true, false)).watermark).toBe(true);
    const internal = new MeetingStanding(member, meeting(), participant('delegate'));
    expect(internal.classification(doc('participants', true, false)).watermark).toBe(false);
    expect(internal.classification(doc('participants', true, true)).watermark).toBe(true);
  });

  it('lists for the secretariat its own meetings and every non-confidential one, for admins all', () => {
    expect(visibilityOf({ userId: 'a', systemRole: 'admin' })).toBeUndefined();
    expect(visibilityOf({ userId: 's', systemRole: 'secretary' })).toEqual({
      userId: 's',
      nonConfidential: true,
    });
    expect(visibilityOf({ userId: 'm', systemRole: 'member' })).toEqual({
      userId: 'm',
      nonConfidential: false,
    });
  });
});

describe('MeetingAccess: the hot paths’ cache', () => {
  /** A store that counts reads and whose answers the test changes. */
  function world() {
    let now = 1_000_000;
    const reads = { meetings: 0, participants: 0, documents: 0 };
    const state = { participant: participant('delegate') as Participant | null };
    const doc = { id: 'd1', meetingId: meeting().id, classification: { openBy: 'participants' } };
    const store = {
      meetings: { getById: () => (reads.meetings++, Promise.resolve(meeting())) },
      participants: { getByMeetingAndUser: () => (reads.participants++, Promise.resolve(state.participant)) },
      documents: { getById: () => (reads.documents++, Promise.resolve(doc)) },
      room: {},
    } as unknown as ConstructorParameters<typeof MeetingAccess>[0];
    const access = new MeetingAccess(store, () => now);
    return { access, reads, state, tick: (ms: number) => (now += ms) };
  }
  const caller = { userId: 'u', systemRole: 'member' as const };
  const id = meeting().id;

  it('reads a standing once, then from the cache until a change of the meeting or the user', async () => {
    const { access, reads, state } = world();
    expect((await access.hotStanding(caller, id)).role).toBe('delegate');
    await access.hotStanding(caller, id);
    expect(reads.participants).toBe(1);
    state.participant = null;
    access.forget({ kind: 'meeting', meetingId: 'another-meeting' });
    expect((await access.hotStanding(caller, id)).role).toBe('delegate');
    access.forget({ kind: 'meeting', meetingId: id });
    expect((await access.hotStanding(caller, id)).role).toBeNull();
    state.participant = participant('chair');
    access.forget({ kind: 'user', userId: 'someone-else' });
    expect((await access.hotStanding(caller, id)).role).toBeNull();
    access.forget({ kind: 'user', userId: 'u' });
    expect((await access.hotStanding(caller, id)).role).toBe('chair');
    // Another system role is another entry (a role change this process was not told of).
    expect((await access.hotStanding({ ...caller, systemRole: 'admin' }, id)).subject.systemRole).toBe(
      'admin',
    );
  });

  it('reads again once the entry is HOT_TTL_MS old (a change notice that never came)', async () => {
    const { access, reads, tick } = world();
    await access.hotStanding(caller, id);
    tick(HOT_TTL_MS - 1);
    await access.hotStanding(caller, id);
    expect(reads.meetings).toBe(1);
    tick(1);
    await access.hotStanding(caller, id);
    expect(reads.meetings).toBe(2);
  });

  it('reads an entry again in the background in its last HOT_REFRESH_MS, the caller not waiting for it', async () => {
    const { access, reads, state, tick } = world();
    await access.hotStanding(caller, id);
    tick(HOT_TTL_MS - HOT_REFRESH_MS);
    // Changed without a notice: the cached answer (still younger than HOT_TTL_MS) is what a page turn gets now…
    state.participant = participant('chair');
    expect((await access.hotStanding(caller, id)).role).toBe('delegate');
    expect((await access.hotStanding(caller, id)).role).toBe('delegate');
    expect(reads.participants).toBe(1);
    // …while one read runs after this event-loop turn,
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads.participants).toBe(2);
    // and once the old entry would have expired, the new one answers without a read on the way.
    tick(HOT_REFRESH_MS);
    expect((await access.hotStanding(caller, id)).role).toBe('chair');
    expect(reads.participants).toBe(2);
  });

  it('answers from the store at once after a change, whatever a background read is doing', async () => {
    const { access, reads, state, tick } = world();
    await access.hotStanding(caller, id);
    tick(HOT_TTL_MS - HOT_REFRESH_MS / 2);
    await access.hotStanding(caller, id);
    // The change arrives before the background read has run: the entry is gone at once.
    state.participant = null;
    access.forget({ kind: 'meeting', meetingId: id });
    expect((await access.hotStanding(caller, id)).role).toBeNull();
    expect(reads.participants).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await access.hotStanding(caller, id)).role).toBeNull();
  });

  it('does not keep an answer read before a change that came while it was read', async () => {
    const { access, reads, state } = world();
    const pending = access.hotStanding(caller, id);
    state.participant = null;
    access.forget({ kind: 'meeting', meetingId: id });
    await pending;
    // Not kept: the next call reads again.
    expect((await access.hotStanding(caller, id)).role).toBeNull();
    expect(reads.participants).toBe(2);
  });

  it('caches a shown document and drops it with its meeting’s change', async () => {
    const { access, reads } = world();
    await access.hotDocument('d1');
    await access.hotDocument('d1');
    expect(reads.documents).toBe(1);
    access.forget({ kind: 'user', userId: 'u' });
    await access.hotDocument('d1');
    expect(reads.documents).toBe(1);
    access.forget({ kind: 'meeting', meetingId: id });
    await access.hotDocument('d1');
    expect(reads.documents).toBe(2);
  });

  it('reads the meeting once for many callers (a room of voters), and again after its change', async () => {
    const { access, reads } = world();
    for (const userId of ['u1', 'u2', 'u3']) await access.hotStanding({ ...caller, userId }, id);
    expect(reads).toMatchObject({ meetings: 1, participants: 3 });
    // A user's change drops that user's standing only, not the meeting everyone shares.
    access.forget({ kind: 'user', userId: 'u1' });
    await access.hotStanding({ ...caller, userId: 'u1' }, id);
    expect(reads).toMatchObject({ meetings: 1, participants: 4 });
    access.forget({ kind: 'meeting', meetingId: id });
    await access.hotStanding({ ...caller, userId: 'u2' }, id);
    expect(reads).toMatchObject({ meetings: 2, participants: 5 });
  });

  it('makes a ballot’s standing from the shared meeting and the caller’s row read now, keeping neither per caller', async () => {
    const { access, reads, state } = world();
    await access.quickStanding(caller, id);
    expect((await access.quickStanding(caller, id)).role).toBe('delegate');
    expect(reads).toMatchObject({ meetings: 1, participants: 2 });
    // A participant row changed without a notice is seen at once (no standing was kept)…
    state.participant = participant('chair');
    expect((await access.quickStanding(caller, id)).role).toBe('chair');
    // …and the meeting's change drops the shared meeting.
    access.forget({ kind: 'meeting', meetingId: id });
    await access.quickStanding(caller, id);
    expect(reads.meetings).toBe(2);
  });

  it('makes a standing no younger than the shared meeting it was made from', async () => {
    const { access, reads, tick } = world();
    await access.hotStanding({ ...caller, userId: 'u1' }, id);
    tick(HOT_TTL_MS - 2);
    // u2's standing is new but its meeting is almost HOT_TTL_MS old: both expire together.
    await access.hotStanding({ ...caller, userId: 'u2' }, id);
    expect(reads.meetings).toBe(1);
    tick(2);
    await access.hotStanding({ ...caller, userId: 'u2' }, id);
    expect(reads.meetings).toBe(2);
  });
});
