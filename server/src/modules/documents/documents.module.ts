import path from 'node:path';
import { meetingRoom } from '@icabinet/shared';
import { DiskBlobStore } from '../../files/blob-store.js';
import type { Core, ServerModule } from '../module.js';
import { DocumentsIntake } from './documents.intake.js';
import { DocumentsLibrary, type DocumentsDeps } from './documents.library.js';
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

/** Tells the meeting room that its document list changed, after the change is stored. */
export function broadcastDocumentChanges(core: Pick<Core, 'bus' | 'io'>): void {
  core.bus.on('document.changed', ({ meetingId }) => {
    core.io.to(meetingRoom(meetingId)).emit('documents:changed', { meetingId });
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
    }),
};
