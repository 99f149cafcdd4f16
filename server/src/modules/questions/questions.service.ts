import {
  OPEN_QUESTION_STATUSES,
  QUESTIONS_OPEN_PER_SITE,
  briefingSitesRoom,
  questionsModeratorRoom,
  siteQuestionsRoom,
  viewersRoom,
  type BriefingFloor,
  type Meeting,
  type QuestionAskInput,
  type QuestionModerateInput,
  type QuestionQueue,
  type SiteQuestion,
  type SiteQuestionStatus,
} from '@icabinet/shared';
import type { Caller } from '../../access/meeting-access.js';
import type { AuditAction } from '@icabinet/shared';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { DuplicateKeyError, VersionConflictError, type SiteQuestionRecord } from '../../store/port.js';
import type { Core } from '../module.js';
import type { BriefingService } from '../sites/briefing.service.js';
import { QuestionNames, floorOfQuestion, forViewers, presentQuestion } from './questions.present.js';

/** A question may be asked while the briefing is announced or running, not before nor after. */
const ASKING = new Set(['published', 'in_progress']);

export type QuestionsDeps = Pick<Core, 'store' | 'clock' | 'io' | 'access' | 'audit' | 'logger'> & {
  briefing: BriefingService;
};

/** Who acts, with the client address for the audit log. */
export interface QuestionActor extends Caller {
  ip: string | null;
}

const isOpen = (status: SiteQuestionStatus) => OPEN_QUESTION_STATUSES.includes(status);

/**
 * Questions from sites: stored first, then told to the chair's moderator queue and the asking
 * site's screens; the floor to every site's screen and (inside the roll-up) to the chair's console
 * and the display. Every broadcast goes through the Socket.IO adapter, so with Redis a question
 * asked on one process reaches a chair on another; what is shown is always read back from the store.
 */
export class QuestionsService {
  constructor(private readonly deps: QuestionsDeps) {}

  /** A site's operator raises a hand or sends a written question. */
  async ask(actor: QuestionActor, input: QuestionAskInput): Promise<SiteQuestion> {
    const { store, clock } = this.deps;
    const { site, meeting } = await this.operatorOf(actor, input.meetingId, input.siteId);
    if (!ASKING.has(meeting.status)) throw errors.invalidState('briefing_questions_closed');
    const open = (await store.siteQuestions.listByMeeting(meeting.id)).filter(
      (q) => q.siteId === site.id && isOpen(q.status),
    );
    // A hand already up stays the one hand: raising it again changes nothing.
    const hand = open.find((q) => q.kind === 'hand');
    if (input.kind === 'hand' && hand) return this.present(hand);
    if (open.length >= QUESTIONS_OPEN_PER_SITE) {
      const params = { max: String(QUESTIONS_OPEN_PER_SITE) };
      throw errors.invalidState('questions_too_many', params);
    }
    const askedAt = clock.now().toISOString();
    let created: SiteQuestionRecord | null = null;
    // Numbers come in arrival order; another process taking the same number first means: try the next.
    for (let attempt = 0; !created; attempt++) {
      try {
        created = await store.transaction(async () => {
          const q: SiteQuestionRecord = {
            id: newId(),
            meetingId: meeting.id,
            siteId: site.id,
            number: (await store.siteQuestions.lastNumber(meeting.id)) + 1,
            kind: input.kind,
            text: input.kind === 'written' ? input.text : null,
            status: 'waiting',
            askedBy: actor.userId,
            askedAt,
            answer: null,
            closedBy: null,
            floorAt: null,
            closedAt: null,
            version: 1,
          };
          await store.siteQuestions.create(q);
          return q;
        });
      } catch (e) {
        if (!(e instanceof DuplicateKeyError && e.field === 'number' && attempt < 5)) throw e;
      }
    }
    await this.audit(actor, 'briefing.question_asked', created, { kind: created.kind, site: site.code });
    return this.tell(created);
  }

