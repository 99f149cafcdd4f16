import {
  defaultVotingRight,
  type Guest,
  type MeetingRole,
  type Participant,
  type ParticipantAddInput,
  type ParticipantBulkInput,
  type ParticipantUpdateInput,
  type ParticipantView,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { DuplicateKeyError, type Store, type UserRecord } from '../../store/port.js';
import { foldForSearch, viCollator } from '../../store/search.js';
import type { Clock } from '../../lib/clock.js';
import { loadMeeting } from '../meetings/meeting-access.js';
import type { AuditService } from '../audit/audit.service.js';

const ROLE_RANK: Record<MeetingRole, number> = { chair: 0, secretary: 1, delegate: 2, guest: 3, observer: 4 };
/** Roles an external guest (no account) may hold: they cannot sign in to organise. */
const GUEST_ROLES: readonly MeetingRole[] = ['delegate', 'guest', 'observer'];
/** Most users a bulk addition takes at once. */
const MAX_BULK = 500;

/** The same external guest: same e-mail, same phone, or same name in the same organisation. */
function sameGuest(a: Guest, b: Guest): boolean {
  if (a.email && b.email && a.email === b.email) return true;
  if (a.phone && b.phone && a.phone.replace(/\D/g, '') === b.phone.replace(/\D/g, '')) return true;
  return (
    foldForSearch(a.fullName) === foldForSearch(b.fullName) &&
    foldForSearch(a.organisation ?? '') === foldForSearch(b.organisation ?? '')
  );
}

/** Participants of a meeting: one by one, by unit, from another meeting, external guests. */
export class ParticipantsService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit?: AuditService,
  ) {}

  /** `GET /meetings/:id/participants`: chair first, then secretaries, delegates…, by name. */
  async list(actor: Actor, meetingId: string): Promise<{ items: ParticipantView[] }> {
    await loadMeeting(this.store, actor, meetingId, 'view');
    const participants = await this.store.participants.listByMeeting(meetingId);
    const units = new Map((await this.store.units.list()).map((u) => [u.id, u.name]));
    const users = new Map<string, UserRecord | null>();
    for (const p of participants) {
      if (p.userId && !users.has(p.userId)) users.set(p.userId, await this.store.users.getById(p.userId));
    }
    const items = participants.map((p) =>
      this.view(p, p.userId ? (users.get(p.userId) ?? null) : null, units),
    );
    items.sort((a, b) => ROLE_RANK[a.role] - ROLE_RANK[b.role] || viCollator.compare(a.fullName, b.fullName));
    return { items };
  }

  /** `POST /meetings/:id/participants`: a user or an external guest; a duplicate → 409. */
  async add(
    actor: Actor,
    meetingId: string,
    input: ParticipantAddInput,
  ): Promise<{ participant: ParticipantView }> {
    await loadMeeting(this.store, actor, meetingId, 'edit');
    let user: UserRecord | null = null;
    if (input.userId) {
      user = await this.store.users.getById(input.userId);
      if (!user?.active) {
        throw errors.invalid(
          [{ path: 'userId', key: 'participant_user_unknown' }],
          'participant_user_unknown',
        );
      }
    }
    const role: MeetingRole = input.role ?? (input.guest ? 'guest' : 'delegate');
    if (input.guest) {
      if (!GUEST_ROLES.includes(role)) {
        throw errors.invalid([{ path: 'role', key: 'participant_guest_role' }], 'participant_guest_role');
      }
      const guest = input.guest;
      const existing = await this.store.participants.listByMeeting(meetingId);
      if (existing.some((p) => p.guest && sameGuest(p.guest, guest)))
        throw errors.conflict('participant_duplicate');
    }
    const participant: Participant = {
      id: newId(),
      meetingId,
      userId: input.userId ?? null,
      guest: input.guest ?? null,
      role,
      votingRight: input.votingRight ?? defaultVotingRight(role),
      seat: input.seat,
      deputyForId: null,
      createdAt: this.clock.now().toISOString(),
    };
    try {
      await this.store.participants.add(participant);
    } catch (e) {
      if (e instanceof DuplicateKeyError && e.field === 'userId')
        throw errors.conflict('participant_duplicate');
      throw e;
    }
    await this.record(actor, 'participant.added', participant, {
      role,
      votingRight: participant.votingRight,
    });
    const units = new Map((await this.store.units.list()).map((u) => [u.id, u.name]));
    return { participant: this.view(participant, user, units) };
  }

  /** `POST /meetings/:id/participants/bulk`: people already in the meeting are skipped, not refused. */
  async addBulk(
    actor: Actor,
    meetingId: string,
    input: ParticipantBulkInput,
  ): Promise<{ added: number; skipped: number }> {
    await loadMeeting(this.store, actor, meetingId, 'edit');
    const now = this.clock.now().toISOString();
    const make = (p: Omit<Participant, 'id' | 'meetingId' | 'deputyForId' | 'createdAt'>): Participant => ({
      ...p,
      id: newId(),
      meetingId,
      deputyForId: null,
      createdAt: now,
    });
    let rows: Participant[];
    if ('fromMeetingId' in input) {
      if (input.fromMeetingId === meetingId) return { added: 0, skipped: 0 };
      try {
        await loadMeeting(this.store, actor, input.fromMeetingId, 'view');
      } catch {
        throw errors.invalid(
          [{ path: 'fromMeetingId', key: 'participant_source_meeting' }],
          'participant_source_meeting',
        );
      }
      const source = await this.store.participants.listByMeeting(input.fromMeetingId);
      const here = (await this.store.participants.listByMeeting(meetingId)).flatMap((p) =>
        p.guest ? [p.guest] : [],
      );
      let guestsSkipped = 0;
      rows = [];
      for (const p of source) {
        if (p.guest && here.some((g) => p.guest && sameGuest(g, p.guest))) {
          guestsSkipped += 1;
          continue;
        }
        rows.push(
          make({ userId: p.userId, guest: p.guest, role: p.role, votingRight: p.votingRight, seat: p.seat }),
        );
      }
      const result = await this.store.participants.addMany(rows);
      const summary = { added: result.added, skipped: result.skipped + guestsSkipped };
      await this.recordBulk(actor, meetingId, { ...summary, fromMeetingId: input.fromMeetingId });
      return summary;
    }
    let users: UserRecord[];
    if ('unitId' in input) {
      const unit = await this.store.units.getById(input.unitId);
      if (!unit) throw errors.invalid([{ path: 'unitId', key: 'unit_not_found' }], 'unit_not_found');
      users = (
        await this.store.users.list({ unitId: input.unitId, active: true, limit: MAX_BULK, offset: 0 })
      ).items;
    } else {
      users = [];
      for (const [i, userId] of input.userIds.entries()) {
        const user = await this.store.users.getById(userId);
        if (!user?.active) {
          throw errors.invalid(
            [{ path: `userIds.${i}`, key: 'participant_user_unknown' }],
            'participant_user_unknown',
          );
        }
        users.push(user);
      }
    }
    rows = users.map((u) =>
      make({
        userId: u.id,
        guest: null,
        role: input.role,
        votingRight: input.votingRight ?? defaultVotingRight(input.role),
        seat: null,
      }),
    );
    const summary = await this.store.participants.addMany(rows);
    await this.recordBulk(actor, meetingId, {
      ...summary,
      role: input.role,
      userIds: rows.map((r) => r.userId),
    });
    return summary;
  }

  /** A bulk addition is one entry on the meeting: how many were added and from where. */
  private async recordBulk(actor: Actor, meetingId: string, data: Record<string, unknown>): Promise<void> {
    await this.audit?.record({
      actorId: actor.user.id,
      action: 'participant.added',
      targetType: 'meeting',
      targetId: meetingId,
      data: { bulk: true, ...data },
      ip: actor.ip ?? null,
    });
  }

  /** `PATCH /meetings/:id/participants/:pid`: role, voting right, seat. */
  async update(
    actor: Actor,
    meetingId: string,
    participantId: string,
    input: ParticipantUpdateInput,
  ): Promise<{ participant: ParticipantView }> {
    await loadMeeting(this.store, actor, meetingId, 'edit');
    const current = await this.inMeeting(meetingId, participantId);
    if (current.guest && input.role && !GUEST_ROLES.includes(input.role)) {
      throw errors.invalid([{ path: 'role', key: 'participant_guest_role' }], 'participant_guest_role');
    }
    const updated = await this.store.participants.update(participantId, {
      role: input.role,
      votingRight: input.votingRight,
      seat: input.seat,
    });
    await this.record(actor, 'participant.updated', updated, {
      from: { role: current.role, votingRight: current.votingRight, seat: current.seat },
      to: { role: updated.role, votingRight: updated.votingRight, seat: updated.seat },
    });
    const user = updated.userId ? await this.store.users.getById(updated.userId) : null;
    const units = new Map((await this.store.units.list()).map((u) => [u.id, u.name]));
    return { participant: this.view(updated, user, units) };
  }

  /** `DELETE /meetings/:id/participants/:pid`. */
  async remove(actor: Actor, meetingId: string, participantId: string): Promise<void> {
    await loadMeeting(this.store, actor, meetingId, 'edit');
    const removed = await this.inMeeting(meetingId, participantId);
    await this.store.participants.remove(participantId);
    await this.record(actor, 'participant.removed', removed, { role: removed.role });
  }

  /** One audit entry per participant change: the meeting, the person (or guest) and what changed. */
  private async record(
    actor: Actor,
    action: 'participant.added' | 'participant.updated' | 'participant.removed',
    p: Participant,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit?.record({
      actorId: actor.user.id,
      action,
      targetType: 'participant',
      targetId: p.id,
      data: { meetingId: p.meetingId, userId: p.userId, guest: p.guest?.fullName ?? null, ...data },
      ip: actor.ip ?? null,
    });
  }

  private async inMeeting(meetingId: string, participantId: string): Promise<Participant> {
    const p = await this.store.participants.getById(participantId);
    if (!p || p.meetingId !== meetingId) throw errors.notFound('participant_not_found');
    return p;
  }

  /** The presenter: the participant with the person's name, title and unit (a guest's organisation). */
  private view(p: Participant, user: UserRecord | null, units: Map<string, string>): ParticipantView {
    if (p.guest) {
      return {
        ...p,
        fullName: p.guest.fullName,
        title: p.guest.title,
        unitName: p.guest.organisation,
        username: null,
      };
    }
    return {
      ...p,
      fullName: user?.fullName ?? '—',
      title: user?.title ?? null,
      unitName: user?.unitId ? (units.get(user.unitId) ?? null) : null,
      username: user?.username ?? null,
    };
  }
}
