import { describe, expect, it } from 'vitest';
import type { MeetingDocument } from '@icabinet/shared';
import { applyDocumentsChange } from './documents-patch';

const doc = (id: string, over: Partial<MeetingDocument> = {}): MeetingDocument => ({
  id,
  meetingId: 'm1',
  agendaItemId: null,
  name: `${id}.pdf`,
  sha256: id.padEnd(64, '0'),
  size: 1000,
  pages: 3,
  mime: 'application/pdf',
  classification: { openBy: 'participants', download: true, watermark: false },
  versionNo: 1,
  previousId: null,
  latest: true,
  optimized: false,
  uploadedBy: 'u1',
  createdAt: '2025-11-28T01:00:00.000Z',
  updatedAt: '2025-11-28T01:00:00.000Z',
  version: 0,
  ...over,
});

describe('a documents:changed broadcast applied to the list on screen', () => {
  const a = doc('a');
  const b = doc('b');

  it('adds a new document at the end and replaces an edited one in place', () => {
    const renamed = { ...a, name: 'Tờ trình (sửa).pdf', version: 1 };
    const c = doc('c');
    expect(applyDocumentsChange([a, b], { meetingId: 'm1', saved: [c, renamed], removedIds: [] })).toEqual([
      renamed,
      b,
      c,
    ]);
  });

  it('puts a new version where its predecessor was, whichever comes first in the payload', () => {
    const a2 = doc('a2', { previousId: 'a', versionNo: 2 });
    const change = { meetingId: 'm1', saved: [{ ...a, latest: false }, a2], removedIds: [] };
    expect(applyDocumentsChange([a, b], change)).toEqual([a2, b]);
  });

  it('drops removed documents', () => {
    expect(applyDocumentsChange([a, b], { meetingId: 'm1', saved: [], removedIds: ['a'] })).toEqual([b]);
  });

  it('asks for a refetch when the broadcast has no records', () => {
    expect(applyDocumentsChange([a, b], { meetingId: 'm1' })).toBeNull();
  });
});
