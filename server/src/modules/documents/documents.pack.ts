import { createHash } from 'node:crypto';
import type { MeetingPack, PackFile } from '@icabinet/shared';
import type { Actor } from '../../actor.js';
import { callerOfActor } from '../../access/meeting-access.js';
import type { DocumentsLibrary, DocumentsDeps } from './documents.library.js';

/**
 * The offline meeting pack of one caller (`GET /meetings/:id/pack`): the current version of every
 * document they may open, as the viewer will ask for it (the smaller qpdf rewrite when there is
 * one), with the hash of those bytes, their size and URL; and the JSON the room reads.
 *
 * Policy for confidential material: a document whose effective classification stamps copies
 * (its own watermark flag, or any document of a confidential meeting) is never stored on a
 * tablet — it is listed under `excluded` and stays online only. A stamped copy is a traceable
 * copy; an unstamped one in a tablet's cache would not be.
 */
export async function packFor(
  deps: Pick<DocumentsDeps, 'store' | 'access' | 'logger'>,
  library: DocumentsLibrary,
  actor: Actor,
  meetingId: string,
): Promise<MeetingPack> {
  const standing = await deps.access.require(callerOfActor(actor), meetingId, 'view');
  const docs = (await deps.store.documents.listByMeeting(meetingId)).filter(
    (d) => d.latest && standing.mayDocument(d, 'open'),
  );
  const files: PackFile[] = [];
  const excluded: MeetingPack['excluded'] = [];
  for (const d of docs) {
    if (standing.classification(d).watermark) {
      excluded.push({ documentId: d.id, name: d.name, reason: 'confidential' });
      continue;
    }
    const variant = d.optimized ? 'optimized' : 'original';
    const size = await library.blobs.sizeOf(d.sha256, variant);
    if (size === null) {
      deps.logger.error({ documentId: d.id, sha256: d.sha256, variant }, 'stored file is missing');
      continue;
    }
    files.push({
      documentId: d.id,
      versionNo: d.versionNo,
      agendaItemId: d.agendaItemId,
      name: d.name,
      pages: d.pages,
      contentHash: `${d.sha256}${variant === 'optimized' ? '.o' : ''}`,
      sha256: d.sha256,
      size,
      url: `/api/documents/${d.id}/file`,
    });
  }
  const base = `/api/meetings/${meetingId}`;
  const resources = [
    base,
    `${base}/agenda`,
    `${base}/documents`,
    `${base}/participants`,
    `${base}/votes`,
    ...docs.map((d) => `/api/documents/${d.id}`),
  ];
  const packVersion = createHash('sha256')
    .update(
      JSON.stringify([files.map((f) => [f.documentId, f.contentHash]), excluded.map((e) => e.documentId)]),
    )
    .digest('hex')
    .slice(0, 16);
  return {
    meetingId,
    packVersion,
    files,
    excluded,
    resources,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
  };
}
