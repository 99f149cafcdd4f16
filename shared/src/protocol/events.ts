import type { MeetingStatus } from '../domain/meeting-status.js';
import type { MeetingDocument } from '../schemas/document.js';
import type { Invitation } from '../schemas/invitation.js';
import type { Confidentiality, Meeting } from '../schemas/meeting.js';
import type { Device } from '../schemas/device.js';
import type { RoomEvent, RoomState } from '../domain/room.js';
import type { RoomPointerInput } from '../schemas/room.js';
import type { DocLayer } from '../schemas/annotations.js';
import type { BriefingRollup } from '../schemas/site.js';
import type { FloorChanged, SiteQuestion } from '../schemas/site-question.js';
import type { MinutesChanged } from '../schemas/minutes.js';
import type { CommandPayload } from './commands.js';
import type { VoteChanged, VoteProgress, VoteWaiting } from '../schemas/vote.js';
import type { Conclusion } from '../schemas/conclusion.js';
import type { ApprovalState } from '../domain/approval.js';

/** One person online in a meeting. */
export interface OnlineUser {
  userId: string;
  fullName: string;
  /** Number of devices (sockets) this user has connected to the meeting. */
  devices: number;
}

export interface PresenceSnapshot {
  meetingId: string;
  users: OnlineUser[];
}

export interface PresenceChanged {
  meetingId: string;
  user: OnlineUser;
  /** `offline` once the user's last device left. */
  status: 'online' | 'offline';
}

/** `meeting:join` as the client sends it. */
export type MeetingJoinPayload = CommandPayload<'meeting:join'>;

/** A published meeting's agenda changed: the new agenda version and what changed, in words. */
export interface AgendaChanged {
  meetingId: string;
  version: number;
  summary: string[];
}

/**
 * A meeting's documents changed (upload, new version, edit, removal). `saved` holds the changed
 * records this recipient may open (a new version arrives with its predecessor, `latest: false`);
 * `removedIds` the documents gone for them (deleted, or now classified beyond their rights).
 * Clients patch their list with them, and reload only when a payload lacks them.
 */
export interface DocumentsChanged {
  meetingId: string;
  saved?: MeetingDocument[];
  removedIds?: string[];
}

/** A meeting's details or status changed; `meeting` is the record as every viewer may read it. */
export interface MeetingChanged {
  meetingId: string;
  version: number;
  status: MeetingStatus;
  meeting?: Meeting;
}

/** To the secretariat's tracking room: one invitation's reply or delivery changed (`invitation`: its record). */
export interface InvitationsChanged {
  meetingId: string;
  invitation?: Invitation;
}

/** A request for written opinions changed (sent, answered, responded to): the secretariat's screens refetch it. */
/**
 * `conclusions:changed`: an item's conclusions were saved (`conclusion`, to organisers only), or
 * the conclusion notice moved (`notice`, its new state, to everyone following the meeting).
 */
export interface ConclusionsChanged {
  meetingId: string;
  conclusion?: Conclusion;
  notice?: ApprovalState;
}

export interface OpinionsChanged {
  meetingId: string;
  requestId: string;
}

