import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from './store-under-test.js';
import type { SignedDocumentRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

const revision = (meetingId: string, n: number, pdf: Buffer): SignedDocumentRecord => ({
  meetingId,
  type: 'invitation',
  fileName: 'Giay moi so 1-GM-UBND.pdf',
  pdf,
  revision: n,
  signatures: Array.from({ length: n }, (_, i) => ({
    userId: randomUUID(),
    fullName: `Người ký ${i + 1}`,
    role: i === 0 ? ('secretary' as const) : ('chair' as const),
    signedAt: at(i),
    certificateSubject: 'C=VN, CN=Người ký',
    certificateIssuer: 'C=VN, CN=Test CA',
    certificateSerial: `10${i}`,
  })),
  area: { page: 0, x: 280.5, y: 120.25, width: 269, height: 68 },
  updatedAt: at(n),
});

/** Signed official documents: the bytes kept exactly, one revision after the other, never two at once. */
export function signedDocumentsContract(store: CurrentStore): void {
  describe('signed official documents', () => {
    it('keeps the PDF byte for byte and its signers, revision after revision', async () => {
      const m = await store().meetings.create(makeMeeting());
      const repo = store().signedDocuments;
      await expect(repo.get(m.id, 'invitation')).resolves.toBeNull();
      // Every byte value, the NUL and high bytes a PDF holds included.
      const first = Buffer.from(Array.from({ length: 1024 }, (_, i) => i % 256));
      expect(await repo.save(revision(m.id, 1, first))).toBe(true);
      const stored = await repo.get(m.id, 'invitation');
      expect(stored?.pdf.equals(first)).toBe(true);
      expect(stored).toMatchObject({ revision: 1, area: { x: 280.5, y: 120.25 } });
      expect(stored?.signatures.map((s) => s.fullName)).toEqual(['Người ký 1']);

      const second = Buffer.concat([first, Buffer.from('\n%%EOF\n')]);
      expect(await repo.save(revision(m.id, 2, second))).toBe(true);
      const again = await repo.get(m.id, 'invitation');
      expect(again?.pdf.equals(second)).toBe(true);
      expect(again?.signatures).toHaveLength(2);
    });

    it('stores only one of two signatures made on the same revision', async () => {
      const m = await store().meetings.create(makeMeeting());
      const repo = store().signedDocuments;
      const results = await Promise.all([
        repo.save(revision(m.id, 1, Buffer.from('a'))),
        repo.save(revision(m.id, 1, Buffer.from('b'))),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await repo.save(revision(m.id, 2, Buffer.from('c')))).toBe(true);
      // A stale second revision (made on revision 1) changes nothing.
      expect(await repo.save(revision(m.id, 2, Buffer.from('d')))).toBe(false);
      expect((await repo.get(m.id, 'invitation'))?.pdf.toString()).toBe('c');
    });

    it('refuses a signed document for an unknown meeting', async () => {
      await expect(
        store().signedDocuments.save(revision(randomUUID(), 1, Buffer.from('x'))),
      ).rejects.toBeInstanceOf(RecordNotFoundError);
    });
  });
}
