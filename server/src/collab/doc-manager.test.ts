import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import type { AnnotationsRepo, StoredUpdate } from '../store/annotations.port.js';
import { COMPACT_FORCE_FACTOR } from './compaction.js';
import { DocManager } from './doc-manager.js';

/** One store shared by several processes, in memory. */
class MemoryRepo implements AnnotationsRepo {
  private seq = 0;
  readonly rows = new Map<string, StoredUpdate[]>();
  private of(documentId: string, layer: string): StoredUpdate[] {
    const key = `${documentId}/${layer}`;
    let list = this.rows.get(key);
    if (!list) this.rows.set(key, (list = []));
    return list;
  }
  load(documentId: string, layer: string): Promise<StoredUpdate[]> {
    return Promise.resolve([...this.of(documentId, layer)]);
  }
  append(documentId: string, layer: string, update: Uint8Array): Promise<number> {
    this.of(documentId, layer).push({ seq: ++this.seq, update });
    return Promise.resolve(this.seq);
  }
  compact(documentId: string, layer: string, state: Uint8Array, throughSeq: number): Promise<void> {
    const kept = this.of(documentId, layer).filter((r) => r.seq > throughSeq);
    this.rows.set(`${documentId}/${layer}`, [{ seq: throughSeq, update: state }, ...kept]);
    return Promise.resolve();
  }
}

const key = { documentId: 'd1', layer: 'shared' };
const logger = createLogger('silent');
const manager = (repo: AnnotationsRepo, compactAfterRows = 1000, compactQuietMs = 0) =>
  new DocManager(repo, logger, () => new Date(), {
    isRoot: (name) => name.startsWith('page:'),
    compactAfterRows,
    compactQuietMs,
    idleMs: 60_000,
    maxDocBytes: 1 << 20,
    maxTextChars: 5000,
    clustered: true,
  });

/** One stroke as an update, from its own client. */
function stroke(id: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('page:1').set(id, id);
  return Y.encodeStateAsUpdate(doc);
}

const idsIn = (full: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, full);
  return [...doc.getMap('page:1').keys()].sort();
};

describe('DocManager across processes', () => {
  it("applies another process's stored update to a loaded layer, so a later cold join has it", async () => {
    const repo = new MemoryRepo();
    const [a, b] = [manager(repo), manager(repo)];
    await b.follow(key);
    expect(idsIn((await b.sync(key)).update)).toEqual([]);
    const stored = await a.apply(key, stroke('x'));
    expect(stored).not.toBeNull();
    await b.applyRemote(key, stored!);
    expect(idsIn((await b.sync(key)).update)).toEqual(['x']);
    // Twice is harmless; a layer the process does not hold is left alone.
    await b.applyRemote(key, stored!);
    await b.applyRemote({ documentId: 'd2', layer: 'shared' }, stored!);
    expect(b.loaded).toBe(1);
    expect(repo.rows.get('d1/shared')).toHaveLength(1);
  });

  it('compacts without losing rows another process stored but whose update has not arrived', async () => {
    const repo = new MemoryRepo();
    const [a, b] = [manager(repo), manager(repo, 1)];
    await b.follow(key);
    await a.apply(key, stroke('from-a'));
    // B's row reaches the compaction threshold before A's update reaches B.
    await b.apply(key, stroke('from-b'));
    const rows = repo.rows.get('d1/shared')!;
    expect(rows).toHaveLength(1);
    expect(idsIn(rows[0]!.update)).toEqual(['from-a', 'from-b']);
    expect(idsIn((await b.sync(key)).update)).toEqual(['from-a', 'from-b']);
  });
});

