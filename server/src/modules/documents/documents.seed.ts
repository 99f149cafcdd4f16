import { accessFor } from '../../access/meeting-access.js';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../../config/config.js';
import type { Clock } from '../../lib/clock.js';
import type { Logger } from '../../logger.js';
import { EventBus } from '../../events/bus.js';
import type { Store } from '../../store/port.js';
import { indexOnChanges } from '../search/search.subscriber.js';
import { createDocuments } from './documents.module.js';

/** The part of demo-meeting.json this seed reads: the agenda items' document paths. */
const DemoDocuments = z.object({
  meeting: z.object({
    title: z.string(),
    secretaries: z.array(z.string()).default([]),
    agenda: z.array(z.object({ title: z.string(), documents: z.array(z.string()).default([]) })).default([]),
  }),
});

/**
 * Adds the demo meeting's PDFs (paths relative to the fixtures folder) through the same pipeline
 * as an upload, each linked to its agenda item when the agenda seed created one with that title.
 * Does nothing when the meeting already has documents, so running the seed twice is harmless.
 */
export async function seedDemoDocuments(
  deps: { config: Config; store: Store; logger: Logger; clock: Clock },
  demoJson: unknown,
  fixturesDir: string,
): Promise<string[]> {
  const demo = DemoDocuments.parse(demoJson);
  const { items: meetings } = await deps.store.meetings.list({ limit: 500, offset: 0 });
  const meeting = meetings.find((m) => m.title === demo.meeting.title);
  if (!meeting) return [];
  if ((await deps.store.documents.countByMeeting(meeting.id)) > 0) return [];
  const secretary = demo.meeting.secretaries[0]
    ? await deps.store.users.getByUsername(demo.meeting.secretaries[0])
    : null;
  const agenda = await deps.store.agenda.list(meeting.id);
  // No server runs here: the same search subscriber as the server's writes straight into the store's index.
  const bus = new EventBus(deps.logger);
  indexOnChanges(
    bus,
    {
      indexQuietly: (entry) => deps.store.search.upsert(entry),
      removeQuietly: (id) => deps.store.search.remove(id),
    },
    deps.store,
  );
  const { intake: service } = await createDocuments({ ...deps, bus, access: accessFor(deps.store) });
  const lines: string[] = [];
  for (const item of demo.meeting.agenda) {
    const agendaItemId = agenda.find((a) => a.title === item.title)?.id ?? null;
    for (const rel of item.documents) {
      const doc = await service.importFile({
        meetingId: meeting.id,
        agendaItemId,
        filePath: path.resolve(fixturesDir, rel),
        uploadedBy: secretary?.id ?? meeting.createdBy,
      });
      lines.push(`  ${doc.name} (${doc.pages} trang${doc.optimized ? ', đã tối ưu' : ''})`);
    }
  }
  return lines;
}
