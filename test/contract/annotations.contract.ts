import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CurrentStore } from './store.contract.js';
import { at } from './fixtures.js';

const bytes = (...values: number[]) => new Uint8Array(values);

/** Annotation layers: appended updates read back in order, per layer; compaction replaces a prefix. */
export function annotationsContract(current: CurrentStore): void {
  describe('annotations', () => {
    it('reads back nothing for a layer never written, then every update in append order', async () => {
      const repo = current().annotations;
      const doc = randomUUID();
      expect(await repo.load(doc, 'shared')).toEqual([]);
      const s1 = await repo.append(doc, 'shared', bytes(1, 2, 3), at(1));
      const s2 = await repo.append(doc, 'shared', bytes(4), at(2));
      expect(s2).toBeGreaterThan(s1);
      const rows = await repo.load(doc, 'shared');
      expect(rows.map((r) => r.seq)).toEqual([s1, s2]);
      expect(rows.map((r) => Array.from(r.update))).toEqual([[1, 2, 3], [4]]);
      expect(rows[0]!.update).toBeInstanceOf(Uint8Array);
    });

    it('keeps layers apart: the shared layer, each private layer and each document', async () => {
      const repo = current().annotations;
      const [a, b] = [randomUUID(), randomUUID()];
      await repo.append(a, 'shared', bytes(1), at(1));
      await repo.append(a, 'u:alice', bytes(2), at(2));
      await repo.append(a, 'u:bob', bytes(3), at(3));
      await repo.append(b, 'shared', bytes(4), at(4));
      const read = async (doc: string, layer: string) =>
        (await repo.load(doc, layer)).map((r) => Array.from(r.update));
      expect(await read(a, 'shared')).toEqual([[1]]);
      expect(await read(a, 'u:alice')).toEqual([[2]]);
      expect(await read(a, 'u:bob')).toEqual([[3]]);
      expect(await read(b, 'shared')).toEqual([[4]]);
    });

    it('replaces the rows through a seq by one merged row and keeps the rows after it', async () => {
      const repo = current().annotations;
      const doc = randomUUID();
      const seqs: number[] = [];
      for (let i = 1; i <= 5; i++) seqs.push(await repo.append(doc, 'shared', bytes(i), at(i)));
      await repo.append(doc, 'u:alice', bytes(99), at(6));
      await repo.compact(doc, 'shared', bytes(7, 7, 7), seqs[2]!, at(7));
      const rows = await repo.load(doc, 'shared');
      expect(rows.map((r) => Array.from(r.update))).toEqual([[7, 7, 7], [4], [5]]);
      expect(rows.map((r) => r.seq)).toEqual([seqs[2], seqs[3], seqs[4]]);
      // Compacting again over the merged row replaces it too; other layers are untouched.
      await repo.compact(doc, 'shared', bytes(8), seqs[4]!, at(8));
      expect((await repo.load(doc, 'shared')).map((r) => Array.from(r.update))).toEqual([[8]]);
      expect((await repo.load(doc, 'u:alice')).map((r) => Array.from(r.update))).toEqual([[99]]);
      const next = await repo.append(doc, 'shared', bytes(9), at(9));
      expect(next).toBeGreaterThan(seqs[4]!);
      expect((await repo.load(doc, 'shared')).map((r) => Array.from(r.update))).toEqual([[8], [9]]);
    });

    it('stores a large binary update byte for byte', async () => {
      const repo = current().annotations;
      const doc = randomUUID();
      const big = new Uint8Array(900_000).map((_, i) => (i * 7) % 256);
      await repo.append(doc, 'shared', big, at(1));
      const [row] = await repo.load(doc, 'shared');
      expect(row!.update.byteLength).toBe(big.byteLength);
      expect(Buffer.from(row!.update).equals(Buffer.from(big))).toBe(true);
    });
  });
}