describe('DocManager compaction waits for a pause in the inking', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const rowsOf = (repo: MemoryRepo) => repo.rows.get('d1/shared') ?? [];
  /** A followed layer compacted after 3 rows once quiet for 1 s, on fake timers. */
  const quietLayer = async () => {
    vi.useFakeTimers();
    const repo = new MemoryRepo();
    const m = manager(repo, 3, 1000);
    await m.follow(key);
    return { repo, m };
  };

  it('re-encodes a layer past its threshold only once no stroke was stored for the quiet time', async () => {
    const { repo, m } = await quietLayer();
    for (const id of ['a', 'b', 'c']) await m.apply(key, stroke(id));
    // Past the threshold, but the next stroke may come at any moment: nothing re-encoded yet.
    await vi.advanceTimersByTimeAsync(900);
    expect(rowsOf(repo)).toHaveLength(3);
    // A stroke within the quiet time starts the wait again.
    await m.apply(key, stroke('d'));
    await vi.advanceTimersByTimeAsync(900);
    expect(rowsOf(repo)).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(200);
    await m.sync(key); // runs after the compaction's step
    expect(rowsOf(repo)).toHaveLength(1);
    expect(idsIn(rowsOf(repo)[0]!.update)).toEqual(['a', 'b', 'c', 'd']);
    expect(m.stats.compactions).toBe(1);
    // The layer goes on from the compacted row: a later stroke is a row of its own, and all load back.
    await m.apply(key, stroke('e'));
    expect(rowsOf(repo)).toHaveLength(2);
    expect(idsIn((await manager(repo).sync(key)).update)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('re-encodes at once when the inking never pauses and the rows reach the hard limit', async () => {
    const { repo, m } = await quietLayer();
    const ids = Array.from({ length: 3 * COMPACT_FORCE_FACTOR }, (_, i) => `s${String(i).padStart(2, '0')}`);
    for (const id of ids.slice(0, -1)) await m.apply(key, stroke(id));
    expect(rowsOf(repo)).toHaveLength(ids.length - 1);
    await m.apply(key, stroke(ids.at(-1)!));
    expect(rowsOf(repo)).toHaveLength(1);
    expect(idsIn(rowsOf(repo)[0]!.update)).toEqual(ids);
    // The pending quiet-time compaction was dropped with it: nothing more happens later.
    await vi.advanceTimersByTimeAsync(5000);
    expect(m.stats.compactions).toBe(1);
  });

  it('a server shutting down compacts what waits and leaves no timer behind', async () => {
    const { repo, m } = await quietLayer();
    for (const id of ['a', 'b', 'c']) await m.apply(key, stroke(id));
    await m.close();
    expect(rowsOf(repo)).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(idsIn(rowsOf(repo)[0]!.update)).toEqual(['a', 'b', 'c']);
  });
});

describe('DocManager joins', () => {
  it('encodes the rest once for joiners holding the same copy, and anew after a change', async () => {
    const m = manager(new MemoryRepo());
    await m.follow(key);
    await m.apply(key, stroke('a'));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (await m.sync(key)).update);
    const sv = Y.encodeStateVector(copy);
    await m.apply(key, stroke('b'));
    const first = await m.sync(key, sv);
    const second = await m.sync(key, sv);
    expect(second.update).toBe(first.update);
    const held = (update: Uint8Array) => {
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.encodeStateAsUpdate(copy));
      Y.applyUpdate(d, update);
      return [...d.getMap('page:1').keys()].sort();
    };
    expect(held(first.update)).toEqual(['a', 'b']);
    await m.apply(key, stroke('c'));
    const third = await m.sync(key, sv);
    expect(third.update).not.toBe(first.update);
    expect(held(third.update)).toEqual(['a', 'b', 'c']);
  });
});

describe('DocManager storage while updates wait', () => {
  /** Two consecutive edits of one client: the second cannot be applied without the first. */
  function chain(): { first: Uint8Array; second: Uint8Array; deletion: Uint8Array } {
    const doc = new Y.Doc();
    const map = doc.getMap('page:1');
    map.set('a', 'a');
    const before = Y.encodeStateVector(doc);
    const first = Y.encodeStateAsUpdate(doc);
    map.set('b', 'b');
    const second = Y.encodeStateAsUpdate(doc, before);
    const beforeDelete = Y.encodeStateVector(doc);
    map.delete('a');
    const deletion = Y.encodeStateAsUpdate(doc, beforeDelete);
    return { first, second, deletion };
  }

  it('stores an update that must wait once, and not again when it or a no-op arrives again', async () => {
    const repo = new MemoryRepo();
    const m = manager(repo);
    const { first, second, deletion } = chain();
    expect(await m.apply(key, second)).not.toBeNull(); // waits for `first`; kept so a restart has it
    expect(await m.apply(key, deletion)).not.toBeNull(); // a delete that waits too
    const stored = repo.rows.get('d1/shared')!.length;
    // Duplicates of what waits, and updates that change nothing, add no row.
    expect(await m.apply(key, second)).toBeNull();
    expect(await m.apply(key, deletion)).toBeNull();
    expect(await m.apply(key, Y.encodeStateAsUpdate(new Y.Doc()))).toBeNull();
    expect(repo.rows.get('d1/shared')).toHaveLength(stored);
    // The missing update arrives: everything applies.
    expect(await m.apply(key, first)).not.toBeNull();
    expect(idsIn((await m.sync(key)).update)).toEqual(['b']);
    // A duplicate of an applied update is not stored either.
    expect(await m.apply(key, first)).toBeNull();
    expect(repo.rows.get('d1/shared')).toHaveLength(stored + 1);
  });
});

