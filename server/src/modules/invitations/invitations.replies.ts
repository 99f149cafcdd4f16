import {
  type Invitation,
  type InvitationStatus,
  type Meeting,
  type Participant,
  type ReplyInput,
} from '@icabinet/shared';
import { accessFor, callerOfActor, refusal, visibleToInvitees } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import { newId } from '../../lib/ids.js';
import { errors } from '../../errors.js';
import type { InvitationRecord } from '../../store/invitations.port.js';
import { LinkTokens, TOKEN_PATTERN } from './links.js';
import type { InvitationDelivery } from './invitations.delivery.js';
import {
  LIVE_STATUSES,
  present,
  requireEditor,
  type InvitationsDeps,
  type PublicInvitation,
} from './invitations.shared.js';

/**
 * Replies: by the personal link (the reply page) or in the app; deputies named by a participant,
 * approved by the secretariat (or automatically), each then invited in their own name.
 */
export class InvitationReplies {
  constructor(
    private readonly deps: InvitationsDeps,
    private readonly delivery: InvitationDelivery,
  ) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private async byToken(token: string): Promise<{ inv: InvitationRecord; meeting: Meeting }> {
    if (!TOKEN_PATTERN.test(token)) throw errors.notFound('invitation_link_invalid');
    const inv = await this.deps.invitations.getByTokenHash(LinkTokens.hash(token));
    if (!inv) throw errors.notFound('invitation_link_invalid');
    const meeting = await this.deps.store.meetings.getById(inv.meetingId);
    if (!meeting) throw errors.notFound('invitation_link_invalid');
    // The link speaks for its invitee: a meeting taken back to draft shows them nothing (as in the app).
    if (!visibleToInvitees(meeting)) throw errors.forbidden('meeting_not_published');
    return { inv, meeting };
  }

  private linkOpen(meeting: Meeting): boolean {
    return LIVE_STATUSES.has(meeting.status) && Date.parse(meeting.endsAt) > this.deps.clock.now().getTime();
  }

  /** The reply page's view; the first view counts as "link opened". */
  async viewByToken(token: string): Promise<PublicInvitation> {
    const { inv, meeting } = await this.byToken(token);
    if (!inv.openedAt && this.linkOpen(meeting)) {
      await this.deps.invitations.update(inv.id, { openedAt: this.now() }, null, this.now());
      await this.delivery.notifySecretariat(meeting.id, inv.id);
    }
    return this.publicView(inv, meeting);
  }

  private async publicView(inv: InvitationRecord, meeting: Meeting): Promise<PublicInvitation> {
    const agenda = (await this.deps.store.agenda.list(meeting.id)).filter((a) => a.parentId === null);
    const principal = inv.deputyForInvitationId
      ? await this.deps.invitations.getById(inv.deputyForInvitationId)
      : null;
    return {
      recipientName: inv.recipientName,
      recipientTitle: inv.recipientTitle,
      status: inv.status,
      reason: inv.reason,
      deputy: inv.deputy,
      deputyFor: principal?.recipientName ?? null,
      meeting: {
        title: meeting.title,
        location: meeting.location,
        startsAt: meeting.startsAt,
        endsAt: meeting.endsAt,
        status: meeting.status,
        statusReason: meeting.statusReason,
      },
      agenda: agenda.map((a) => ({ title: a.title })),
      canReply: this.linkOpen(meeting) && !inv.deputyForInvitationId,
    };
  }

  async replyByToken(token: string, input: ReplyInput, ip: string): Promise<PublicInvitation> {
    const { inv, meeting } = await this.byToken(token);
    if (!this.linkOpen(meeting)) throw errors.invalidState('invitation_link_expired');
    const updated = await this.applyReply(inv, meeting, input, null, ip, 'link');
    return this.publicView(updated, meeting);
  }

  /** A signed-in member replies from the app to their own invitation. */
  async replyAsUser(actor: Actor, invitationId: string, input: ReplyInput, ip: string): Promise<Invitation> {
    const inv = await this.deps.invitations.getById(invitationId);
    if (!inv || inv.userId !== actor.user.id) throw errors.notFound('invitation_not_found');
    const meeting = await this.deps.store.meetings.getById(inv.meetingId);
    if (!meeting) throw errors.notFound('invitation_not_found');
    // A meeting taken back to draft is the organisers' alone until it is published again.
    const seen = (await accessFor(this.deps.store).standingIn(callerOfActor(actor), meeting)).decide('view');
    if (!seen.allow) throw refusal(seen);
    if (!this.linkOpen(meeting)) throw errors.invalidState('invitation_link_expired');
    return present(await this.applyReply(inv, meeting, input, actor.user.id, ip, 'app'));
  }

