import { DocAwarenessInput, DocJoinInput, DocLeaveInput, DocUpdateInput } from '../schemas/annotations.js';
import { MeetingRefInput } from '../schemas/meeting.js';
import { RoomCommandInput, RoomJoinInput, RoomPointerInput, RoomSyncInput } from '../schemas/room.js';
import {
  VoteAnnulInput,
  VoteCastInput,
  VoteControlInput,
  VoteJoinInput,
  type Vote,
  type VoteCastAck,
  type VoteJoinAck,
} from '../schemas/vote.js';
import { DeviceStatusInput, type Device } from '../schemas/device.js';
import { z } from 'zod';
import { SiteConnectInput, type BriefingRollup, type BriefingSite } from '../schemas/site.js';
import {
  QuestionAskInput,
  QuestionFollowInput,
  QuestionModerateInput,
  QuestionWithdrawInput,
  type BriefingFloor,
  type QuestionQueue,
  type SiteQuestion,
} from '../schemas/site-question.js';
import type { ErrorCode } from '../errors/index.js';
import type { Result } from './result.js';
import type {
  DocJoinAck,
  DocUpdateAck,
  PresenceSnapshot,
  RoomCommandAck,
  RoomSnapshot,
  RoomSyncAck,
} from './events.js';

/**
 * One client → server socket event: the zod schema its payload is validated with, a summary (for
 * the generated protocol description) and the error codes its ack may carry. `ack` exists only in
 * the type: it names what a successful ack holds. `volatile` events have no ack at all.
 */
export interface CommandContract<S extends z.ZodType = z.ZodType, A = unknown> {
  readonly kind: 'command';
  readonly input: S;
  readonly summary: string;
  readonly errors: readonly ErrorCode[];
  /** Type only: the `data` of a successful ack. */
  readonly ack?: A;
}

/** A client → server event without an ack (dropped, never refused, when invalid or not allowed). */
export interface VolatileContract<S extends z.ZodType = z.ZodType, O extends boolean = boolean> {
  readonly kind: 'volatile';
  readonly input: S;
  readonly summary: string;
  /** The client may pass an ack to hear whether the message was taken, or why not. */
  readonly optionalAck: O;
}

/** Every ack may fail with these besides the event's own codes (wrapper checks). */
const COMMON: readonly ErrorCode[] = ['invalid_input', 'rate_limited', 'unauthorized', 'internal'];

/** Declares a command whose successful ack carries `A`: `command<A>()(schema, summary, errors)`. */
const command =
  <A>() =>
  <S extends z.ZodType>(
    input: S,
    summary: string,
    errors: readonly ErrorCode[] = [],
  ): CommandContract<S, A> => ({
    kind: 'command',
    input,
    summary,
    errors: [...COMMON, ...errors],
  });

const volatile = <S extends z.ZodType>(input: S, summary: string): VolatileContract<S, false> => ({
  kind: 'volatile',
  input,
  summary,
  optionalAck: false,
});

/** A volatile event whose sender may still pass an ack (never required, never waited for). */
const volatileWithAck = <S extends z.ZodType>(input: S, summary: string): VolatileContract<S, true> => ({
  kind: 'volatile',
  input,
  summary,
  optionalAck: true,
});

/**
 * The one table of what a client may send over the socket. The Socket.IO `ClientToServerEvents`
 * map and the server's `withAck` typing are derived from it, so an event, its schema and its ack
 * type cannot drift apart.
 */
