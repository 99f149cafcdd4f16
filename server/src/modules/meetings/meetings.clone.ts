import { defaultVotingRight, type Participant } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { newId } from '../../lib/ids.js';
import type { DocumentRecord } from '../../store/documents.port.js';
import type { AgendaItemRecord, MeetingRecord, Store } from '../../store/port.js';

/** A chair or secretary participant, with the voting right of the role. */
export function newParticipant(
  meetingId: string,
  userId: string,
  role: 'chair' | 'secretary',
  now: string,
): Participant {
  return {
    id: newId(),
    meetingId,
    userId,
    guest: null,
    role,
    votingRight: defaultVotingRight(role),
    seat: null,
    deputyForId: null,
    createdAt: now,
  };
}

/**
 * Writes a clone of `source` as `meeting`: the meeting, its participants (the caller added as a
 * secretary if they were not one), its agenda and its documents (new records pointing at the
 * same stored files). Runs inside Store.transaction, so it only reads and writes the store.
 */
export async function copyMeeting(
  store: Store,
  source: MeetingRecord,
  meeting: MeetingRecord,
  actor: Actor,
  now: string,
): Promise<{ newItems: AgendaItemRecord[]; copiedDocs: DocumentRecord[]; agendaVersion: number }> {
  await store.meetings.create(meeting);
  const participants = await store.participants.listByMeeting(source.id);
  const participantIds = new Map<string, string>();
  const copies = participants.map((p): Participant => {
    const copy = { ...p, id: newId(), meetingId: meeting.id, deputyForId: null, createdAt: now };
    participantIds.set(p.id, copy.id);
    return copy;
  });
  if (!participants.some((p) => p.userId === actor.user.id) && actor.user.systemRole !== 'admin') {
    copies.push(newParticipant(meeting.id, actor.user.id, 'secretary', now));
  }
  await store.participants.addMany(copies);

  const items = await store.agenda.list(source.id);
  const itemIds = new Map(items.map((i) => [i.id, newId()]));
  const newItems = items.map((i) => ({
    ...i,
    id: itemIds.get(i.id) ?? newId(),
    meetingId: meeting.id,
    parentId: i.parentId === null ? null : (itemIds.get(i.parentId) ?? null),
    presenterId: i.presenterId === null ? null : (participantIds.get(i.presenterId) ?? null),
    actualStart: null,
    actualEnd: null,
    createdAt: now,
    updatedAt: now,
  }));
  const agendaVersion =
    newItems.length > 0 ? await store.agenda.apply(meeting.id, 0, { upsert: newItems }, null) : 0;

  const docs = await store.documents.listByMeeting(source.id);
  const copiedDocs: DocumentRecord[] = [];
  for (const d of docs) {
    const docId = newId();
    const copy = {
      ...d,
      id: docId,
      chainId: docId,
      meetingId: meeting.id,
      agendaItemId: d.agendaItemId === null ? null : (itemIds.get(d.agendaItemId) ?? null),
      versionNo: 1,
      previousId: null,
      latest: true,
      uploadedBy: actor.user.id,
      createdAt: now,
      updatedAt: now,
      version: 0,
    };
    await store.documents.create(copy);
    copiedDocs.push(copy);
  }
  return { newItems, copiedDocs, agendaVersion };
}
