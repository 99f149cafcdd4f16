import {
  authorize,
  effectiveClassification,
  isFrozen,
  type DocumentClassification,
  type MeetingRole,
  type Participant,
  type Permission,
  type ResourceAttrs,
  type Subject,
  type SystemRole,
} from '@icabinet/shared';
import type { AppError } from '../errors.js';
import { errors } from '../errors.js';
import type { Actor } from '../actor.js';
import type { MessageKey, MessageParams } from '../i18n/messages.js';
import type { DocumentRecord } from '../store/documents.port.js';
import type { MeetingRecord, MeetingVisibility, Store } from '../store/port.js';
import { HotCache, type AccessChangeScope, type HotEntry } from './hot-cache.js';

export { HOT_REFRESH_MS, HOT_TTL_MS, type AccessChangeScope } from './hot-cache.js';

/**
 * The one answer to "may this caller do X in this meeting / with this document?", used by every
 * REST route and socket command. It loads the meeting (or the document, then its meeting) and
 * the caller's participant record once, and asks the pure rules of
 * `shared/src/domain/permissions.ts` (system role × meeting role × classification × status).
 *
 * Status codes, the same on every path (REST status; the `code` of a socket error ack):
 * - 404 `not_found`: the meeting or document does not exist. Nothing else answers 404, so a
 *   refusal never says less than "it exists"; where a module answers 404 for something the caller
 *   may not see at all (another user's invitation), that module keeps doing so.
 * - 403 `forbidden`: it exists and the caller may not do this. The message says why:
 *   `not_participant` (not their meeting), `meeting_not_published` (a draft they do not prepare),
 *   `document_open_forbidden`, `document_download_forbidden`, `room_document_restricted`,
 *   `room_forbidden_present`, or plain `forbidden` (e.g. a delegate editing).
 * - 409 `invalid_state`: allowed, but the meeting is closed or cancelled (for changes only).
 */

/** Who asks: the session's user and their system role (REST actor or socket data). */
export interface Caller {
  userId: string;
  systemRole: SystemRole;
}

/** The caller of a REST route, as the policy sees them. */
export const callerOfActor = (actor: Actor): Caller => ({
  userId: actor.user.id,
  systemRole: actor.user.systemRole,
});

/** What a caller may want of a meeting. */
export type MeetingNeed =
  /** See the meeting, its agenda, participants and document list. */
  | 'view'
  /** Follow it live: presence (`meeting:join`), the room (`room:join`, `room:sync`). */
  | 'join'
  /** Read what only organisers read (every version, invitations and their CSV, a clone's source). */
  | 'organise'
  /** Change details, participants, agenda, documents, invitations: refused (409) once closed or cancelled. */
  | 'edit'
  /** Upload, rename, reclassify, replace or delete its documents: like `edit`, with the documents' message. */
  | 'editDocuments'
  /** Follow invitation replies live (`invitations:watch`). */
  | 'watchInvitations'
  /** Prepare, open, close and annul votes; see who has not voted: refused (409) once closed or cancelled. */
  | 'runVotes'
  /** Moderate questions from sites (floor, written answers): refused (409) once closed or cancelled. */
  | 'moderate';

/** What a caller may want of one document. */
export type DocumentNeed =
  /** View it in the app (file inline, metadata, text search, versions). */
  | 'open'
  /** Take a copy away (`?download=1`, `annotated.pdf`): stamped when the effective classification says so. */
  | 'download'
  /** Read its shared layer and keep a private one. */
  | 'annotateRead'
  | 'annotatePrivate'
  | 'annotateShared'
  /** Show it to the whole room (`room:command` `document.open`, `page.goto`). */
  | 'show';

/** The policy's answer. */
export type Decision =
  { allow: true } | { allow: false; status: 403 | 404 | 409; reason: MessageKey; params?: MessageParams };

type Denial = Exclude<Decision, { allow: true }>;

const ALLOW: Decision = { allow: true };
const deny = (status: 403 | 404 | 409, reason: MessageKey, params?: MessageParams): Denial => ({
  allow: false,
  status,
  reason,
  ...(params ? { params } : {}),
});

