import type { EventBus } from '../../events/bus.js';
import type { MeetingRecord, Store } from '../../store/port.js';
import type { SearchIndexEntry } from './search.service.js';

/** The search text of a meeting besides its title. */
export const meetingSearchBody = (m: MeetingRecord): string =>
  [m.location ?? '', m.description ?? ''].filter(Boolean).join('\n');

/** What the subscriber writes to: the search service, or (seed script) the store's index. */
export interface QuietIndexer {
  /** Best effort: a failure is logged and never fails the change that was indexed. */
  indexQuietly(entry: SearchIndexEntry): Promise<void>;
  removeQuietly(id: string): Promise<void>;
}

/**
 * The one place that keeps the search index current: meetings, agenda items and the latest
 * version of each document are indexed when saved and removed when deleted. Meetings, agenda and
 * documents only tell the bus what changed; none of them calls the indexer.
 */
export function indexOnChanges(bus: EventBus, index: QuietIndexer, store: Pick<Store, 'documents'>): void {
  bus.on('meeting.saved', ({ meeting: m }) =>
    index.indexQuietly({
      kind: 'meeting',
      id: m.id,
      meetingId: m.id,
      title: m.title,
      text: meetingSearchBody(m),
    }),
  );
  bus.on('agenda.itemsChanged', async ({ saved, removedIds }) => {
    for (const i of saved) {
      await index.indexQuietly({
        kind: 'agenda_item',
        id: i.id,
        meetingId: i.meetingId,
        title: i.title,
        text: [i.description ?? '', i.presenterName ?? ''].filter(Boolean).join('\n'),
      });
    }
    for (const id of removedIds) await index.removeQuietly(id);
  });
  bus.on('document.changed', async ({ saved, removedIds }) => {
    for (const d of saved) {
      // Only the latest version of a chain is found by search.
      if (!d.latest) {
        await index.removeQuietly(d.id);
        continue;
      }
      const pages = (await store.documents.getText(d.sha256)) ?? [];
      await index.indexQuietly({
        kind: 'document',
        id: d.id,
        meetingId: d.meetingId,
        title: d.name,
        text: pages.join('\n'),
      });
    }
    for (const id of removedIds) await index.removeQuietly(id);
  });
}