describe('DocManager text rule', () => {
  /** A client's update that writes one note with `text` on page 1. */
  const noteUpdate = (id: string, text: string) => {
    const doc = new Y.Doc();
    doc.getMap('page:1').set(id, { kind: 'note', color: '#ffcc00', author: 'u-an', createdAt: '', text });
    return Y.encodeStateAsUpdate(doc);
  };

  it('refuses a note with a control character or over the limit, storing nothing, and still takes a good one', async () => {
    const repo = new MemoryRepo();
    const m = manager(repo);
    await m.follow(key);
    await expect(m.apply(key, noteUpdate('bad', 'Ghi chú\u0000'), undefined, 'u-an')).rejects.toMatchObject({
      reason: 'bad_text',
    });
    await expect(m.apply(key, noteUpdate('long', 'a'.repeat(5001)))).rejects.toMatchObject({
      reason: 'text_too_long',
    });
    expect(repo.rows.get('d1/shared') ?? []).toHaveLength(0);
    expect(idsIn((await m.sync(key)).update)).toEqual([]);
    expect(await m.apply(key, noteUpdate('good', 'Dòng 1\nDòng 2'), undefined, 'u-an')).not.toBeNull();
    expect(idsIn((await m.sync(key)).update)).toEqual(['good']);
  });
});

describe('DocManager seeds and guards (the minutes)', () => {
  it('seeds a document once when many ask at the same moment, and stores each seed before it resolves', async () => {
    const repo = new MemoryRepo();
    const m = manager(repo);
    let produced = 0;
    const seed = () =>
      m.seed(key, (doc) => {
        // Each call sees what the earlier ones wrote (they run one after another).
        if (doc.getMap('page:1').size > 0) return null;
        produced++;
        return stroke('seeded');
      });
    const results = await Promise.all(Array.from({ length: 8 }, seed));
    expect(produced).toBe(1);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(repo.rows.get('d1/shared')).toHaveLength(1);
    expect(idsIn((await m.sync(key)).update)).toEqual(['seeded']);
  });

  it('refuses an update its guard throws for, before it touches the document or the store', async () => {
    const repo = new MemoryRepo();
    const m = manager(repo);
    let locked = false;
    const guard = () => {
      if (locked) throw new Error('locked');
    };
    expect(await m.apply(key, stroke('before'), undefined, undefined, guard)).not.toBeNull();
    locked = true;
    await expect(m.apply(key, stroke('after'), undefined, undefined, guard)).rejects.toThrow('locked');
    expect(repo.rows.get('d1/shared')).toHaveLength(1);
    expect(idsIn((await m.sync(key)).update)).toEqual(['before']);
  });
});

describe('DocManager: the followers do not wait for the disk, the writer does', () => {
  /** A store whose appends commit at once and reach the disk only when the test says. */
  class SlowDiskRepo extends MemoryRepo {
    private flushes: { resolve: () => void; reject: (e: Error) => void }[] = [];
    override append(
      documentId: string,
      layer: string,
      update: Uint8Array,
      _at?: string,
      committed?: (seq: number) => void,
    ): Promise<number> {
      return super.append(documentId, layer, update).then((seq) => {
        committed?.(seq);
        return new Promise<number>((resolve, reject) =>
          this.flushes.push({ resolve: () => resolve(seq), reject }),
        );
      });
    }
    flush(): void {
      this.flushes.shift()?.resolve();
    }
    fail(): void {
      this.flushes.shift()?.reject(new Error('EIO'));
    }
  }
  const settled = async (p: Promise<unknown>) => {
    let done = false;
    void p.then(
      () => (done = true),
      () => (done = true),
    );
    await new Promise((r) => setTimeout(r, 10));
    return done;
  };

  it('sends each update on at its commit, in store order, and resolves (acks) only after its flush', async () => {
    const repo = new SlowDiskRepo();
    const m = manager(repo);
    await m.follow(key);
    const sent: string[] = [];
    const first = m.apply(key, stroke('a'), (u) => sent.push(idsIn(u).join()));
    const second = m.apply(key, stroke('b'), (u) => sent.push(idsIn(u).join()));
    // Both committed and sent while the first flush has not ended; neither is acked.
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual(['a', 'b']);
    expect(await settled(first)).toBe(false);
    repo.flush();
    expect(await first).not.toBeNull();
    expect(await settled(second)).toBe(false);
    repo.flush();
    expect(await second).not.toBeNull();
    expect(idsIn((await m.sync(key)).update)).toEqual(['a', 'b']);
  });

  it('a flush that fails after the commit fails the ack; the layer keeps the update and a retry adds nothing', async () => {
    const repo = new SlowDiskRepo();
    const m = manager(repo);
    await m.follow(key);
    const update = stroke('a');
    const first = m.apply(key, update);
    await new Promise((r) => setTimeout(r, 10));
    repo.fail();
    await expect(first).rejects.toThrow('EIO');
    expect(await m.apply(key, update)).toBeNull();
    expect(repo.rows.get('d1/shared')).toHaveLength(1);
    expect(idsIn((await m.sync(key)).update)).toEqual(['a']);
  });
});
