import type { OpinionCreateInput } from '@icabinet/shared';
import type { MeetingStanding } from '../../access/meeting-access.js';
import { errors } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import type { DocumentRecord, OpinionRecipientRecord, OpinionRequestRecord } from '../../store/port.js';
import { LinkTokens } from '../invitations/links.js';
import type { OpinionsDeps } from './opinions.shared.js';

/** What a request's content is made of, checked: the fields the secretariat wrote and the members asked. */
export interface DraftContent {
  doc: DocumentRecord;
  fields: Pick<OpinionRequestRecord, 'documentId' | 'title' | 'note' | 'deadline' | 'rule' | 'questions'>;
  recipients: OpinionRecipientRecord[];
}

/**
 * Checks a request's content against its meeting (the draft is a document of the meeting every
 * member may read, the deadline is ahead, the members are participants) and builds the stored
 * shapes: new question ids, one recipient per member with the hash of their personal link.
 * Used when a draft is prepared and each time it is edited (a draft's links were never sent).
 */
export async function draftContent(
  deps: OpinionsDeps,
  standing: MeetingStanding,
  requestId: string,
  input: OpinionCreateInput,
  now: Date,
): Promise<DraftContent> {
  const meeting = standing.meeting;
  if (meeting.status === 'cancelled') throw errors.invalidState('opinion_meeting_cancelled');
  const doc = await deps.store.documents.getById(input.documentId);
  if (!doc || doc.meetingId !== meeting.id)
    throw errors.invalid([{ path: 'documentId', key: 'opinion_unknown_document' }]);
  if (standing.classification(doc).openBy !== 'participants')
    throw errors.invalid([{ path: 'documentId', key: 'opinion_document_restricted' }]);
  if (Date.parse(input.deadline) <= now.getTime())
    throw errors.invalid([{ path: 'deadline', key: 'opinion_deadline_past' }]);
  const participants = await deps.store.participants.listByMeeting(meeting.id);
  const byId = new Map(participants.map((p) => [p.id, p]));
  const ids = [...new Set(input.participantIds)];
  const unknown = ids.findIndex((id) => !byId.has(id));
  if (unknown >= 0)
    throw errors.invalid([{ path: `participantIds.${unknown}`, key: 'opinion_unknown_participant' }]);
  const at = now.toISOString();
  const recipients: OpinionRecipientRecord[] = [];
  for (const id of ids) {
    const p = byId.get(id)!;
    const user = p.userId ? await deps.store.users.getById(p.userId) : null;
    const rid = newId();
    recipients.push({
      id: rid,
      requestId,
      participantId: p.id,
      userId: p.userId,
      name: user?.fullName ?? p.guest?.fullName ?? '—',
      title: user?.title ?? p.guest?.title ?? null,
      email: user?.email ?? p.guest?.email ?? null,
      answers: [],
      responses: [],
      answeredAt: null,
      answeredVia: null,
      tokenHash: LinkTokens.hash(deps.links.tokenFor(rid, 'opinion')),
      createdAt: at,
    });
  }
  return {
    doc,
    fields: {
      documentId: doc.id,
      title: input.title,
      note: input.note,
      deadline: input.deadline,
      rule: input.rule,
      questions: input.questions.map((text) => ({ id: newId(), text })),
    },
    recipients,
  };
}