/** The error to throw for a refusal (status and message as documented above). */
export function refusal(decision: Denial): AppError {
  switch (decision.status) {
    case 404:
      return errors.notFound(decision.reason, decision.params);
    case 409:
      return errors.invalidState(decision.reason, decision.params);
    case 403:
      return errors.forbidden(decision.reason);
  }
}

const MEETING_PERMISSION: Record<MeetingNeed, Permission> = {
  view: 'meeting:view',
  join: 'meeting:join',
  organise: 'meeting:edit',
  edit: 'meeting:edit',
  editDocuments: 'meeting:edit',
  watchInvitations: 'invitations:watch',
  runVotes: 'vote:control',
  moderate: 'room:control',
};

const DOCUMENT_PERMISSION: Record<DocumentNeed, Permission> = {
  open: 'document:open',
  download: 'document:download',
  annotateRead: 'annotation:read',
  annotatePrivate: 'annotation:write-private',
  annotateShared: 'annotation:write-shared',
  show: 'room:show-document',
};

/** A meeting as one caller stands in it: loaded once, asked as often as needed. */
export class MeetingStanding {
  readonly subject: Subject;

  constructor(
    readonly caller: Caller,
    readonly meeting: MeetingRecord,
    /** The caller's participant record (null: not a participant). */
    readonly participant: Participant | null,
  ) {
    this.subject = {
      systemRole: caller.systemRole,
      meetingRole: participant?.role ?? null,
      votingRight: participant?.votingRight ?? false,
    };
  }

  get role(): MeetingRole | null {
    return this.participant?.role ?? null;
  }

  /** What the rules are told about this meeting (and, when given, one of its documents). */
  resource(extra: ResourceAttrs = {}): ResourceAttrs {
    return {
      confidentiality: this.meeting.confidentiality,
      status: this.meeting.status,
      sharedAnnotationsOpen: this.meeting.sharedAnnotationsOpen,
      ...extra,
    };
  }

  /** One pure rule, asked about this meeting. */
  allows(permission: Permission, extra: ResourceAttrs = {}): boolean {
    return authorize(this.subject, permission, this.resource(extra));
  }

  /** Why the caller may not see this meeting at all, or null when they may. */
  private unseen(): Denial | null {
    if (this.allows('meeting:view')) return null;
    const draftOfTheirs =
      this.meeting.status === 'draft' &&
      authorize(this.subject, 'meeting:view', this.resource({ status: 'published' }));
    return deny(403, draftOfTheirs ? 'meeting_not_published' : 'not_participant');
  }

  /** Whether the caller may do `need` in this meeting, and why not. */
  decide(need: MeetingNeed): Decision {
    const unseen = this.unseen();
    if (unseen) return unseen;
    if (!this.allows(MEETING_PERMISSION[need])) return deny(403, 'forbidden');
    if ((need === 'edit' || need === 'runVotes' || need === 'moderate') && isFrozen(this.meeting.status))
      return frozen(this.meeting);
    if (need === 'editDocuments' && isFrozen(this.meeting.status))
      return deny(409, 'document_meeting_locked');
    return ALLOW;
  }

  may(need: MeetingNeed): boolean {
    return this.decide(need).allow;
  }

  /** This standing, if the caller may do `need`; throws the refusal (403, 404 or 409) otherwise. */
  require(need: MeetingNeed): this {
    const d = this.decide(need);
    if (!d.allow) throw refusal(d);
    return this;
  }

  /** The document's classification as it applies here: the stricter of the meeting's and its own. */
  classification(doc: Pick<DocumentRecord, 'classification'>): DocumentClassification {
    return effectiveClassification(this.meeting.confidentiality, doc.classification);
  }

