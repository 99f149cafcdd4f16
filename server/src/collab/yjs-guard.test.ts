import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAnnotation } from '@icabinet/shared';
import { checkAnnotationText, touchedEntries } from './yjs-guard.js';

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

describe('checkAnnotationText', () => {
  const note = (text: string) => ({
    kind: 'note',
    color: '#ffcc00',
    author: 'u-an',
    text,
    points: new Uint8Array([1]),
  });

  it('accepts a note of several lines in Vietnamese, with tabs', () => {
    expect(
      checkAnnotationText(note('Đề nghị bổ sung:\n\t- số liệu quý III\r\n- ý kiến Sở Tài chính'), 5000),
    ).toBeNull();
  });

  it('refuses control characters, direction overrides and lone surrogates in a note', () => {
    for (const text of ['Ghi chú\u0000', 'a\u0007b', 'x\u202ey', 'half \ud800 pair', '\u001b[31m đỏ'])
      expect(checkAnnotationText(note(text), 5000)).toBe('bad_text');
  });

  it('refuses a line break in any other string field (one line only)', () => {
    expect(checkAnnotationText({ ...note('ok'), author: 'u-an\nu-binh' }, 5000)).toBe('bad_text');
    expect(checkAnnotationText({ ...note('ok'), createdAt: '2026-01-01\u0000' }, 5000)).toBe('bad_text');
  });

  it('refuses a note longer than the limit and accepts one at the limit', () => {
    expect(checkAnnotationText(note('a'.repeat(5000)), 5000)).toBeNull();
    expect(checkAnnotationText(note('a'.repeat(5001)), 5000)).toBe('text_too_long');
  });

  it('reads a record (the stored form) as a reader would, and refuses one that does not read', () => {
    const record = (text: string, author = 'u-an') =>
      encodeAnnotation({
        id: 'n1',
        kind: 'note',
        color: '#ffcc00',
        author,
        createdAt: '',
        points: [1, 2],
        text,
      });
    expect(checkAnnotationText(record('Ý kiến\nDòng hai'), 5000)).toBeNull();
    expect(checkAnnotationText(record('Ghi chú\u0000'), 5000)).toBe('bad_text');
    expect(checkAnnotationText(record('a'.repeat(5001)), 5000)).toBe('text_too_long');
    expect(checkAnnotationText(record('ok', 'u-an\nu-binh'), 5000)).toBe('bad_text');
    const good = record('ok');
    expect(checkAnnotationText(good.subarray(0, good.length - 1), 5000)).toBe('malformed');
    expect(checkAnnotationText(new Uint8Array([...good, 0]), 5000)).toBe('malformed');
    expect(checkAnnotationText(new Uint8Array([9, ...good.subarray(1)]), 5000)).toBe('malformed');
  });

  it('checks a note stored as a nested Y.Map with a Y.Text, at any depth', () => {
    const doc = new Y.Doc();
    const map = new Y.Map<unknown>();
    doc.getMap('page:1').set('n1', map);
    map.set('author', 'u-an');
    const text = new Y.Text('Ý kiến');
    map.set('text', text);
    expect(checkAnnotationText(map, 5000)).toBeNull();
    text.insert(2, '\u0000');
    expect(checkAnnotationText(map, 5000)).toBe('bad_text');
    const style = new Y.Map<unknown>();
    map.set('text', 'ok');
    map.set('style', style);
    style.set('font', 'Times\u0008');
    expect(checkAnnotationText(map, 5000)).toBe('bad_text');
  });
});
