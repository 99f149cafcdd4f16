import type { ServerModule } from '../module.js';
import { DocumentsService } from './documents.service.js';
import { documentsRouter } from './documents.router.js';

/** The document library: uploads, versions, classification, access-checked PDF delivery. */
export const documentsModule: ServerModule = {
  name: 'documents',
  async init(ctx) {
    const service = new DocumentsService(ctx);
    await service.init();
    ctx.services.set('documents', service);
  },
  router: (ctx) =>
    documentsRouter({ auth: ctx.auth, documents: ctx.services.get('documents') as DocumentsService }),
};