  /** The operator takes the site's question (or hand, or floor) back. */
  async withdraw(actor: QuestionActor, meetingId: string, questionId: string): Promise<SiteQuestion> {
    const q = await this.question(meetingId, questionId);
    await this.operatorOf(actor, meetingId, q.siteId);
    if (!isOpen(q.status)) throw errors.invalidState('question_closed');
    const next = await this.close(q, 'withdrawn', actor.userId);
    await this.audit(actor, 'briefing.question_withdrawn', next, { hadFloor: q.status === 'floor' });
    const shown = await this.tell(next);
    if (q.status === 'floor') await this.floorChanged(meetingId, null);
    return shown;
  }

  /** The chair gives the floor, answers in writing, dismisses, or ends the floor. */
  async moderate(actor: QuestionActor, input: QuestionModerateInput): Promise<SiteQuestion | null> {
    const { meetingId } = input;
    const standing = await this.deps.access.require(actor, meetingId, 'moderate');
    if (input.action === 'endFloor') {
      const holding = (await this.deps.store.siteQuestions.listByMeeting(meetingId)).find(
        (q) => q.status === 'floor',
      );
      if (!holding) return null;
      const next = await this.close(holding, 'spoken', actor.userId);
      await this.audit(actor, 'briefing.floor_ended', next, {});
      const shown = await this.tell(next);
      await this.floorChanged(meetingId, null);
      return shown;
    }
    const q = await this.question(meetingId, input.questionId);
    if (!isOpen(q.status)) throw errors.invalidState('question_closed');
    const now = this.deps.clock.now().toISOString();
    switch (input.action) {
      case 'floor': {
        if (q.status === 'floor') return this.present(q);
        if (!ASKING.has(standing.meeting.status)) throw errors.invalidState('briefing_questions_closed');
        const { store } = this.deps;
        // The site that spoke before yields in the same unit of work: never two floors.
        const { before, given } = await this.conflictsClosed(() =>
          store.transaction(async () => {
            const holding = (await store.siteQuestions.listByMeeting(meetingId)).find(
              (x) => x.status === 'floor',
            );
            const yielded = holding
              ? await store.siteQuestions.update(
                  holding.id,
                  { status: 'spoken', closedAt: now, closedBy: actor.userId },
                  holding.version,
                )
              : null;
            const taken = await store.siteQuestions.update(
              q.id,
              { status: 'floor', floorAt: now, closedBy: actor.userId },
              q.version,
            );
            return { before: yielded, given: taken };
          }),
        );
        await this.audit(actor, 'briefing.floor_given', given, { yielded: before?.number ?? null });
        if (before) await this.tell(before);
        const shown = await this.tell(given);
        await this.floorChanged(meetingId, floorOfQuestion(shown));
        return shown;
      }
      case 'answer': {
        const next = await this.close(q, 'answered', actor.userId, input.text);
        await this.audit(actor, 'briefing.question_answered', next, { length: input.text.length });
        const shown = await this.tell(next);
        if (q.status === 'floor') await this.floorChanged(meetingId, null);
        return shown;
      }
      case 'dismiss': {
        const next = await this.close(q, 'dismissed', actor.userId);
        await this.audit(actor, 'briefing.question_dismissed', next, {});
        const shown = await this.tell(next);
        if (q.status === 'floor') await this.floorChanged(meetingId, null);
        return shown;
      }
    }
  }

  /** A briefing no longer announced or running: the site holding the floor (if any) has spoken. */
  async meetingStopped(meeting: Pick<Meeting, 'id' | 'status'>, byUserId: string | null): Promise<void> {
    if (ASKING.has(meeting.status)) return;
    const holding = (await this.deps.store.siteQuestions.listByMeeting(meeting.id)).find(
      (q) => q.status === 'floor',
    );
    if (!holding) return;
    const next = await this.close(holding, 'spoken', byUserId ?? holding.askedBy);
    await this.deps.audit.record({
      actorId: byUserId,
      action: 'briefing.floor_ended',
      targetType: 'meeting',
      targetId: meeting.id,
      data: { question: next.number, siteId: next.siteId, meetingStatus: meeting.status },
    });
    await this.tell(next);
    await this.floorChanged(meeting.id, null);
  }