  private async applyReply(
    inv: InvitationRecord,
    meeting: Meeting,
    input: ReplyInput,
    actorId: string | null,
    ip: string,
    via: 'link' | 'app',
  ): Promise<InvitationRecord> {
    if (inv.deputyForInvitationId && input.answer === 'deputy')
      throw errors.invalidState('invitation_deputy_of_deputy');
    const now = this.now();
    const status: InvitationStatus =
      input.answer === 'attend'
        ? 'attending'
        : input.answer === 'decline'
          ? 'declined'
          : (await this.deps.settings.autoApproveDeputies())
            ? 'deputy_approved'
            : 'deputy_pending';
    const updated = await this.deps.invitations.update(
      inv.id,
      {
        status,
        reason: input.answer === 'attend' ? null : (input.reason ?? null),
        deputy: input.answer === 'deputy' ? input.deputy : null,
        repliedAt: now,
        openedAt: inv.openedAt ?? now,
      },
      null,
      now,
    );
    await this.deps.audit.record({
      actorId,
      action: 'invitation.replied',
      targetType: 'invitation',
      targetId: inv.id,
      data: {
        meetingId: meeting.id,
        answer: input.answer,
        via,
        ...(input.answer !== 'attend' && input.reason ? { reason: input.reason } : {}),
        ...(input.answer === 'deputy' ? { deputy: input.deputy.fullName } : {}),
      },
      ip,
    });
    if (status === 'deputy_approved') await this.inviteDeputy(updated, meeting);
    // An approved deputy adds an invitation too: then the screens refetch the list.
    await this.delivery.notifySecretariat(meeting.id, status === 'deputy_approved' ? null : inv.id);
    return updated;
  }

  /** The secretariat approves or rejects a named deputy; an approved deputy gets an invitation of their own. */
  async decideDeputy(
    actor: Actor,
    meetingId: string,
    invitationId: string,
    approve: boolean,
    ip: string,
  ): Promise<Invitation> {
    const meeting = await requireEditor(this.deps.store, actor, meetingId);
    const inv = await this.deps.invitations.getById(invitationId);
    if (!inv || inv.meetingId !== meetingId) throw errors.notFound('invitation_not_found');
    if (inv.status !== 'deputy_pending') throw errors.invalidState('invitation_deputy_not_pending');
    const updated = await this.deps.invitations.update(
      inv.id,
      { status: approve ? 'deputy_approved' : 'deputy_rejected' },
      inv.version,
      this.now(),
    );
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: approve ? 'invitation.deputy_approved' : 'invitation.deputy_rejected',
      targetType: 'invitation',
      targetId: inv.id,
      data: { meetingId, deputy: inv.deputy?.fullName ?? null },
      ip,
    });
    if (approve) await this.inviteDeputy(updated, meeting);
    await this.delivery.notifySecretariat(meetingId, approve ? null : inv.id);
    return present(updated);
  }

  private async inviteDeputy(principal: InvitationRecord, meeting: Meeting): Promise<void> {
    const deputy = principal.deputy;
    if (!deputy) return;
    const principalParticipant = await this.deps.store.participants.getById(principal.participantId);
    const participant: Participant = {
      id: newId(),
      meetingId: meeting.id,
      userId: null,
      guest: {
        fullName: deputy.fullName,
        title: deputy.title,
        organisation: null,
        email: deputy.email,
        phone: deputy.phone,
      },
      role: principalParticipant?.role === 'chair' ? 'delegate' : (principalParticipant?.role ?? 'delegate'),
      votingRight: principalParticipant?.votingRight ?? false,
      seat: principalParticipant?.seat ?? null,
      deputyForId: principal.participantId,
      createdAt: this.now(),
    };
    await this.deps.store.participants.add(participant);
    await this.deps.onParticipantsChanged?.(meeting.id);
    const inv = await this.delivery.newInvitation(meeting, participant, principal);
    inv.status = 'attending';
    await this.deps.invitations.createMany([inv]);
    await this.delivery.enqueueAll(inv, 'invitation', 0, []);
  }

  /** The caller's invitations, to meetings they may see (not one taken back to draft). */
  async mine(actor: Actor): Promise<Invitation[]> {
    const access = accessFor(this.deps.store);
    const caller = callerOfActor(actor);
    const visible = new Map<string, boolean>();
    const out: Invitation[] = [];
    for (const inv of await this.deps.invitations.listByUser(actor.user.id)) {
      if (!visible.has(inv.meetingId)) {
        const meeting = await this.deps.store.meetings.getById(inv.meetingId);
        visible.set(inv.meetingId, !!meeting && (await access.standingIn(caller, meeting)).may('view'));
      }
      if (visible.get(inv.meetingId)) out.push(present(inv));
    }
    return out;
  }
}
