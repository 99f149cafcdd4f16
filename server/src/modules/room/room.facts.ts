import type { RoomCommandInput, RoomContext, RoomState } from '@icabinet/shared';
import type { MeetingStanding } from '../../access/meeting-access.js';
import type { DocumentRecord } from '../../store/documents.port.js';
import type { Store } from '../../store/port.js';

/**
 * What a room command needs read from the store besides the room (room.service.ts): the agenda
 * for moving to an item or asking to speak on one, and the document a command shows — the one
 * opened, an item's main document, or the one a page turn moves (from the hot cache).
 */
export async function commandFacts(
  store: Pick<Store, 'agenda' | 'documents'>,
  access: MeetingStanding,
  command: RoomCommandInput['command'],
  state: RoomState,
  hotDocument: (documentId: string) => Promise<DocumentRecord | null>,
): Promise<{ items: RoomContext['items']; document: RoomContext['document']; shown: DocumentRecord | null }> {
  const { meeting } = access;
  const needsItems =
    command.type === 'item.goto' || (command.type === 'speaker.request' && command.agendaItemId !== null);
  const items = needsItems
    ? (await store.agenda.list(meeting.id)).map((i) => ({
        id: i.id,
        plannedMinutes: i.plannedMinutes,
        presenterId: i.presenterId,
      }))
    : [];
  let document: RoomContext['document'] = null;
  let shown: DocumentRecord | null = null;
  if (command.type === 'document.open') {
    const d = await store.documents.getById(command.documentId);
    if (d && d.meetingId === meeting.id && d.latest) {
      shown = d;
      document = { id: d.id, name: d.name, pages: d.pages };
    }
  } else if (command.type === 'item.goto' && state.autoOpenDocuments) {
    // The item's main document: the first one attached to it that the whole room may see.
    const main = (await store.documents.listByMeeting(meeting.id)).find(
      (d) => d.agendaItemId === command.itemId && access.mayDocument(d, 'show', { isPresenter: false }),
    );
    if (main) document = { id: main.id, name: main.name, pages: main.pages };
  } else if (command.type === 'page.goto' && state.document) {
    // Moving a shown document broadcasts it again: it must still be one the whole room may open.
    shown = await hotDocument(state.document.documentId);
  }
  return { items, document, shown };
}