  /** The moderator queue: every question of the meeting in arrival order, and the floor. */
  async queue(meetingId: string): Promise<QuestionQueue> {
    const names = new QuestionNames(this.deps.store);
    const records = await this.deps.store.siteQuestions.listByMeeting(meetingId);
    const questions = await Promise.all(records.map((q) => presentQuestion(names, q)));
    return {
      meetingId,
      questions,
      floor: floorOfQuestion(questions.find((q) => q.status === 'floor') ?? null),
    };
  }

  /** What a site's screen shows: its own questions, and who has the floor. */
  async ofSite(
    caller: Caller,
    meetingId: string,
    siteId: string,
  ): Promise<{ questions: SiteQuestion[]; floor: BriefingFloor | null }> {
    await this.operatorOf(caller, meetingId, siteId);
    const { questions, floor } = await this.queue(meetingId);
    return { questions: questions.filter((q) => q.siteId === siteId), floor };
  }

  /** The site, if linked to the meeting and the caller operates it; 404 / 403 otherwise. */
  async operatorOf(caller: Caller, meetingId: string, siteId: string) {
    const { store } = this.deps;
    const site = await store.sites.getById(siteId);
    if (!site) throw errors.notFound('site_not_found');
    if (site.operatorId !== caller.userId) throw errors.forbidden('site_not_operator');
    const meeting = await store.meetings.getById(meetingId);
    if (!meeting) throw errors.notFound('meeting_not_found');
    if (!(await store.sites.getLink(meetingId, siteId))) throw errors.notFound('site_not_linked');
    return { site, meeting };
  }

  private async question(meetingId: string, questionId: string): Promise<SiteQuestionRecord> {
    const q = await this.deps.store.siteQuestions.getById(questionId);
    if (!q || q.meetingId !== meetingId) throw errors.notFound('question_not_found');
    return q;
  }

  private close(
    q: SiteQuestionRecord,
    status: SiteQuestionStatus,
    by: string,
    answer?: string,
  ): Promise<SiteQuestionRecord> {
    const now = this.deps.clock.now().toISOString();
    return this.conflictsClosed(() =>
      this.deps.store.siteQuestions.update(
        q.id,
        { status, closedAt: now, closedBy: by, ...(answer ? { answer } : {}) },
        q.version,
      ),
    );
  }

  /** Someone else acted on the question in between (another process, another tab): say so plainly. */
  private async conflictsClosed<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (e instanceof VersionConflictError || (e instanceof DuplicateKeyError && e.field === 'floor'))
        throw errors.invalidState('question_closed');
      throw e;
    }
  }

  private present(q: SiteQuestionRecord): Promise<SiteQuestion> {
    return presentQuestion(new QuestionNames(this.deps.store), q);
  }

  /** Tells the moderator queue and the asking site's screens (every process, through the adapter). */
  private async tell(q: SiteQuestionRecord): Promise<SiteQuestion> {
    const shown = await this.present(q);
    this.deps.io
      .to([questionsModeratorRoom(q.meetingId), siteQuestionsRoom(q.meetingId, q.siteId)])
      .emit('question:changed', shown);
    return shown;
  }

  /**
   * Every site's screen and viewer screen hears who has the floor; the console and the display get
   * it in the roll-up.
   */
  private async floorChanged(meetingId: string, floor: BriefingFloor | null): Promise<void> {
    this.deps.io.to(briefingSitesRoom(meetingId)).emit('briefing:floor', { meetingId, floor });
    // Viewer screens: one broadcast per process, without the conference link.
    this.deps.io.to(viewersRoom(meetingId)).emit('briefing:floor', { meetingId, floor: forViewers(floor) });
    await this.deps.briefing.broadcast(meetingId);
  }

  private async audit(
    actor: QuestionActor,
    action: AuditAction,
    q: SiteQuestionRecord,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.deps.audit.record({
      actorId: actor.userId,
      action,
      targetType: 'meeting',
      targetId: q.meetingId,
      data: { question: q.number, siteId: q.siteId, ...data },
      ip: actor.ip,
    });
  }
}
