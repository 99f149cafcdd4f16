import {
  type MyOpinionRequest,
  type OpinionAnswer,
  type OpinionAnswerInput,
  type OpinionCreateInput,
  type OpinionDetail,
  type OpinionRecipient,
  type OpinionResponseInput,
  type OpinionSummary,
  type OpinionUpdateInput,
} from '@icabinet/shared';
import { callerOfActor, refusal, visibleToInvitees } from '../../access/meeting-access.js';
import type { Actor } from '../../actor.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import {
  RecordNotFoundError,
  VersionConflictError,
  type MeetingRecord,
  type OpinionRecipientRecord,
  type OpinionRequestRecord,
} from '../../store/port.js';
import { LinkTokens, TOKEN_PATTERN } from '../invitations/links.js';
import type { OpinionsDelivery } from './opinions.delivery.js';
import { draftContent } from './opinions.draft.js';
import { detailOf, opinionsRoom, presentRecipient, summarise, type OpinionsDeps } from './opinions.shared.js';

/** What the page behind a personal link shows: the request, the member's answers, whether it is still open. */
export interface PublicOpinion {
  request: OpinionRequestRecord;
  recipient: OpinionRecipient;
  meetingTitle: string;
  documentName: string | null;
  /** The draft can be opened through the link (not restricted, no watermark). */
  draftByLink: boolean;
  open: boolean;
}

/**
 * Written opinions between meetings: the secretariat prepares a request on a document of a
 * meeting, sends it, follows the answers in the consolidated table and responds to each comment;
 * members answer by their personal link (no sign-in) or in the app until the deadline.
 */
export class OpinionsService {
  constructor(
    private readonly deps: OpinionsDeps,
    private readonly delivery: OpinionsDelivery,
  ) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // ---- the secretariat ----------------------------------------------------------------------

  private async organised(actor: Actor, requestId: string) {
    const request = await this.deps.store.opinions.getById(requestId);
    if (!request) throw errors.notFound('opinion_not_found');
    const standing = await this.deps.access.require(callerOfActor(actor), request.meetingId, 'organise');
    return { request, meeting: standing.meeting, standing };
  }

  private async documentTitle(documentId: string): Promise<string | null> {
    return (await this.deps.store.documents.getById(documentId))?.name ?? null;
  }

  async listForMeeting(actor: Actor, meetingId: string): Promise<OpinionSummary[]> {
    await this.deps.access.require(callerOfActor(actor), meetingId, 'organise');
    const now = this.now();
    const out: OpinionSummary[] = [];
    for (const request of await this.deps.store.opinions.listByMeeting(meetingId)) {
      const recipients = (await this.deps.store.opinions.recipients(request.id)).map((r) =>
        presentRecipient(r, request, now),
      );
      out.push(summarise(request, recipients, await this.documentTitle(request.documentId)));
    }
    return out;
  }

