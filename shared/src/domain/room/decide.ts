import type { RoomCommand } from '../../schemas/room.js';
import { authorize, type Permission } from '../permissions.js';
import { enqueue, removeRequest, reorder, type SpeakerRequest } from '../speakers.js';
import { extendTimer, pauseTimer, resumeTimer, startTimer, timerElapsedMs } from '../timers.js';
import {
  DEFAULT_SPEAKING_SECONDS,
  type AttendanceRecord,
  type RoomActor,
  type RoomContext,
  type RoomDocumentView,
  type RoomError,
  type RoomErrorReason,
  type RoomResult,
  type RoomSpeaker,
  type RoomSpeech,
  type RoomState,
} from './types.js';

const fail = (
  code: RoomError['code'],
  reason: RoomErrorReason,
  params?: RoomError['params'],
): RoomResult => ({
  ok: false,
  error: params ? { code, reason, params } : { code, reason },
});

/** A command's new state (and what it was about), or why it was refused. */
export type Change = { state: RoomState; target?: string | null; reason?: string | null } | RoomResult;

/** The speaker's speech, closed at `now`. */
function speechOf(s: RoomSpeaker, now: string): RoomSpeech {
  return {
    participantId: s.participantId,
    name: s.name,
    kind: s.kind,
    agendaItemId: s.agendaItemId,
    startedAt: s.startedAt,
    endedAt: now,
    plannedSeconds: s.timer.plannedSeconds,
    spokenSeconds: Math.round(timerElapsedMs(s.timer, Date.parse(now)) / 1000),
  };
}

const withoutSpeaker = (st: RoomState, now: string): RoomState =>
  st.speaker ? { ...st, speaker: null, speeches: [...st.speeches, speechOf(st.speaker, now)] } : st;

/** Closes the current item's actual time. */
const closeItem = (st: RoomState, now: string): RoomState => {
  const cur = st.currentItem;
  const times = cur ? st.itemTimes[cur.itemId] : undefined;
  if (!cur || !times || times.actualEnd !== null) return st;
  return { ...st, itemTimes: { ...st.itemTimes, [cur.itemId]: { ...times, actualEnd: now } } };
};

/** A document shown from its `page`, at the default zoom. */
const documentView = (doc: { id: string; name: string; pages: number }, page: number): RoomDocumentView => ({
  documentId: doc.id,
  name: doc.name,
  pages: doc.pages,
  page,
  zoom: 1,
  scrollX: 0,
  scrollY: 0,
});

