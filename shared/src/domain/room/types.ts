import type { Confidentiality, QuorumRule } from '../../schemas/meeting.js';
import type { RoomCommandType } from '../../schemas/room.js';
import type { Subject } from '../permissions.js';
import type { QuorumStatus } from '../quorum.js';
import type { SpeakerRequest } from '../speakers.js';
import type { SpeakingTimer } from '../timers.js';

/** The live room's lifecycle; `not_started` until the chair starts it. */
export const RoomStatus = {
  notStarted: 'not_started',
  running: 'running',
  paused: 'paused',
  ended: 'ended',
} as const;
export type RoomStatus = (typeof RoomStatus)[keyof typeof RoomStatus];

/** Speaking time granted when the chair does not say. */
export const DEFAULT_SPEAKING_SECONDS = 180;

export interface RoomCurrentItem {
  itemId: string;
  plannedMinutes: number;
  startedAt: string;
}

/** When an agenda item was actually taken up and left (planned minutes come from the agenda). */
export interface RoomItemTimes {
  actualStart: string;
  actualEnd: string | null;
}

/** The document everyone follows, and where the presenter is in it. */
export interface RoomDocumentView {
  documentId: string;
  name: string;
  pages: number;
  page: number;
  zoom: number;
  /** Scroll position as fractions of the page. */
  scrollX: number;
  scrollY: number;
}

export interface RoomSpeaker {
  requestId: string;
  participantId: string;
  name: string;
  kind: SpeakerRequest['kind'];
  agendaItemId: string | null;
  startedAt: string;
  timer: SpeakingTimer;
}

/** A finished speech, for the minutes and the timing report. */
export interface RoomSpeech {
  participantId: string;
  name: string;
  kind: SpeakerRequest['kind'];
  agendaItemId: string | null;
  startedAt: string;
  endedAt: string;
  plannedSeconds: number;
  spokenSeconds: number;
}

export interface AttendanceRecord {
  present: boolean;
  /** First arrival. */
  arrivedAt: string | null;
  /** Latest departure (null while present). */
  leftAt: string | null;
  /** Who checked them in last: themself or the secretariat. */
  by: 'self' | 'secretary';
}

/** The server-authoritative state of one meeting's room; every change gets the next `seq`. */
export interface RoomState {
  meetingId: string;
  seq: number;
  status: RoomStatus;
  startedAt: string | null;
  endedAt: string | null;
  pausedAt: string | null;
  currentItem: RoomCurrentItem | null;
  itemTimes: Record<string, RoomItemTimes>;
  presenter: { participantId: string; name: string } | null;
  document: RoomDocumentView | null;
  speaker: RoomSpeaker | null;
  queue: SpeakerRequest[];
  speeches: RoomSpeech[];
  /** By participant id. */
  attendance: Record<string, AttendanceRecord>;
  quorum: QuorumStatus & { rule: QuorumRule };
  /**
   * Whether moving to an agenda item shows its main document (the first one attached to it) to
   * everyone. On by default; the chair turns it off with `document.autoOpen`.
   */
  autoOpenDocuments: boolean;
  updatedAt: string;
}

/** What the rules need to know about one participant. */
export interface RoomParticipant {
  id: string;
  userId: string | null;
  name: string;
  votingRight: boolean;
  deputyForId: string | null;
}

/** Who sends a command. */
export interface RoomActor {
  userId: string;
  name: string;
  /** Their participant record in this meeting (null: not a participant). */
  participantId: string | null;
  subject: Subject;
}

/** Facts the server looked up for this command (the reducer itself reads nothing). */
export interface RoomContext {
  now: string;
  confidentiality: Confidentiality;
  quorumRule: QuorumRule;
  participants: readonly RoomParticipant[];
  items: readonly { id: string; plannedMinutes: number; presenterId: string | null }[];
  /**
   * For `document.open`: the document, when it is one of this meeting's latest documents. For
   * `item.goto`: the item's main document the whole room may see, opened when `autoOpenDocuments`.
   */
  document?: { id: string; name: string; pages: number } | null;
  /** A fresh id for a new speaker request. */
  freshId: string;
}

/** Why a command was refused; `reason` is a stable message key the server renders in vi/en. */
export interface RoomError {
  code: 'forbidden' | 'invalid_state' | 'invalid_input';
  reason: RoomErrorReason;
  params?: Record<string, string | number>;
}

export const ROOM_ERROR_REASONS = [
  'room_forbidden_control',
  'room_forbidden_present',
  'room_forbidden_speak',
  'room_forbidden_checkin',
  'room_not_participant',
  'room_not_started',
  'room_not_running',
  'room_not_paused',
  'room_already_started',
  'room_ended',
  'room_item_unknown',
  'room_document_unknown',
  'room_no_document',
  'room_page_out_of_range',
  'room_participant_unknown',
  'room_checkin_not_started',
  'room_checkin_ended',
  'room_already_present',
  'room_not_present',
  'speaker_already_waiting',
  'speaker_request_unknown',
  'speaker_not_own',
  'speaker_none',
  'speaker_queue_stale',
] as const;
export type RoomErrorReason = (typeof ROOM_ERROR_REASONS)[number];

/** What happened, as broadcast with `room:changed`. */
export interface RoomEvent {
  seq: number;
  /** The command applied, or `participants.changed` when the server recomputed the quorum after a participant change. */
  type: RoomCommandType | 'participants.changed';
  at: string;
  by: { userId: string; name: string };
  /** The participant, request, item or document the command was about. */
  target: string | null;
  /** A rejection's reason, if given. */
  reason: string | null;
  /** Set when this change made the meeting reach or lose its quorum. */
  quorum: 'reached' | 'lost' | null;
}

export type RoomResult = { ok: true; state: RoomState; event: RoomEvent } | { ok: false; error: RoomError };
