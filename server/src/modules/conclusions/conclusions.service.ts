import {
  availableApprovalActions,
  isApprovalEditable,
  type ApprovalRole,
  type Conclusion,
  type ConclusionNotice,
  type ConclusionPutInput,
  type ConclusionsView,
} from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor, type MeetingStanding } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import {
  RecordNotFoundError,
  VersionConflictError,
  type ConclusionNoticeRecord,
  type ConclusionRecord,
} from '../../store/port.js';
import { approvalRolesOf } from '../official-documents/approval-checks.js';
import { broadcastConclusions } from './conclusions.broadcast.js';
import { agendaLabels } from './conclusions.render.js';
import type { ConclusionsDeps } from './conclusions.shared.js';

/** Who signs the conclusion notice: the meeting's chair. */
export const NOTICE_SIGNERS = ['chair'] as const;

/** The roles a caller holds in the notice's approval flow: the organisers draft, the chair approves and signs. */
export const noticeApprovalRoles = (standing: MeetingStanding): ApprovalRole[] =>
  approvalRolesOf(standing, NOTICE_SIGNERS);

const presentConclusion = (c: ConclusionRecord): Conclusion => ({
  id: c.id,
  meetingId: c.meetingId,
  agendaItemId: c.agendaItemId,
  points: c.points.map((p) => ({ id: p.id, text: p.text })),
  version: c.version,
  updatedAt: c.updatedAt,
  updatedBy: c.updatedBy,
});

/**
 * Conclusions per agenda item (kết luận): drafted by the secretariat during or after the item,
 * edited by the chair, each a numbered list of points with ids that never change. Saved whole,
 * on the version read (409 when someone saved in between), and only while the notice that
 * carries them is a draft or was returned.
 */
export class ConclusionsService {
  constructor(private readonly deps: ConclusionsDeps) {}

  /** `GET /meetings/:id/conclusions`: organisers see the drafts; other participants the issued conclusions. */
  async list(actor: Actor, meetingId: string): Promise<ConclusionsView> {
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'view');
    const notice = await this.deps.store.conclusions.getNotice(meetingId);
    const visible = standing.may('organise') || notice?.state === 'issued';
    const [records, items] = await Promise.all([
      visible ? this.deps.store.conclusions.listByMeeting(meetingId) : Promise.resolve([]),
      this.deps.store.agenda.list(meetingId),
    ]);
    const order = new Map([...agendaLabels(items).keys()].map((id, i) => [id, i]));
    const sorted = records
      .filter((c) => order.has(c.agendaItemId))
      .sort((a, b) => (order.get(a.agendaItemId) ?? 0) - (order.get(b.agendaItemId) ?? 0));
    return { items: sorted.map(presentConclusion), notice: await this.presentNotice(standing, notice) };
  }

  /** `PUT /meetings/:id/conclusions/:itemId`: the item's points in their new order. */
  async put(
    actor: Actor,
    meetingId: string,
    agendaItemId: string,
    input: ConclusionPutInput,
  ): Promise<{ conclusion: Conclusion; notice: ConclusionNotice }> {
    const { store, clock, audit } = this.deps;
    const standing = await this.deps.access.require(callerOfActor(actor), meetingId, 'edit');
    const item = await store.agenda.getItem(agendaItemId);
    if (item?.meetingId !== meetingId) throw errors.notFound('conclusion_item_not_found');
    const sentIds = input.points.flatMap((p) => (p.id ? [p.id] : []));
    if (new Set(sentIds).size !== sentIds.length) {
      throw errors.invalid(
        [{ path: 'points', key: 'conclusion_point_duplicate' }],
        'conclusion_point_duplicate',
      );
    }
    try {
      const saved = await store.transaction(async () => {
        const notice = await store.conclusions.getNotice(meetingId);
        if (notice && !isApprovalEditable(notice.state)) throw errors.invalidState('conclusion_locked');
        const current = await store.conclusions.get(meetingId, agendaItemId);
        if ((current?.version ?? 0) !== input.version) throw errors.conflict('conclusion_conflict');
        const known = new Set(current?.points.map((p) => p.id) ?? []);
        const stray = input.points.findIndex((p) => p.id !== undefined && !known.has(p.id));
        if (stray >= 0) {
          throw errors.invalid(
            [{ path: `points.${stray}.id`, key: 'conclusion_point_unknown' }],
            'conclusion_point_unknown',
          );
        }
        const now = clock.now().toISOString();
        const points = input.points.map((p) => ({ id: p.id ?? newId(), text: p.text }));
        const record = await store.conclusions.save(
          {
            id: current?.id ?? newId(),
            meetingId,
            agendaItemId,
            points,
            version: input.version + 1,
            createdAt: current?.createdAt ?? now,
            updatedAt: now,
            updatedBy: actor.user.id,
          },
          input.version,
        );
        const kept = new Set(points.map((p) => p.id));
        await audit.record({
          actorId: actor.user.id,
          action: 'conclusion.saved',
          targetType: 'meeting',
          targetId: meetingId,
          data: {
            agendaItemId,
            version: record.version,
            points: points.length,
            added: points.filter((p) => !known.has(p.id)).map((p) => p.id),
            removed: [...known].filter((id) => !kept.has(id)),
          },
          ip: actor.ip ?? null,
        });
        return { record, notice };
      });
      const conclusion = presentConclusion(saved.record);
      await broadcastConclusions(this.deps, { meetingId, conclusion });
      return {
        conclusion,
        notice: await this.presentNotice(standing, saved.notice),
      };
    } catch (e) {
      if (e instanceof VersionConflictError) throw errors.conflict('conclusion_conflict');
      if (e instanceof RecordNotFoundError) throw errors.notFound('conclusion_item_not_found');
      throw e;
    }
  }

  /** The notice as this caller sees it: its state, number, history, and the moves they may make. */
  async presentNotice(
    standing: MeetingStanding,
    record: ConclusionNoticeRecord | null,
  ): Promise<ConclusionNotice> {
    const meetingId = standing.meeting.id;
    const doc = await this.deps.officialDocuments.numbered(meetingId, 'conclusion_notice');
    const state = record?.state ?? 'draft';
    const organiser = standing.may('organise');
    const roles = noticeApprovalRoles(standing);
    return {
      meetingId,
      state,
      version: record?.version ?? 0,
      number: doc?.number ?? null,
      symbol: doc?.symbol ?? null,
      numberedAt: doc?.issuedAt ?? null,
      signed: record?.signed ?? null,
      documentId: record?.documentId ?? null,
      issuedAt: record?.issuedAt ?? null,
      // Participants who do not organise see the outcome, not the exchanges before it.
      history: organiser ? (record?.history ?? []) : [],
      // `sign` is offered to the chair; the screen takes it to the signing page (PAdES).
      actions: availableApprovalActions(state, roles),
      // Issued means signed: the drafters see "Ban hành" wait for the chair's signature.
      issueBlocked: state === 'approved' && roles.includes('drafter') ? { missing: ['chair'] } : null,
      canEdit: standing.may('edit') && isApprovalEditable(state),
    };
  }
}
