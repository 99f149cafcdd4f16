import {
  canTransition,
  type AuditAction,
  type MeetingStatus,
  meetingRoom,
  type MeetingCloneInput,
  type MeetingCreateInput,
  type MeetingDetail,
  type MeetingListQuery,
  type MeetingStatusInput,
  type MeetingSummary,
  type MeetingUpdateInput,
  type Paged,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { Core } from '../module.js';
import { describeMeetingChanges, describePostponement } from './meeting-changes.js';
import {
  RecordNotFoundError,
  VersionConflictError,
  type MeetingListFilter,
  type MeetingPatch,
  type MeetingRecord,
} from '../../store/port.js';
import { loadMeeting, visibilityOf } from './meeting-access.js';
import { copyMeeting, newParticipant } from './meetings.clone.js';

/** The audit action of a move the issue names (publishing, postponing, cancelling, the room's start and end). */
const STATUS_ACTIONS: Partial<Record<MeetingStatus, AuditAction>> = {
  published: 'meeting.published',
  postponed: 'meeting.postponed',
  cancelled: 'meeting.cancelled',
  in_progress: 'room.started',
  ended: 'room.ended',
};

/** Meetings: lists, details, creation, edits, lifecycle and clones. */
export class MeetingsService {
  constructor(private readonly ctx: Pick<Core, 'store' | 'clock' | 'audit' | 'io' | 'bus'>) {}

  private get store() {
    return this.ctx.store;
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }

  /** `GET /meetings`: only meetings the caller may view; members see drafts only of meetings they organise. */
  async list(actor: Actor, query: MeetingListQuery): Promise<Paged<MeetingSummary>> {
    const now = this.now();
    const filter: MeetingListFilter = {
      status: query.status,
      from: query.from,
      to: query.to,
      kind: query.kind,
      q: query.q,
      visibleTo: visibilityOf(actor),
      // Drafts only to those who prepare them, as every other path (server/src/access) decides.
      hideDraftsFrom: actor.user.systemRole === 'admin' ? undefined : actor.user.id,
      draftsOfNonConfidential: actor.user.systemRole === 'secretary',
      limit: query.limit,
      offset: query.offset,
    };
    // Upcoming and past follow what happened in the room (status, actual times), not only the
    // scheduled date: a meeting ended early is past at once, one running late is still current.
    switch (query.scope) {
      case 'upcoming':
        filter.timeline = { kind: 'upcoming', now };
        break;
      case 'past':
        filter.timeline = { kind: 'past', now };
        filter.order = 'desc';
        break;
      case 'drafts':
        filter.status = ['draft'];
        break;
      case 'mine':
        filter.participantUserId = actor.user.id;
        break;
      case 'all':
        break;
    }
    const { items, total } = await this.store.meetings.list(filter);
    return { items: await this.summaries(actor, items), total };
  }

  /** Adds counts and the caller's role to meetings: three store calls per page, whatever its size. */
  async summaries(actor: Actor, meetings: MeetingRecord[]): Promise<MeetingSummary[]> {
    const ids = meetings.map((m) => m.id);
    const [participants, documents, mine] = await Promise.all([
      this.store.participants.countByMeetings(ids),
      this.store.documents.countByMeetings(ids),
      this.store.participants.getByMeetingsAndUser(ids, actor.user.id),
    ]);
    return meetings.map((m) => ({
      ...m,
      participantCount: participants.get(m.id) ?? 0,
      documentCount: documents.get(m.id) ?? 0,
      myRole: mine.get(m.id)?.role ?? null,
    }));
  }

  async get(actor: Actor, id: string): Promise<MeetingDetail> {
    const access = await loadMeeting(this.store, actor, id, 'view');
    return {
      meeting: access.meeting,
      myRole: access.participant?.role ?? null,
      can: {
        edit: access.canEdit && access.meeting.status !== 'closed' && access.meeting.status !== 'cancelled',
      },
    };
  }

  /** Creates a draft; the creator becomes a secretary participant, `chairId` the chair. */
  async create(actor: Actor, input: MeetingCreateInput): Promise<{ meeting: MeetingRecord }> {
    await this.assertUsers([...(input.chairId ? [input.chairId] : []), ...input.secretaryIds]);
    const now = this.now();
    const meeting: MeetingRecord = {
      id: newId(),
      title: input.title,
      description: input.description,
      kind: input.kind,
      location: input.location,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      status: 'draft',
      confidentiality: input.confidentiality,
      chairId: input.chairId,
      quorumRule: input.quorumRule,
      statusReason: null,
      agendaVersion: 0,
      seriesId: null,
      sharedAnnotationsOpen: input.sharedAnnotationsOpen,
      deputiesMayVote: input.deputiesMayVote,
      createdBy: actor.user.id,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    const roles = new Map<string, 'chair' | 'secretary'>();
    for (const id of input.secretaryIds) roles.set(id, 'secretary');
    if (!input.chairId || input.chairId !== actor.user.id) roles.set(actor.user.id, 'secretary');
    if (input.chairId) roles.set(input.chairId, 'chair');
    // The meeting and its first participants together, or neither (a meeting nobody organises).
    await this.store.transaction(async () => {
      await this.store.meetings.create(meeting);
      await this.store.participants.addMany(
        [...roles].map(([userId, role]) => newParticipant(meeting.id, userId, role, now)),
      );
    });
    await this.ctx.bus.emit('meeting.saved', { meeting });
    await this.ctx.audit.record({
      actorId: actor.user.id,
      action: 'meeting.created',
      targetType: 'meeting',
      targetId: meeting.id,
      data: { title: meeting.title, startsAt: meeting.startsAt },
    });
    return { meeting };
  }

  /** `PATCH /meetings/:id`: details; a stale version → 409 with a clear message. */
  async update(actor: Actor, id: string, input: MeetingUpdateInput): Promise<{ meeting: MeetingRecord }> {
    const { meeting } = await loadMeeting(this.store, actor, id, 'edit');
    const { version, ...fields } = input;
    if (version !== meeting.version) throw errors.conflict('meeting_conflict');
    const startsAt = fields.startsAt ?? meeting.startsAt;
    const endsAt = fields.endsAt ?? meeting.endsAt;
    if (Date.parse(endsAt) <= Date.parse(startsAt)) {
      throw errors.invalid([{ path: 'endsAt', key: 'field_ends_before_start' }]);
    }
    if (fields.chairId) await this.assertUsers([fields.chairId], 'chairId');
    const patch: MeetingPatch = fields;
    const updated = await this.write(id, patch, version);
    if (fields.chairId !== undefined && fields.chairId !== meeting.chairId) {
      await this.moveChair(id, meeting.chairId, fields.chairId);
    }
    await this.ctx.bus.emit('meeting.saved', { meeting: updated });
    this.announce(updated);
    await this.ctx.bus.emit('meeting.changed', {
      meeting: updated,
      changes: describeMeetingChanges(meeting, updated),
    });
    await this.ctx.audit.record({
      actorId: actor.user.id,
      action: 'meeting.updated',
      targetType: 'meeting',
      targetId: id,
      data: { fields: Object.keys(fields) },
    });
    return { meeting: updated };
  }

  /** `POST /meetings/:id/status`: a lifecycle move allowed by shared/src/domain. */
  async changeStatus(
    actor: Actor,
    id: string,
    input: MeetingStatusInput,
  ): Promise<{ meeting: MeetingRecord }> {
    const { meeting } = await loadMeeting(this.store, actor, id, 'edit');
    return this.transition(meeting, input, actor.user.id, actor.ip ?? null);
  }

  /**
   * Moves a meeting whose caller was already authorised (the REST route above, or the live room
   * starting and ending its meeting): checks the move, stores it, tells the room, the other
   * modules (bus) and the audit log.
   */
  async transition(
    meeting: MeetingRecord,
    input: MeetingStatusInput,
    byUserId: string,
    ip: string | null = null,
  ): Promise<{ meeting: MeetingRecord }> {
    const id = meeting.id;
    if (input.version !== meeting.version) throw errors.conflict('meeting_conflict');
    if (!canTransition(meeting.status, input.to)) {
      throw errors.invalidState(`meeting_transition_${meeting.status}`);
    }
    const patch: MeetingPatch = { status: input.to, statusReason: input.reason ?? null };
    // The actual times of the meeting, recorded when the room starts and ends it.
    if (input.to === 'in_progress') patch.startedAt = this.now();
    if (input.to === 'ended') patch.endedAt = this.now();
    if (input.startsAt !== undefined) patch.startsAt = input.startsAt;
    if (input.endsAt !== undefined) patch.endsAt = input.endsAt;
    if (Date.parse(patch.endsAt ?? meeting.endsAt) <= Date.parse(patch.startsAt ?? meeting.startsAt)) {
      throw errors.invalid([{ path: 'endsAt', key: 'field_ends_before_start' }]);
    }
    const updated = await this.write(id, patch, input.version);
    this.announce(updated);
    const bus = this.ctx.bus;
    await bus.emit('meeting.statusChanged', { meeting: updated, from: meeting.status, byUserId });
    if (input.to === 'cancelled') await bus.emit('meeting.cancelled', { meeting: updated });
    else if (input.to === 'postponed' || (input.to === 'published' && meeting.status === 'postponed')) {
      const changes = describeMeetingChanges(meeting, updated);
      if (input.to === 'postponed') changes.unshift(describePostponement(updated));
      await bus.emit('meeting.changed', { meeting: updated, changes });
    }
    if (input.to === 'published') await bus.emit('meeting.published', { meeting: updated });
    await this.ctx.audit.record({
      actorId: byUserId,
      action: STATUS_ACTIONS[input.to] ?? 'meeting.status_changed',
      targetType: 'meeting',
      targetId: id,
      data: { from: meeting.status, to: updated.status, reason: updated.statusReason },
      ip,
    });
    return { meeting: updated };
  }

  /**
   * `POST /meetings/:id/clone`: a draft copy at new times with the same participants, agenda
   * and documents (new records pointing at the same stored files), in the same series.
   */
  async clone(actor: Actor, id: string, input: MeetingCloneInput): Promise<{ meeting: MeetingRecord }> {
    const { meeting: source, canEdit } = await loadMeeting(this.store, actor, id, 'view');
    if (!canEdit) throw errors.forbidden();
    const now = this.now();
    const meeting: MeetingRecord = {
      ...source,
      id: newId(),
      title: input.title ?? source.title,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      status: 'draft',
      statusReason: null,
      startedAt: null,
      endedAt: null,
      agendaVersion: 0,
      seriesId: source.seriesId ?? source.id,
      createdBy: actor.user.id,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    // Every copy in one unit of work: a failure half-way leaves no partial meeting behind.
    const { newItems, copiedDocs, agendaVersion } = await this.store.transaction(() =>
      copyMeeting(this.store, source, meeting, actor, now),
    );
    const created = { ...meeting, agendaVersion };
    await this.ctx.bus.emit('meeting.saved', { meeting: created });
    await this.ctx.bus.emit('agenda.itemsChanged', {
      meetingId: meeting.id,
      saved: newItems,
      removedIds: [],
    });
    await this.ctx.bus.emit('document.changed', { meetingId: meeting.id, saved: copiedDocs, removedIds: [] });
    await this.ctx.audit.record({
      actorId: actor.user.id,
      action: 'meeting.cloned',
      targetType: 'meeting',
      targetId: meeting.id,
      data: { from: id, title: meeting.title, startsAt: meeting.startsAt },
    });
    return { meeting: (await this.store.meetings.getById(meeting.id)) ?? created };
  }

  /** The chair of a meeting is also its `chair` participant; the former chair stays as a delegate. */
  private async moveChair(meetingId: string, from: string | null, to: string | null): Promise<void> {
    if (from) {
      const old = await this.store.participants.getByMeetingAndUser(meetingId, from);
      if (old?.role === 'chair') await this.store.participants.update(old.id, { role: 'delegate' });
    }
    if (to) {
      const next = await this.store.participants.getByMeetingAndUser(meetingId, to);
      if (next) await this.store.participants.update(next.id, { role: 'chair', votingRight: true });
      else await this.store.participants.add(newParticipant(meetingId, to, 'chair', this.now()));
    }
  }

  private async write(id: string, patch: MeetingPatch, version: number): Promise<MeetingRecord> {
    try {
      return await this.store.meetings.update(id, patch, version, this.now());
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('meeting_conflict');
      if (e instanceof RecordNotFoundError) throw errors.notFound('meeting_not_found');
      throw e;
    }
  }

  /** Every id must be an active user; the issue names the field. */
  private async assertUsers(ids: string[], path = 'chairId'): Promise<void> {
    for (const userId of ids) {
      const user = await this.store.users.getById(userId);
      if (!user?.active)
        throw errors.invalid([{ path, key: 'meeting_chair_unknown' }], 'meeting_chair_unknown');
    }
  }

  /** Tells everyone in the meeting room that its details or status changed. */
  private announce(m: MeetingRecord): void {
    this.ctx.io.to(meetingRoom(m.id)).emit('meeting:changed', {
      meetingId: m.id,
      version: m.version,
      status: m.status,
      // Everyone in the room may view the meeting (meeting:join), so its record goes along.
      meeting: m,
    });
  }
}