/** The new state one command leads to, before `seq`, time and quorum are stamped (see `applyRoomCommand`). */
export function decide(st: RoomState, cmd: RoomCommand, actor: RoomActor, ctx: RoomContext): Change {
  const now = ctx.now;
  const nowMs = Date.parse(now);
  const may = (p: Permission) =>
    authorize(actor.subject, p, {
      confidentiality: ctx.confidentiality,
      isPresenter: st.presenter !== null && st.presenter.participantId === actor.participantId,
    });
  const control = (): RoomResult | null =>
    may('room:control') ? null : fail('forbidden', 'room_forbidden_control');
  const live = (): RoomResult | null =>
    st.status === 'not_started'
      ? fail('invalid_state', 'room_not_started')
      : st.status === 'ended'
        ? fail('invalid_state', 'room_ended')
        : null;
  const participant = (id: string) => ctx.participants.find((p) => p.id === id);

  switch (cmd.type) {
    case 'room.start': {
      const e =
        control() ??
        (st.status === 'not_started'
          ? null
          : fail('invalid_state', st.status === 'ended' ? 'room_ended' : 'room_already_started'));
      if (e) return e;
      return { state: { ...st, status: 'running', startedAt: now } };
    }
    case 'room.pause': {
      const e =
        control() ?? live() ?? (st.status === 'running' ? null : fail('invalid_state', 'room_not_running'));
      if (e) return e;
      const speaker = st.speaker ? { ...st.speaker, timer: pauseTimer(st.speaker.timer, nowMs) } : null;
      return { state: { ...st, status: 'paused', pausedAt: now, speaker } };
    }
    case 'room.resume': {
      const e =
        control() ?? live() ?? (st.status === 'paused' ? null : fail('invalid_state', 'room_not_paused'));
      if (e) return e;
      const speaker = st.speaker ? { ...st.speaker, timer: resumeTimer(st.speaker.timer, nowMs) } : null;
      return { state: { ...st, status: 'running', pausedAt: null, speaker } };
    }
    case 'room.end': {
      const e = control() ?? live();
      if (e) return e;
      let next = closeItem(withoutSpeaker(st, now), now);
      const attendance: Record<string, AttendanceRecord> = {};
      for (const [id, a] of Object.entries(next.attendance))
        attendance[id] = a.present ? { ...a, present: false, leftAt: now } : a;
      next = { ...next, status: 'ended', endedAt: now, pausedAt: null, queue: [], attendance };
      return { state: next };
    }
    case 'item.goto': {
      const e = control() ?? live();
      if (e) return e;
      const item = ctx.items.find((i) => i.id === cmd.itemId);
      if (!item) return fail('invalid_input', 'room_item_unknown');
      if (st.currentItem?.itemId === item.id) return { state: st, target: item.id };
      let next = closeItem(st, now);
      const prior = next.itemTimes[item.id];
      // Coming back to an item reopens it; its first start is kept.
      next = {
        ...next,
        currentItem: { itemId: item.id, plannedMinutes: item.plannedMinutes, startedAt: now },
        itemTimes: {
          ...next.itemTimes,
          [item.id]: { actualStart: prior?.actualStart ?? now, actualEnd: null },
        },
      };
      const presenter = item.presenterId ? participant(item.presenterId) : undefined;
      if (presenter) next = { ...next, presenter: { participantId: presenter.id, name: presenter.name } };
      // The item's main document comes up on every tablet, unless the chair turned that off.
      const main = ctx.document;
      if (st.autoOpenDocuments && main && main.id !== st.document?.documentId)
        next = { ...next, document: documentView(main, 1) };
      return { state: next, target: item.id };
    }
    case 'presenter.set': {
      const e = control() ?? (st.status === 'ended' ? fail('invalid_state', 'room_ended') : null);
      if (e) return e;
      if (cmd.participantId === null) return { state: { ...st, presenter: null } };
      const p = participant(cmd.participantId);
      if (!p) return fail('invalid_input', 'room_participant_unknown');
      return { state: { ...st, presenter: { participantId: p.id, name: p.name } }, target: p.id };
    }
    case 'document.open': {
      const e =
        (may('room:present') ? null : fail('forbidden', 'room_forbidden_present')) ??
        (st.status === 'ended' ? fail('invalid_state', 'room_ended') : null);
      if (e) return e;
      const doc = ctx.document;
      if (!doc || doc.id !== cmd.documentId) return fail('invalid_input', 'room_document_unknown');
      const page = cmd.page ?? 1;
      if (page > doc.pages) return fail('invalid_input', 'room_page_out_of_range', { pages: doc.pages });
      return { state: { ...st, document: documentView(doc, page) }, target: doc.id };
    }
    case 'document.autoOpen': {
      const e = control() ?? (st.status === 'ended' ? fail('invalid_state', 'room_ended') : null);
      if (e) return e;
      return { state: { ...st, autoOpenDocuments: cmd.enabled } };
    }
    case 'document.close': {
      const e =
        (may('room:present') ? null : fail('forbidden', 'room_forbidden_present')) ??
        (st.document ? null : fail('invalid_state', 'room_no_document'));
      if (e) return e;
      return { state: { ...st, document: null } };
    }
    case 'page.goto': {
      const e =
        (may('room:present') ? null : fail('forbidden', 'room_forbidden_present')) ??
        (st.status === 'ended' ? fail('invalid_state', 'room_ended') : null);
      if (e) return e;
      const doc = st.document;
      if (!doc) return fail('invalid_state', 'room_no_document');
      if (cmd.page > doc.pages) return fail('invalid_input', 'room_page_out_of_range', { pages: doc.pages });
      const document: RoomDocumentView = {
        ...doc,
        page: cmd.page,
        zoom: cmd.zoom ?? doc.zoom,
        scrollX: cmd.scrollX ?? (cmd.page === doc.page ? doc.scrollX : 0),
        scrollY: cmd.scrollY ?? (cmd.page === doc.page ? doc.scrollY : 0),
      };
      return { state: { ...st, document }, target: doc.documentId };
    }
    case 'speaker.request': {
      const e = (may('room:speak') ? null : fail('forbidden', 'room_forbidden_speak')) ?? live();
      if (e) return e;
      const me = actor.participantId ? participant(actor.participantId) : undefined;
      if (!me) return fail('forbidden', 'room_not_participant');
      if (st.queue.some((r) => r.participantId === me.id))
        return fail('invalid_state', 'speaker_already_waiting');
      if (cmd.agendaItemId !== null && !ctx.items.some((i) => i.id === cmd.agendaItemId))
        return fail('invalid_input', 'room_item_unknown');
      const request: SpeakerRequest = {
        id: ctx.freshId,
        participantId: me.id,
        name: me.name,
        kind: cmd.kind,
        agendaItemId: cmd.agendaItemId,
        requestedAt: now,
      };
      return { state: { ...st, queue: enqueue(st.queue, request) }, target: request.id };
    }
    case 'speaker.withdraw': {
      const r = st.queue.find((q) => q.id === cmd.requestId);
      if (!r) return fail('invalid_state', 'speaker_request_unknown');
      if (r.participantId !== actor.participantId && !may('room:control'))
        return fail('forbidden', 'speaker_not_own');
      return { state: { ...st, queue: removeRequest(st.queue, r.id) }, target: r.id };
    }
    case 'speaker.reject': {
      const e = control();
      if (e) return e;
      const r = st.queue.find((q) => q.id === cmd.requestId);
      if (!r) return fail('invalid_state', 'speaker_request_unknown');
      return { state: { ...st, queue: removeRequest(st.queue, r.id) }, target: r.id, reason: cmd.reason };
    }
    case 'speaker.reorder': {
      const e = control();
      if (e) return e;
      const queue = reorder(st.queue, cmd.requestIds);
      if (!queue) return fail('invalid_state', 'speaker_queue_stale');
      return { state: { ...st, queue } };
    }
    case 'speaker.grant': {
      const e =
        control() ?? live() ?? (st.status === 'running' ? null : fail('invalid_state', 'room_not_running'));
      if (e) return e;
      const r = st.queue.find((q) => q.id === cmd.requestId);
      if (!r) return fail('invalid_state', 'speaker_request_unknown');
      const next = withoutSpeaker(st, now);
      const speaker: RoomSpeaker = {
        requestId: r.id,
        participantId: r.participantId,
        name: r.name,
        kind: r.kind,
        agendaItemId: r.agendaItemId,
        startedAt: now,
        timer: startTimer(cmd.plannedSeconds ?? DEFAULT_SPEAKING_SECONDS, nowMs),
      };
      return { state: { ...next, speaker, queue: removeRequest(next.queue, r.id) }, target: r.participantId };
    }
    case 'speaker.finish': {
      const e = control() ?? (st.speaker ? null : fail('invalid_state', 'speaker_none'));
      if (e) return e;
      return { state: withoutSpeaker(st, now), target: st.speaker?.participantId ?? null };
    }
    case 'timer.extend': {
      const e = control() ?? (st.speaker ? null : fail('invalid_state', 'speaker_none'));
      if (e || !st.speaker) return e ?? fail('invalid_state', 'speaker_none');
      return {
        state: { ...st, speaker: { ...st.speaker, timer: extendTimer(st.speaker.timer, cmd.seconds) } },
      };
    }
    case 'attendance.checkin':
    case 'attendance.checkout': {
      const self = cmd.participantId === undefined || cmd.participantId === actor.participantId;
      if (self && !may('room:checkin')) return fail('forbidden', 'room_not_participant');
      if (!self && !may('room:control')) return fail('forbidden', 'room_forbidden_checkin');
      if (st.status === 'not_started') return fail('invalid_state', 'room_checkin_not_started');
      if (st.status === 'ended') return fail('invalid_state', 'room_checkin_ended');
      const id = cmd.participantId ?? actor.participantId;
      const p = id ? participant(id) : undefined;
      if (!p) return fail('invalid_input', 'room_participant_unknown');
      const prior = st.attendance[p.id];
      const by = self ? 'self' : 'secretary';
      let record: AttendanceRecord;
      if (cmd.type === 'attendance.checkin') {
        if (prior?.present) return fail('invalid_state', 'room_already_present', { name: p.name });
        record = { present: true, arrivedAt: prior?.arrivedAt ?? now, leftAt: null, by };
      } else {
        if (!prior?.present) return fail('invalid_state', 'room_not_present', { name: p.name });
        record = { ...prior, present: false, leftAt: now, by };
      }
      return { state: { ...st, attendance: { ...st.attendance, [p.id]: record } }, target: p.id };
    }
  }
}
