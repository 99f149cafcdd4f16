import type { Core, ServerModule } from '../module.js';
import { officialDocumentsRouter } from './official-documents.router.js';
import { OfficialDocumentsService } from './official-documents.service.js';

/**
 * Builds the service and hooks the register to publication. Call it before the invitations
 * module subscribes, so the number exists before any invitation is queued.
 */
export function createOfficialDocuments(
  core: Pick<Core, 'config' | 'store' | 'logger' | 'clock' | 'audit' | 'access' | 'bus'>,
): OfficialDocumentsService {
  const service = new OfficialDocumentsService({
    store: core.store,
    audit: core.audit,
    clock: core.clock,
    access: core.access,
    logger: core.logger.child({ component: 'official-documents' }),
    settings: core.config.officialDocuments,
  });
  // Draft → published and postponed → published: the first publication numbers the invitation,
  // a later one finds it and keeps its number.
  core.bus.on('meeting.published', ({ meeting }) => service.issueInvitation(meeting, null));
  return service;
}

/** Official documents in the form of Decree 30/2020/NĐ-CP: the invitation (giấy mời) for now. */
export const officialDocumentsModule: ServerModule = {
  name: 'official-documents',
  router: (ctx) =>
    officialDocumentsRouter({ auth: ctx.auth, officialDocuments: ctx.services.officialDocuments }),
};