  /**
   * Whether the caller may do `need` with one of this meeting's documents. `isPresenter` (the
   * caller presents in the live room) matters for `annotateShared` and `show`.
   */
  decideDocument(
    doc: Pick<DocumentRecord, 'classification'>,
    need: DocumentNeed,
    opts: { isPresenter?: boolean } = {},
  ): Decision {
    const unseen = this.unseen();
    // Someone outside the meeting hears about the document, not about their participation.
    if (unseen) return unseen.reason === 'not_participant' ? deny(403, 'document_open_forbidden') : unseen;
    const resource: ResourceAttrs = {
      documentAccess: this.classification(doc),
      ...(opts.isPresenter !== undefined ? { isPresenter: opts.isPresenter } : {}),
    };
    if (!this.allows('document:open', resource)) return deny(403, 'document_open_forbidden');
    if (this.allows(DOCUMENT_PERMISSION[need], resource)) return ALLOW;
    switch (need) {
      case 'download':
        return deny(403, 'document_download_forbidden');
      case 'show':
        return this.allows('room:present', resource)
          ? deny(403, 'room_document_restricted')
          : deny(403, 'room_forbidden_present');
      case 'annotatePrivate':
      case 'annotateShared':
        return deny(403, 'annotation_read_only');
      default:
        return deny(403, 'document_open_forbidden');
    }
  }

  mayDocument(
    doc: Pick<DocumentRecord, 'classification'>,
    need: DocumentNeed,
    opts?: { isPresenter?: boolean },
  ) {
    return this.decideDocument(doc, need, opts).allow;
  }
}

function frozen(meeting: MeetingRecord): Denial {
  return meeting.status === 'cancelled'
    ? deny(409, 'meeting_cancelled', { reason: meeting.statusReason ?? '—' })
    : deny(409, 'meeting_closed');
}

/** The policy over one store: one per app (see `accessFor`), with the hot paths' small cache. */
export class MeetingAccess {
  private readonly hot: HotCache;
  /** Standings by meeting, user and role, for the hot paths only (`hotStanding`). */
  private readonly standings: Map<string, HotEntry<MeetingStanding>>;
  /** Meetings by id, for `hotStanding` only. */
  private readonly meetings: Map<string, HotEntry<MeetingRecord>>;
  /** Documents by id, for the hot paths only (`hotDocument`). */
  private readonly documents: Map<string, HotEntry<DocumentRecord>>;

  constructor(
    private readonly store: Pick<Store, 'meetings' | 'participants' | 'documents' | 'room'>,
    now: () => number = Date.now,
  ) {
    this.hot = new HotCache(now);
    this.standings = this.hot.kind();
    this.meetings = this.hot.kind();
    this.documents = this.hot.kind();
  }

  /**
   * The caller's standing for a hot path (a page turn, a ballot, a pointer move, an annotation
   * update), from a cache dropped by every access change (`forget`) and at most `HOT_TTL_MS` old.
   * Never for a write that needs the meeting's version (starting or ending it): use `standing`.
   *
   * A caller that waits for it takes the meeting from its own entry, shared by every caller (500
   * voters casting at once read it once); the read ahead reads the meeting afresh too. A standing
   * is as old as the meeting it was made from.
   */
  async hotStanding(caller: Caller, meetingId: string): Promise<MeetingStanding> {
    const key = `${meetingId}\n${caller.userId}\n${caller.systemRole}`;
    const entry = await this.hot.get(this.standings, key, async (ahead, at) => {
      const meeting = ahead ? await this.readMeeting(meetingId, at) : await this.hotMeeting(meetingId);
      const value = await this.standingIn(caller, meeting.value);
      return { at: meeting.at, meetingId, userId: caller.userId, value };
    });
    return entry.value;
  }

  /**
   * The caller's standing made now from the shared meeting entry of `hotStanding` and the caller's
   * participant row, kept nowhere: for a hot path each caller takes once (a ballot in a rush of
   * 500), where a standing kept for 5 s per caller would only outlive the young generation.
   */
  async quickStanding(caller: Caller, meetingId: string): Promise<MeetingStanding> {
    return this.standingIn(caller, (await this.hotMeeting(meetingId)).value);
  }

  private hotMeeting(meetingId: string): Promise<HotEntry<MeetingRecord>> {
    return this.hot.get(this.meetings, meetingId, (_ahead, at) => this.readMeeting(meetingId, at));
  }

  /** The meeting from the store, as an entry read at `at` (404 when there is none). */
  private async readMeeting(meetingId: string, at: number): Promise<HotEntry<MeetingRecord>> {
    const meeting = await this.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    return { at, meetingId, userId: null, value: meeting };
  }

