import type { MeetingDocument } from '@icabinet/shared';
import type { DocumentRecord } from '../../store/documents.port.js';

/** The wire shape of a document version (the chain id stays internal). */
export function presentDocument(d: DocumentRecord): MeetingDocument {
  return {
    id: d.id,
    meetingId: d.meetingId,
    agendaItemId: d.agendaItemId,
    name: d.name,
    sha256: d.sha256,
    size: d.size,
    pages: d.pages,
    mime: 'application/pdf',
    classification: { ...d.classification },
    versionNo: d.versionNo,
    previousId: d.previousId,
    latest: d.latest,
    optimized: d.optimized,
    ...(d.readOnly ? { readOnly: true } : {}),
    uploadedBy: d.uploadedBy,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    version: d.version,
  };
}