/** An in-app notice in a person's inbox. */
export interface InAppNotification {
  id: string;
  meetingId: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** A room snapshot, with the server's time so clients can run timers against the server clock. */
export interface RoomSnapshot {
  state: RoomState;
  serverTime: string;
}

/** `room:changed`: one change, in `seq` order; `patch` holds the top-level state fields that changed. */
export interface RoomChanged {
  meetingId: string;
  seq: number;
  event: RoomEvent;
  patch: Partial<RoomState>;
}

/** The ack of `room:command`: the change's seq; `duplicate` when this opId had already been applied. */
export interface RoomCommandAck {
  seq: number;
  duplicate: boolean;
}

/** The ack of `room:sync`: the missed changes in order, or a snapshot when they are no longer kept. */
export type RoomSyncAck = { kind: 'events'; events: RoomChanged[] } | ({ kind: 'snapshot' } & RoomSnapshot);

/** `room:pointer` as others receive it (volatile). */
export interface RoomPointer extends RoomPointerInput {
  userId: string;
}

/**
 * Binary on the wire: a client sends a Uint8Array; it receives a Buffer in Node and an
 * ArrayBuffer in a browser (wrap it with `new Uint8Array(...)`).
 */
export type WireBytes = Uint8Array | ArrayBuffer;

/**
 * Which Yjs document: a document and `shared`, or the caller's own `private` layer; or a
 * meeting's minutes (`minutes`, `documentId` = the meeting's id).
 */
export interface DocRef {
  documentId: string;
  layer: DocLayer;
}

/** `doc:join` as the client sends it; `stateVector` = Y.encodeStateVector of its local copy, if any. */
export type DocJoinPayload = CommandPayload<'doc:join'>;

/**
 * The ack of `doc:join`: `update` holds what the client lacks (Y.encodeStateAsUpdate against its
 * state vector; the whole layer for a cold client), `stateVector` the server's, so the client
 * sends back what the server lacks as one `doc:update`. `awareness` holds the current awareness
 * states of the layer (a y-protocols awareness update) or null; `canWrite` tells the UI whether
 * updates will be accepted; `author` is the id new annotations on the layer must name as their
 * author (the caller's user id: the server refuses shared-layer updates that put an annotation
 * in someone else's name, except keeping the author of one it changes).
 */
export interface DocJoinAck {
  update: WireBytes;
  stateVector: WireBytes;
  awareness: WireBytes | null;
  canWrite: boolean;
  author: string;
}

/** `doc:update` as the client sends it: one Yjs update (v1), with an optional client opId. */
export type DocUpdatePayload = CommandPayload<'doc:update'>;

/** The ack of `doc:update`, sent once the update is stored: `stored` is false when it brought nothing new. */
export interface DocUpdateAck {
  stored: boolean;
}

/** `doc:updated`: a stored update, to every other socket following that layer. */
export interface DocUpdated extends DocRef {
  update: WireBytes;
}

/** `doc:awareness`: a y-protocols awareness update; the server sets each state's `user` from the session. */
export interface DocAwareness extends DocRef {
  update: WireBytes;
}

/** Broadcasts the server sends; past tense. */
export interface ServerToClientEvents {
  'presence:changed': (payload: PresenceChanged) => void;
  /** To `user:<id>`: a new in-app notice (invitation, update, cancellation, reminder). */
  'notification:new': (payload: InAppNotification) => void;
  /** To `meeting:<id>:invitations` (the secretariat's tracking view): replies or deliveries changed. */
  'invitations:changed': (payload: InvitationsChanged) => void;
  /** To `meeting:<id>:invitations` (the secretariat's rooms): a request for written opinions changed. */
  'opinions:changed': (payload: OpinionsChanged) => void;
  /** To `meeting:<id>`: conclusions saved (organisers' sockets only) or the conclusion notice moved. */
  'conclusions:changed': (payload: ConclusionsChanged) => void;
  'session:expired': () => void;
  /** To `meeting:<id>`, after each change to a published agenda. */
  'agenda:changed': (payload: AgendaChanged) => void;
  /** To `meeting:<id>`, after any change to the meeting's documents. */
  'documents:changed': (payload: DocumentsChanged) => void;
  /** To `meeting:<id>`, after an edit of the meeting's details or a status change. */
  'meeting:changed': (payload: MeetingChanged) => void;
  /**
   * Sent to each socket right after it connects. Besides telling the client who it is, it gives
   * the client a recovery offset at once, so even a tablet that has heard nothing else yet gets
   * its rooms and missed events back after a short drop (connection state recovery).
   */
  'session:ready': (info: SessionReady) => void;
  /** To `meeting:<id>`, after each room change was stored; clients that see a gap call `room:sync`. */
  'room:changed': (payload: RoomChanged) => void;
  /** To `meeting:<id>` except the presenter's socket; volatile. */
  'room:pointer': (payload: RoomPointer) => void;
  /** To `meeting:<id>`: a vote was created, opened, closed (with its result), annulled or removed. */
  'vote:changed': (payload: VoteChanged) => void;
  /** To `meeting:<id>`: how many have voted in the open vote (coalesced). */
  'vote:progress': (payload: VoteProgress) => void;
  /** To the organisers' sockets (`meeting:<id>:votes`): who has not voted yet (coalesced). */
  'vote:waiting': (payload: VoteWaiting) => void;
  /** To the layer's room except the sender, after the update was stored. */
  'doc:updated': (payload: DocUpdated) => void;
  /** To the layer's room except the sender; `user` in each state comes from the sender's session. */
  'doc:awareness': (payload: DocAwareness) => void;
  /** To `meeting:<id>`: the minutes were locked or reopened, or the chair changed who may write them. */
  'minutes:changed': (payload: MinutesChanged) => void;
  /** To `briefing:<id>:watch` (chair console, display): the sites' roll-up changed. */
  'briefing:rollup': (payload: BriefingRollup) => void;
  /** To the moderator queue (`briefing:<id>:questions`) and the asking site's screens: a question changed. */
  'question:changed': (payload: SiteQuestion) => void;
  /** To every site's screen of the briefing (`briefing:<id>:sites`): who has the floor now. */
  'briefing:floor': (payload: FloorChanged) => void;
  /** To the fleet pages (`fleet`): a tablet was paired, revoked, connected, reported or went away. */
  'fleet:changed': (payload: { device: Device }) => void;
  /** To a tablet's sockets (`device:<id>`): its room's meeting ended; PIN sessions there are over, wipe now. */
  'device:meeting-ended': (payload: { meetingId: string; confidentiality: Confidentiality }) => void;
}

export interface SessionReady {
  userId: string;
  /** True when this connection resumed an earlier one (rooms and missed events restored). */
  recovered: boolean;
}

/**
 * `doc:stored` between server processes: an annotation update one process has just stored, so
 * every other process that holds the layer in memory applies it too. `layer` is the store key
 * (`shared` or `u:<userId>`), not the caller-relative `private`.
 */
export interface DocStored {
  documentId: string;
  layer: string;
  update: WireBytes;
}

/** Events between server processes (`io.serverSideEmit` through the Redis adapter). */
/**
 * `access:changed` between server processes: who may do what changed (a user's role, unit,
 * deactivation or sessions; a meeting's participants, confidentiality or status), so every process
 * re-checks its own live sockets at once (refreshes what the socket knows, leaves rooms, disconnects).
 */
export type AccessChange = { kind: 'user'; userId: string } | { kind: 'meeting'; meetingId: string };

/** Events between server processes (`io.serverSideEmit` through the Redis adapter). */
export interface InterServerEvents {
  'doc:stored': (payload: DocStored) => void;
  'access:changed': (change: AccessChange) => void;
  /** A room change applied on another process: each process's in-memory room follows it. */
  'room:applied': (payload: { changed: RoomChanged; op: { key: string; seq: number } | null }) => void;
  /** A briefing's roll-up asks every process for its part (answered from memory, O(sites)). */
  'briefing:presence': (meetingId: string, ack: (part: BriefingPresencePart) => void) => void;
}

/**
 * What one server process holds of an online briefing: the linked sites with an operator's screen
 * connected to it, and its viewer screens counted per site (`[siteId, count]`).
 */
export interface BriefingPresencePart {
  sites: string[];
  viewers: [string, number][];
}

/** What the server keeps on each socket after the handshake. */
export interface SocketData {
  userId: string;
  fullName: string;
  systemRole: 'admin' | 'secretary' | 'member';
  sessionId: string;
  lang: 'vi' | 'en';
  /** Meetings this socket has joined (for presence), once each. */
  meetings: string[];
  /**
   * Why the socket is in each meeting room: how many `meeting:join`s it holds (several views of one
   * tab may join), and whether it follows the live room (`room:join`). It leaves the room when neither holds.
   */
  meetingHolds?: Record<string, { joins: number; room: boolean }>;
  /** Sites this socket keeps connected, as `<meetingId>:<siteId>` (a site operator's screen). */
  sites?: string[];
  /** Set on a viewer screen (a viewer link, no account): read-only, bound to one meeting and site. */
  viewer?: { linkId: string; meetingId: string; siteId: string | null };
  /** Set on a paired tablet's own socket (device credential, no account): it only reports its state. */
  device?: { deviceId: string };
}