export const socketContract = {
  'meeting:join': command<PresenceSnapshot>()(
    MeetingRefInput,
    "Follow a meeting's presence; acks who is online.",
    ['not_found', 'forbidden'],
  ),
  'meeting:leave': command<null>()(MeetingRefInput, "Stop following a meeting's presence."),
  'invitations:watch': command<null>()(
    MeetingRefInput,
    "The secretariat's tracking view: receive `invitations:changed` for this meeting.",
    ['not_found', 'forbidden'],
  ),
  'briefing:watch': command<BriefingRollup>()(
    MeetingRefInput,
    "Follow an online briefing's roll-up of sites (chair console, display): acks it, then `briefing:rollup`.",
    ['not_found', 'forbidden'],
  ),
  'site:connect': command<BriefingSite>()(
    SiteConnectInput,
    "A site operator's screen keeps the site connected to a briefing (until its sockets are gone).",
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'question:ask': command<SiteQuestion>()(
    QuestionAskInput,
    "A site's operator raises a hand for the site or sends a written question (stored, then to the chair's queue).",
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'question:withdraw': command<SiteQuestion>()(
    QuestionWithdrawInput,
    "The site's operator takes a waiting question (or the site's floor) back.",
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'question:follow': command<{ questions: SiteQuestion[]; floor: BriefingFloor | null }>()(
    QuestionFollowInput,
    "A site's screen follows its own questions (`question:changed`) and who has the floor (`briefing:floor`).",
    ['not_found', 'forbidden'],
  ),
  'question:watch': command<QuestionQueue>()(
    MeetingRefInput,
    "The chair's moderator queue: acks every question in arrival order, then `question:changed`.",
    ['not_found', 'forbidden'],
  ),
  'question:moderate': command<SiteQuestion | null>()(
    QuestionModerateInput,
    "The chair gives the floor to a question's site, answers in writing, dismisses, or ends the floor.",
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'room:join': command<RoomSnapshot>()(
    RoomJoinInput,
    "Follow a meeting's live room (joins `meeting:<id>`); acks a snapshot.",
    ['not_found', 'forbidden'],
  ),
  'room:sync': command<RoomSyncAck>()(
    RoomSyncInput,
    'After a reconnect or a gap in `seq`: the missed changes, or a snapshot.',
    ['not_found', 'forbidden'],
  ),
  'room:command': command<RoomCommandAck>()(
    RoomCommandInput,
    'Every mutating room command, a union on `command.type`, with a client `opId` (applied once).',
    ['not_found', 'forbidden', 'invalid_state', 'conflict'],
  ),
  'room:pointer': volatile(
    RoomPointerInput,
    "The presenter's pointer; throttled to about 15 per second per socket, dropped when not allowed.",
  ),
  'vote:join': command<VoteJoinAck>()(
    VoteJoinInput,
    "A meeting's votes and the caller's part in them; organisers also follow who has not voted (`vote:waiting`).",
    ['not_found', 'forbidden'],
  ),
  'vote:open': command<Vote>()(
    VoteControlInput,
    'The chair opens a prepared vote: needs quorum; freezes the entitled list (checked-in voting members).',
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'vote:close': command<Vote>()(
    VoteControlInput,
    'The chair closes an open vote; the result (rule, counts, verdict) is stored and broadcast.',
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'vote:annul': command<{ vote: Vote; rerun: Vote }>()(
    VoteAnnulInput,
    'The chair annuls an open or closed vote with a reason (audited); a copy is prepared to run again.',
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'vote:cast': command<VoteCastAck>()(
    VoteCastInput,
    'One ballot, stored before the ack; a retried `opId` is counted once; refused after the close.',
    ['not_found', 'forbidden', 'invalid_state'],
  ),
  'doc:join': command<DocJoinAck>()(
    DocJoinInput,
    "Follow one annotation layer, or a meeting's minutes (`layer: 'minutes'`, `documentId` = the meeting); acks what the client lacks and the server state vector.",
    ['not_found', 'forbidden', 'invalid_state', 'payload_too_large'],
  ),
  'doc:update': command<DocUpdateAck>()(
    DocUpdateInput,
    'One Yjs update; acked once stored, then sent to the layer’s other sockets as `doc:updated`.',
    ['forbidden', 'invalid_state', 'payload_too_large'],
  ),
  'doc:leave': command<null>()(DocLeaveInput, 'Stop following a layer (its awareness states are removed).'),
  'device:status': command<null>()(
    DeviceStatusInput,
    "A paired tablet's state (app version, battery, network, offline pack); only a tablet's own socket may send it.",
    ['forbidden'],
  ),
  'fleet:watch': command<{ items: Device[] }>()(
    z.object({}).strict(),
    'The fleet page (secretariat): acks every tablet, then `fleet:changed` as each one changes.',
    ['forbidden'],
  ),
  'doc:awareness': volatileWithAck(
    DocAwarenessInput,
    'Cursor, tool and live stroke of this device (throttled). Only a socket that may write the layer ' +
      'publishes; the optional ack says ok, or why a state was refused (too many, too large, too fast, read-only).',
  ),
} as const;

export type SocketContract = typeof socketContract;

/**
 * What a viewer screen (a viewer link, no account) may send: follow the room and read the shared
 * annotation layer. Everything else is refused with `viewer_read_only`, before its handler runs.
 */
export const VIEWER_EVENTS: ReadonlySet<keyof SocketContract> = new Set<keyof SocketContract>([
  'room:join',
  'room:sync',
  'doc:join',
  'doc:leave',
]);

/** What a paired tablet's own socket (device credential, no account) may send. */
export const DEVICE_EVENTS: ReadonlySet<keyof SocketContract> = new Set<keyof SocketContract>([
  'device:status',
]);

/** Names of the events that carry an ack. */
export type CommandName = {
  [K in keyof SocketContract]: SocketContract[K] extends CommandContract ? K : never;
}[keyof SocketContract];

/** What a client sends with event `K` (the schema's input type). */
export type CommandPayload<K extends keyof SocketContract> = z.input<SocketContract[K]['input']>;
/** What a server handler of `K` receives (the schema's parsed output). */
export type CommandParsed<K extends keyof SocketContract> = z.output<SocketContract[K]['input']>;
/** The `data` of a successful ack of command `K`. */
export type CommandAck<K extends CommandName> =
  SocketContract[K] extends CommandContract<z.ZodType, infer A> ? A : never;

type Ack<T> = (result: Result<T>) => void;

/** Commands a client sends, derived from `socketContract`. Names are `domain:verb`. */
export type ClientToServerEvents = {
  [K in keyof SocketContract]: K extends CommandName
    ? (payload: CommandPayload<K>, ack: Ack<CommandAck<K>>) => void
    : SocketContract[K] extends VolatileContract<z.ZodType, true>
      ? (payload: CommandPayload<K>, ack?: Ack<null>) => void
      : (payload: CommandPayload<K>) => void;
};