  /** A document for a hot path (the one a page turn moves), cached like `hotStanding`; null if gone. */
  async hotDocument(documentId: string): Promise<DocumentRecord | null> {
    const entry = await this.hot.get(this.documents, documentId, async (_ahead, at) => {
      const doc = await this.store.documents.getById(documentId);
      return doc ? { at, meetingId: doc.meetingId, userId: null, value: doc } : null;
    });
    return entry?.value ?? null;
  }

  /**
   * Rights changed (a user's account or sessions, a meeting's details, participants, status or
   * documents): the cached entries it concerns are dropped, before anything else is re-checked.
   */
  forget(change: AccessChangeScope): void {
    this.hot.forget(change);
  }

  /** The caller's standing in a meeting; 404 when there is no such meeting. */
  async standing(caller: Caller, meetingId: string): Promise<MeetingStanding> {
    const meeting = await this.store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    return this.standingIn(caller, meeting);
  }

  /** The caller's standing in a meeting already loaded (lists, search). */
  async standingIn(caller: Caller, meeting: MeetingRecord): Promise<MeetingStanding> {
    const participant = await this.store.participants.getByMeetingAndUser(meeting.id, caller.userId);
    return new MeetingStanding(caller, meeting, participant);
  }

  /** The standing, if the caller may do `need` in the meeting; throws the refusal otherwise. */
  async require(caller: Caller, meetingId: string, need: MeetingNeed): Promise<MeetingStanding> {
    return (await this.standing(caller, meetingId)).require(need);
  }

  /** A document and the caller's standing in its meeting; 404 when either is missing. */
  async document(
    caller: Caller,
    documentId: string,
  ): Promise<{ doc: DocumentRecord; standing: MeetingStanding }> {
    const doc = await this.store.documents.getById(documentId);
    if (!doc) throw errors.notFound('document_not_found');
    const meeting = await this.store.meetings.getById(doc.meetingId);
    if (!meeting) throw errors.notFound('document_not_found');
    return { doc, standing: await this.standingIn(caller, meeting) };
  }

  /**
   * The document and standing, if the caller may do `need` with it; throws the refusal otherwise.
   * For `annotateShared` and `show`, whether the caller presents is read from the stored room
   * unless the caller (the room itself) says.
   */
  async requireDocument(
    caller: Caller,
    documentId: string,
    need: DocumentNeed,
    opts: { isPresenter?: boolean } = {},
  ): Promise<{ doc: DocumentRecord; standing: MeetingStanding }> {
    const found = await this.document(caller, documentId);
    const isPresenter =
      opts.isPresenter ??
      (need === 'annotateShared' || need === 'show' ? await this.isPresenter(found.standing) : undefined);
    const d = found.standing.decideDocument(
      found.doc,
      need,
      isPresenter === undefined ? {} : { isPresenter },
    );
    if (!d.allow) throw refusal(d);
    return found;
  }

  /** Whether the caller is the presenter in the meeting's live room, as stored. */
  async isPresenter(standing: MeetingStanding): Promise<boolean> {
    if (!standing.participant) return false;
    const room = await this.store.room.get(standing.meeting.id);
    return room?.state.presenter?.participantId === standing.participant.id;
  }
}

/**
 * Whether an invitee who comes with their personal link (no session) may see the meeting: as a
 * delegate would in the app, so not while it is a draft.
 */
export function visibleToInvitees(meeting: MeetingRecord): boolean {
  return authorize({ systemRole: 'member', meetingRole: 'delegate' }, 'meeting:view', {
    confidentiality: meeting.confidentiality,
    status: meeting.status,
  });
}

/** Which meetings a caller may list or find (the store's form of `meeting:view`); undefined: all. */
export function visibilityOf(caller: Caller): MeetingVisibility | undefined {
  switch (caller.systemRole) {
    case 'admin':
      return undefined;
    case 'secretary':
      return { userId: caller.userId, nonConfidential: true };
    case 'member':
      return { userId: caller.userId, nonConfidential: false };
  }
}

const byStore = new WeakMap<object, MeetingAccess>();

/** The policy of a store (one instance per store, so every module shares it). */
export function accessFor(
  store: Pick<Store, 'meetings' | 'participants' | 'documents' | 'room'>,
): MeetingAccess {
  let access = byStore.get(store);
  if (!access) {
    access = new MeetingAccess(store);
    byStore.set(store, access);
  }
  return access;
}
