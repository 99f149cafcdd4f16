import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from './store-under-test.js';
import type { OfficialDocumentRecord } from './store-under-test.js';
import type { CurrentStore } from './store.contract.js';
import { at, makeMeeting } from './fixtures.js';

const invitation = (meetingId: string, number: number, year = 2026): OfficialDocumentRecord => ({
  meetingId,
  type: 'invitation',
  year,
  number,
  symbol: 'GM-UBND',
  issuedAt: at(number),
  issuedBy: null,
});

/** The number registers of Decree 30 documents: never the same number twice, one sequence per type and year. */
export function officialDocumentsContract(store: CurrentStore): void {
  describe('official documents and their number register', () => {
    it('gives 1..50 to 50 concurrent calls, none twice', async () => {
      const numbers = await Promise.all(
        Array.from({ length: 50 }, () => store().officialDocuments.nextNumber('invitation', 2026)),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      await expect(store().officialDocuments.nextNumber('invitation', 2026)).resolves.toBe(51);
    });

    it('keeps a separate sequence per year (and starts each at 1)', async () => {
      const reg = store().officialDocuments;
      expect(await reg.nextNumber('invitation', 2026)).toBe(1);
      expect(await reg.nextNumber('invitation', 2026)).toBe(2);
      expect(await reg.nextNumber('invitation', 2027)).toBe(1);
      expect(await reg.nextNumber('invitation', 2026)).toBe(3);
      expect(await reg.nextNumber('invitation', 2027)).toBe(2);
    });

    it('keeps a separate sequence per document type', async () => {
      const reg = store().officialDocuments;
      // Only invitations exist in the port's type yet; a later type must not share their counter.
      const other = 'minutes' as unknown as 'invitation';
      expect(await reg.nextNumber('invitation', 2026)).toBe(1);
      expect(await reg.nextNumber(other, 2026)).toBe(1);
      expect(await reg.nextNumber('invitation', 2026)).toBe(2);
      expect(await reg.nextNumber(other, 2026)).toBe(2);
    });

    it('stores one document per meeting and type, and refuses a second or a taken number', async () => {
      const a = await store().meetings.create(makeMeeting());
      const b = await store().meetings.create(makeMeeting());
      await expect(store().officialDocuments.get(a.id, 'invitation')).resolves.toBeNull();
      const stored = await store().officialDocuments.create(invitation(a.id, 7));
      await expect(store().officialDocuments.get(a.id, 'invitation')).resolves.toEqual(stored);
      await expect(store().officialDocuments.create(invitation(a.id, 8))).rejects.toMatchObject({
        name: 'DuplicateKeyError',
        field: 'meeting_type',
      });
      await expect(store().officialDocuments.create(invitation(b.id, 7))).rejects.toMatchObject({
        name: 'DuplicateKeyError',
        field: 'number',
      });
      // The same number in another year's register is another document.
      await store().officialDocuments.create(invitation(b.id, 7, 2027));
      await expect(store().officialDocuments.get(a.id, 'invitation')).resolves.toMatchObject({ number: 7 });
      await expect(store().officialDocuments.get(b.id, 'invitation')).resolves.toMatchObject({
        number: 7,
        year: 2027,
      });
    });

    it('refuses a document for an unknown meeting', async () => {
      await expect(store().officialDocuments.create(invitation(randomUUID(), 1))).rejects.toBeInstanceOf(
        RecordNotFoundError,
      );
    });
  });
}
