import path from 'node:path';
import { meetingRoom } from '@icabinet/shared';
import { DiskBlobStore } from '../../files/blob-store.js';
import type { Core, ServerModule } from '../module.js';
import { MeetingStanding } from '../../access/meeting-access.js';
import { DocumentsIntake } from './documents.intake.js';
import { DocumentsLibrary, type DocumentsDeps } from './documents.library.js';
import { presentDocument } from './documents.presenter.js';
import { documentsRouter } from './documents.router.js';

/** The documents module's services: the library (queries, edits, delivery) and the upload pipeline. */
export interface DocumentsModuleServices {
  library: DocumentsLibrary;
  intake: DocumentsIntake;
}

/** Builds the library and the upload pipeline on one content-addressed file store. */
export async function createDocuments(deps: DocumentsDeps): Promise<DocumentsModuleServices> {
  const blobs = new DiskBlobStore(path.join(deps.config.dataDir, 'files'));
  await blobs.init();
  const library = new DocumentsLibrary(deps, blobs);
  return { library, intake: new DocumentsIntake(deps, library) };
}

/**
 * Tells each socket in the meeting room what changed in its document list, after the change is
 * stored: the records that person may open, and as removed the ones deleted or now beyond their
 * rights (an organisers-only document never reaches a delegate's tablet). One store read of the
 * meeting and its participants per change, whatever the number of tablets.
 */
export function broadcastDocumentChanges(core: Pick<Core, 'bus' | 'io' | 'store'>): void {
  core.bus.on('document.changed', async ({ meetingId, saved, removedIds }) => {
    const sockets = await core.io.in(meetingRoom(meetingId)).fetchSockets();
    if (sockets.length === 0) return;
    const meeting = await core.store.meetings.getById(meetingId);
    if (!meeting) return;
    const participants = new Map(
      (await core.store.participants.listByMeeting(meetingId)).flatMap((p) =>
        p.userId ? [[p.userId, p]] : [],
      ),
    );
    // Sockets with the same rights get one broadcast (to their own rooms, so that a tablet
    // that drops for a moment recovers it with the connection state).
    const groups = new Map<string, { standing: MeetingStanding; ids: string[] }>();
    for (const socket of sockets) {
      // Viewer screens see only the shown document, through the room: no document list.
      if (socket.data.viewer) continue;
      const { userId, systemRole } = socket.data;
      const standing = new MeetingStanding({ userId, systemRole }, meeting, participants.get(userId) ?? null);
      const { subject } = standing;
      const key = `${subject.systemRole}:${subject.meetingRole ?? ''}:${String(subject.votingRight)}`;
      const group = groups.get(key) ?? { standing, ids: [] };
      group.ids.push(socket.id);
      groups.set(key, group);
    }
    for (const { standing, ids } of groups.values()) {
      const open = saved.filter((d) => standing.mayDocument(d, 'open'));
      const hidden = saved.filter((d) => !open.includes(d)).map((d) => d.id);
      core.io.to(ids).emit('documents:changed', {
        meetingId,
        saved: open.map(presentDocument),
        removedIds: [...removedIds, ...hidden],
      });
    }
  });
}

/** The document library: uploads, versions, classification, access-checked PDF delivery. */
export const documentsModule: ServerModule = {
  name: 'documents',
  router: (ctx) =>
    documentsRouter({
      auth: ctx.auth,
      library: ctx.services.documents.library,
      intake: ctx.services.documents.intake,
      packDeps: ctx,
    }),
};
