import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { touchedEntries } from './yjs-guard.js';

/** The entries one remote update touches when applied to `doc`. */
function touchedBy(doc: Y.Doc, update: Uint8Array): [string, string][] {
  let out: [string, string][] = [];
  const collect = (tr: Y.Transaction) => (out = touchedEntries(tr));
  doc.on('afterTransaction', collect);
  Y.applyUpdate(doc, update);
  doc.off('afterTransaction', collect);
  return out;
}

describe('touchedEntries', () => {
  it('names the top-level entry for a change at any depth below it', () => {
    const writer = new Y.Doc();
    const note = new Y.Map<unknown>();
    writer.getMap('page:1').set('n1', note);
    note.set('author', 'u-binh');
    const inner = new Y.Map<unknown>();
    note.set('style', inner);
    const server = new Y.Doc();
    expect(touchedBy(server, Y.encodeStateAsUpdate(writer))).toEqual([['page:1', 'n1']]);

    for (const edit of [() => note.set('author', 'u-an'), () => inner.set('color', '#000000')]) {
      const sv = Y.encodeStateVector(server);
      edit();
      expect(touchedBy(server, Y.encodeStateAsUpdate(writer, sv))).toEqual([['page:1', 'n1']]);
    }
  });

  it('lists each top-level key a change sets or deletes, once', () => {
    const writer = new Y.Doc();
    const page = writer.getMap('page:2');
    page.set('a', { author: 'u-an' });
    page.set('b', { author: 'u-an' });
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer));
    const sv = Y.encodeStateVector(server);
    writer.transact(() => {
      page.delete('a');
      page.set('b', { author: 'u-an', color: '#ffffff' });
      page.set('b', { author: 'u-an', color: '#000000' });
    });
    const touched = touchedBy(server, Y.encodeStateAsUpdate(writer, sv));
    expect(touched.sort()).toEqual([
      ['page:2', 'a'],
      ['page:2', 'b'],
    ]);
  });
});