  async create(
    actor: Actor,
    meetingId: string,
    input: OpinionCreateInput,
    ip: string,
  ): Promise<OpinionSummary> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'organise');
    const id = newId();
    const { doc, fields, recipients } = await draftContent(this.deps, standing, id, input, this.now());
    const now = this.now().toISOString();
    const request: OpinionRequestRecord = {
      id,
      meetingId,
      ...fields,
      status: 'draft',
      createdBy: actor.user.id,
      createdAt: now,
      sentAt: null,
      updatedAt: now,
      version: 0,
    };
    await this.deps.store.transaction(() => this.deps.store.opinions.create(request, recipients));
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'opinion.created',
      targetType: 'opinion_request',
      targetId: request.id,
      data: {
        meetingId,
        title: request.title,
        questions: request.questions.length,
        members: recipients.length,
      },
      ip,
    });
    const presented = recipients.map((r) => presentRecipient(r, request, this.now()));
    return summarise(request, presented, doc.name);
  }

  /**
   * Rewrites a draft that was not sent yet (its title, draft document, note, deadline, rule,
   * questions and members), if nobody changed it since `version` was read.
   */
  async update(
    actor: Actor,
    requestId: string,
    input: OpinionUpdateInput,
    ip: string,
  ): Promise<OpinionSummary> {
    const { request, standing } = await this.organised(actor, requestId);
    if (request.status !== 'draft') throw errors.invalidState('opinion_already_sent');
    const { version, ...content } = input;
    const { doc, fields, recipients } = await draftContent(
      this.deps,
      standing,
      request.id,
      content,
      this.now(),
    );
    const now = this.now().toISOString();
    const updated = await this.inDraft(request.id, () =>
      this.deps.store.opinions.replaceDraft(request.id, fields, recipients, version, now),
    );
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'opinion.updated',
      targetType: 'opinion_request',
      targetId: request.id,
      data: {
        meetingId: request.meetingId,
        title: updated.title,
        questions: updated.questions.length,
        members: recipients.length,
      },
      ip,
    });
    this.changed(updated);
    const presented = recipients.map((r) => presentRecipient(r, updated, this.now()));
    return summarise(updated, presented, doc.name);
  }

  /** Deletes a draft that was not sent yet (nobody has seen it), if unchanged since `version`. */
  async remove(actor: Actor, requestId: string, version: number, ip: string): Promise<void> {
    const { request } = await this.organised(actor, requestId);
    if (request.status !== 'draft') throw errors.invalidState('opinion_sent_not_deleted');
    await this.inDraft(request.id, () => this.deps.store.opinions.removeDraft(request.id, version));
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'opinion.deleted',
      targetType: 'opinion_request',
      targetId: request.id,
      data: { meetingId: request.meetingId, title: request.title },
      ip,
    });
    this.changed(request);
  }

  /** Runs a draft-only write: a stale version is a 409, a request sent meanwhile is refused. */
  private async inDraft<T>(requestId: string, write: () => Promise<T>): Promise<T> {
    try {
      return await this.deps.store.transaction(write);
    } catch (e) {
      if (e instanceof VersionConflictError) {
        const now = await this.deps.store.opinions.getById(requestId);
        if (now && now.status !== 'draft') throw errors.invalidState('opinion_already_sent');
        throw errors.conflict('opinion_changed');
      }
      if (e instanceof RecordNotFoundError) throw errors.notFound('opinion_not_found');
      throw e;
    }
  }

  async get(actor: Actor, requestId: string): Promise<OpinionDetail> {
    const { request } = await this.organised(actor, requestId);
    return this.detail(request);
  }

  async detail(request: OpinionRequestRecord): Promise<OpinionDetail> {
    const records = await this.deps.store.opinions.recipients(request.id);
    return detailOf(request, records, await this.documentTitle(request.documentId), this.now());
  }

  /** Sends a prepared request: deliveries, reminders and the deadline notice are persisted jobs. */
  async send(actor: Actor, requestId: string, ip: string): Promise<OpinionSummary> {
    const { request, meeting } = await this.organised(actor, requestId);
    if (request.status !== 'draft') throw errors.invalidState('opinion_already_sent');
    if (meeting.status === 'draft') throw errors.invalidState('opinion_meeting_draft');
    if (meeting.status === 'cancelled') throw errors.invalidState('opinion_meeting_cancelled');
    const recipients = await this.deps.store.opinions.recipients(request.id);
    if (request.questions.length === 0) throw errors.invalidState('opinion_no_questions');
    if (recipients.length === 0) throw errors.invalidState('opinion_no_members');
    if (Date.parse(request.deadline) <= this.now().getTime())
      throw errors.invalidState('opinion_deadline_past');
    const sentAt = this.now().toISOString();
    const sent = await this.deps.store.transaction(async () => {
      const updated = await this.deps.store.opinions.update(
        request.id,
        { status: 'sent', sentAt },
        request.version,
        sentAt,
      );
      await this.deps.jobs.enqueueMany(this.delivery.jobsOnSend(updated, recipients));
      return updated;
    });
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'opinion.sent',
      targetType: 'opinion_request',
      targetId: request.id,
      data: { meetingId: meeting.id, members: recipients.length, deadline: request.deadline },
      ip,
    });
    this.changed(sent);
    const presented = recipients.map((r) => presentRecipient(r, sent, this.now()));
    return summarise(sent, presented, await this.documentTitle(sent.documentId));
  }

  async respond(
    actor: Actor,
    requestId: string,
    input: OpinionResponseInput,
    ip: string,
  ): Promise<OpinionRecipient> {
    const { request } = await this.organised(actor, requestId);
    if (!request.questions.some((q) => q.id === input.questionId))
      throw errors.invalid([{ path: 'questionId', key: 'opinion_unknown_question' }]);
    const recipient = await this.deps.store.opinions.getRecipient(input.recipientId);
    if (!recipient || recipient.requestId !== request.id)
      throw errors.notFound('opinion_recipient_not_found');
    if (!recipient.answers.some((a) => a.questionId === input.questionId))
      throw errors.invalidState('opinion_nothing_to_respond');
    const updated = await this.deps.store.opinions.setResponse(
      recipient.id,
      input.questionId,
      input.response
        ? {
            questionId: input.questionId,
            text: input.response,
            by: actor.user.id,
            byName: actor.user.fullName,
            at: this.now().toISOString(),
          }
        : null,
    );
    await this.deps.audit.record({
      actorId: actor.user.id,
      action: 'opinion.responded',
      targetType: 'opinion_recipient',
      targetId: recipient.id,
      data: { requestId: request.id, questionId: input.questionId, cleared: !input.response },
      ip,
    });
    this.changed(request);
    return presentRecipient(updated, request, this.now());
  }

  /** Tells the secretariat's screens of the meeting that a request changed (they refetch it). */
  private changed(request: OpinionRequestRecord): void {
    this.deps.io
      .to(opinionsRoom(request.meetingId))
      .emit('opinions:changed', { meetingId: request.meetingId, requestId: request.id });
  }

  // ---- members --------------------------------------------------------------------------------

  /** The requests sent to the caller, in meetings they may see; open ones first. */
  async mine(actor: Actor): Promise<MyOpinionRequest[]> {
    const caller = callerOfActor(actor);
    const out: MyOpinionRequest[] = [];
    for (const r of await this.deps.store.opinions.listRecipientsByUser(actor.user.id)) {
      const request = await this.deps.store.opinions.getById(r.requestId);
      if (!request || request.status !== 'sent') continue;
      const meeting = await this.deps.store.meetings.getById(request.meetingId);
      if (!meeting || !(await this.deps.access.standingIn(caller, meeting)).may('view')) continue;
      out.push(await this.myView(request, r, meeting));
    }
    return out.sort(
      (a, b) => Number(b.open) - Number(a.open) || a.request.deadline.localeCompare(b.request.deadline),
    );
  }

  private async myView(
    request: OpinionRequestRecord,
    r: OpinionRecipientRecord,
    meeting: MeetingRecord,
  ): Promise<MyOpinionRequest> {
    const recipient = presentRecipient(r, request, this.now());
    return {
      request: summarise(request, [recipient], await this.documentTitle(request.documentId)),
      recipient,
      meetingTitle: meeting.title,
      open: this.isOpen(request),
    };
  }

  private isOpen(request: OpinionRequestRecord): boolean {
    return request.status === 'sent' && Date.parse(request.deadline) > this.now().getTime();
  }

  /** A signed-in member answers a request sent to them. */
  async answerAsUser(
    actor: Actor,
    requestId: string,
    input: OpinionAnswerInput,
    ip: string,
  ): Promise<MyOpinionRequest> {
    const request = await this.deps.store.opinions.getById(requestId);
    const mine = request
      ? (await this.deps.store.opinions.recipients(request.id)).find((r) => r.userId === actor.user.id)
      : undefined;
    if (!request || request.status !== 'sent' || !mine) throw errors.notFound('opinion_not_found');
    const meeting = await this.deps.store.meetings.getById(request.meetingId);
    if (!meeting) throw errors.notFound('opinion_not_found');
    const seen = (await this.deps.access.standingIn(callerOfActor(actor), meeting)).decide('view');
    if (!seen.allow) throw refusal(seen);
    const saved = await this.applyAnswer(request, mine, input, actor.user.id, ip, 'app');
    return this.myView(request, saved, meeting);
  }

  private async byToken(token: string) {
    if (!TOKEN_PATTERN.test(token)) throw errors.notFound('opinion_link_invalid');
    const recipient = await this.deps.store.opinions.getRecipientByTokenHash(LinkTokens.hash(token));
    const request = recipient ? await this.deps.store.opinions.getById(recipient.requestId) : null;
    if (!recipient || !request || request.status !== 'sent') throw errors.notFound('opinion_link_invalid');
    const meeting = await this.deps.store.meetings.getById(request.meetingId);
    if (!meeting) throw errors.notFound('opinion_link_invalid');
    if (!visibleToInvitees(meeting)) throw errors.forbidden('meeting_not_published');
    return { recipient, request, meeting };
  }

  async viewByToken(token: string): Promise<PublicOpinion> {
    const { recipient, request, meeting } = await this.byToken(token);
    return this.publicView(request, recipient, meeting);
  }

  /** The draft document behind a personal link, when its classification lets any participant read it unstamped. */
  async draftByToken(token: string): Promise<{ path: string; size: number; etag: string; name: string }> {
    const { request, meeting } = await this.byToken(token);
    const doc = await this.deps.store.documents.getById(request.documentId);
    if (!doc) throw errors.notFound('document_not_found');
    const standing = await this.deps.access.standingIn({ userId: '', systemRole: 'member' }, meeting);
    const rules = standing.classification(doc);
    if (rules.openBy !== 'participants' || rules.watermark) throw errors.forbidden('opinion_draft_in_app');
    const variant = doc.optimized ? 'optimized' : 'original';
    const size = await this.deps.blobs.sizeOf(doc.sha256, variant);
    if (size === null) throw errors.notFound('document_not_found');
    return {
      path: this.deps.blobs.pathOf(doc.sha256, variant),
      size,
      etag: `"${doc.sha256}${variant === 'optimized' ? '.o' : ''}"`,
      name: doc.name,
    };
  }

  private async publicView(
    request: OpinionRequestRecord,
    r: OpinionRecipientRecord,
    meeting: MeetingRecord,
  ): Promise<PublicOpinion> {
    const doc = await this.deps.store.documents.getById(request.documentId);
    const standing = await this.deps.access.standingIn({ userId: '', systemRole: 'member' }, meeting);
    const rules = doc ? standing.classification(doc) : null;
    return {
      request,
      recipient: presentRecipient(r, request, this.now()),
      meetingTitle: meeting.title,
      documentName: doc?.name ?? null,
      draftByLink: !!rules && rules.openBy === 'participants' && !rules.watermark,
      open: this.isOpen(request),
    };
  }

  async answerByToken(token: string, input: OpinionAnswerInput, ip: string): Promise<PublicOpinion> {
    const { recipient, request, meeting } = await this.byToken(token);
    const saved = await this.applyAnswer(request, recipient, input, null, ip, 'link');
    return this.publicView(request, saved, meeting);
  }

  /** Checks the answers against the request and stores them (the last sent stands until the deadline). */
  private async applyAnswer(
    request: OpinionRequestRecord,
    recipient: OpinionRecipientRecord,
    input: OpinionAnswerInput,
    actorId: string | null,
    ip: string,
    via: 'link' | 'app',
  ): Promise<OpinionRecipientRecord> {
    if (!this.isOpen(request)) throw errors.invalidState('opinion_closed');
    const known = new Set(request.questions.map((q) => q.id));
    const seen = new Set<string>();
    input.answers.forEach((a, i) => {
      if (!known.has(a.questionId))
        throw errors.invalid([{ path: `answers.${i}.questionId`, key: 'opinion_unknown_question' }]);
      if (seen.has(a.questionId))
        throw errors.invalid([{ path: `answers.${i}.questionId`, key: 'opinion_duplicate_question' }]);
      seen.add(a.questionId);
    });
    const missing = request.questions.findIndex((q) => !seen.has(q.id));
    if (missing >= 0) throw errors.invalid([], 'opinion_answer_every_question', { n: String(missing + 1) });
    const answers: OpinionAnswer[] = request.questions.map((q) => {
      const a = input.answers.find((x) => x.questionId === q.id)!;
      return { questionId: q.id, choice: a.choice, comment: a.comment };
    });
    const saved = await this.deps.store.opinions.saveAnswers(
      recipient.id,
      answers,
      this.now().toISOString(),
      via,
    );
    await this.deps.audit.record({
      actorId,
      action: 'opinion.answered',
      targetType: 'opinion_recipient',
      targetId: recipient.id,
      data: {
        requestId: request.id,
        meetingId: request.meetingId,
        via,
        again: recipient.answeredAt !== null,
        comments: answers.filter((a) => a.comment).length,
      },
      ip,
    });
    this.changed(request);
    return saved;
  }
}
