import { readFile } from 'node:fs/promises';
import {
  SignableDocumentType,
  type IntegrationMeeting,
  type IntegrationMeetingsQuery,
  type Paged,
  type SignedDocumentEntry,
} from '@icabinet/shared';
import { errors } from '../../errors.js';
import type { DiskBlobStore } from '../../files/blob-store.js';
import type { Store } from '../../store/port.js';

export interface SignedFile {
  fileName: string;
  bytes: Uint8Array;
}

const hrefOf = (meetingId: string, id: string) =>
  `/api/integration/meetings/${meetingId}/signed-documents/${id}/file`;

/**
 * What the city's other systems read with a token: the published meetings, and every signed
 * document of a meeting — the official documents signed in I-Cabinet (kept byte for byte by the
 * signatures module) and the signed minutes and conclusion notices told on the event bus
 * (`minutes.signed`, `conclusion.issued` with a signature), whose PDFs are in the meeting's library.
 */
export class IntegrationApi {
  constructor(
    private readonly store: Store,
    private readonly blobs: () => DiskBlobStore,
  ) {}

  async meetings(query: IntegrationMeetingsQuery): Promise<Paged<IntegrationMeeting>> {
    const page = await this.store.meetings.list({
      excludeStatus: ['draft'],
      from: query.from,
      to: query.to,
      order: 'desc',
      limit: query.limit,
      offset: query.offset,
    });
    return {
      total: page.total,
      items: page.items.map((m) => {
        const secret = m.confidentiality === 'confidential';
        return {
          id: m.id,
          // A confidential meeting's title and place are not given to other systems.
          title: secret ? '' : m.title,
          kind: m.kind,
          location: secret ? null : m.location,
          startsAt: m.startsAt,
          endsAt: m.endsAt,
          status: m.status,
          confidentiality: m.confidentiality,
        };
      }),
    };
  }

  private async meeting(meetingId: string) {
    const meeting = await this.store.meetings.getById(meetingId);
    // Drafts are nobody's business outside: the same answer as an unknown meeting.
    if (!meeting || meeting.status === 'draft') throw errors.notFound('meeting_not_found');
    return meeting;
  }

  async signedDocuments(meetingId: string): Promise<{ meetingId: string; items: SignedDocumentEntry[] }> {
    await this.meeting(meetingId);
    const items: SignedDocumentEntry[] = [];
    for (const type of SignableDocumentType.options) {
      const signed = await this.store.signedDocuments.get(meetingId, type);
      if (!signed) continue;
      const id = `official-${type}`;
      items.push({
        id,
        kind: 'official',
        fileName: signed.fileName,
        signedAt: signed.updatedAt,
        signers: signed.signatures.map((s) => s.fullName),
        href: hrefOf(meetingId, id),
      });
    }
    const byDocument = new Map<string, SignedDocumentEntry>();
    for (const e of await this.store.integrations.listEvents(meetingId, [
      'minutes.signed',
      'conclusion.issued',
    ])) {
      const data = (e.payload['data'] ?? {}) as { documentId?: string; signed?: boolean };
      if (!data.documentId || (e.type === 'conclusion.issued' && data.signed !== true)) continue;
      const doc = await this.store.documents.getById(data.documentId);
      if (!doc || doc.meetingId !== meetingId) continue;
      byDocument.set(doc.id, {
        id: doc.id,
        kind: e.type === 'minutes.signed' ? 'minutes' : 'conclusion',
        fileName: doc.name,
        signedAt: e.at,
        signers: [],
        href: hrefOf(meetingId, doc.id),
      });
    }
    return { meetingId, items: [...items, ...byDocument.values()] };
  }

  async signedFile(meetingId: string, id: string): Promise<SignedFile> {
    await this.meeting(meetingId);
    if (id.startsWith('official-')) {
      const type = SignableDocumentType.safeParse(id.slice('official-'.length));
      const signed = type.success ? await this.store.signedDocuments.get(meetingId, type.data) : null;
      if (!signed) throw errors.notFound('signed_document_not_found');
      return { fileName: signed.fileName, bytes: signed.pdf };
    }
    // Only a document told as signed (an event of this meeting) is served here.
    const listed = (await this.signedDocuments(meetingId)).items.find((i) => i.id === id);
    const doc = listed ? await this.store.documents.getById(id) : null;
    if (!doc) throw errors.notFound('signed_document_not_found');
    return { fileName: doc.name, bytes: await readFile(this.blobs().pathOf(doc.sha256)) };
  }
}
