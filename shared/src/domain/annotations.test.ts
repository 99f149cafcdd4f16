import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_GRID,
  decodeAnnotation,
  encodeAnnotation,
  packInts,
  readAnnotationPages,
  storedAuthor,
  storedFields,
  unpackInts,
  type Annotation,
} from './annotations.js';

const coord = fc.integer({ min: 0, max: ANNOTATION_GRID });
const common = {
  id: fc.uuid(),
  color: fc.constantFrom('#c8102e', '#1450a3', '#ffcd00'),
  author: fc.string({ maxLength: 20 }),
  createdAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
};
const annotation: fc.Arbitrary<Annotation> = fc.oneof(
  fc.record({
    ...common,
    kind: fc.constant('ink' as const),
    width: fc.integer({ min: 1, max: 1000 }),
    points: fc.array(fc.tuple(coord, coord), { minLength: 1, maxLength: 300 }).map((p) => p.flat()),
  }),
  fc.record({
    ...common,
    kind: fc.constant('highlight' as const),
    rects: fc
      .array(fc.tuple(coord, coord, coord, coord), { minLength: 1, maxLength: 20 })
      .map((r) => r.flat()),
    opacity: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    ...common,
    kind: fc.constant('note' as const),
    points: fc.tuple(coord, coord),
    text: fc.string({ maxLength: 200 }),
  }),
  fc.record({
    ...common,
    kind: fc.constant('text' as const),
    rects: fc.tuple(coord, coord, coord, coord),
    text: fc.string({ maxLength: 200 }),
    fontSize: fc.integer({ min: 10, max: 2000 }),
  }),
);

describe('the stored form of an annotation', () => {
  it('gives back every annotation it stores', () => {
    fc.assert(
      fc.property(annotation, (a) => {
        expect(decodeAnnotation(a.id, encodeAnnotation(a))).toEqual(a);
      }),
    );
  });

  it('packs any integers and reads them back, whatever the stride', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 500 }),
        fc.integer({ min: 1, max: 4 }),
        (xs, stride) => {
          expect(unpackInts(packInts(xs, stride), stride)).toEqual(xs);
        },
      ),
    );
  });

  it('stores a hand-drawn stroke in about a byte per coordinate', () => {
    const points: number[] = [];
    for (let i = 0; i < 100; i++) points.push(2000 + i * 7, 3000 + Math.round(40 * Math.sin(i / 5)));
    expect(packInts(points, 2).byteLength).toBeLessThan(points.length * 1.2);
  });

  it('reads what earlier clients wrote: a nested map of fields with plain number arrays', () => {
    const legacy = {
      id: 'x',
      kind: 'ink',
      color: '#c8102e',
      author: 'u1',
      createdAt: '2026-11-20T08:00:00.000Z',
      width: 30,
      points: [10, 20, 30, 40],
    };
    expect(decodeAnnotation('x', legacy)).toMatchObject({ kind: 'ink', points: [10, 20, 30, 40] });
  });

  it('reads what was stored before the record: a plain object of fields with packed arrays', () => {
    const before = {
      kind: 'ink',
      color: '#c8102e',
      author: 'u1',
      createdAt: '2026-11-20T08:00:00.000Z',
      width: 30,
      points: packInts([10, 20, 30, 40], 2),
    };
    expect(decodeAnnotation('x', before)).toMatchObject({ kind: 'ink', points: [10, 20, 30, 40] });
    expect(storedAuthor(before)).toBe('u1');
  });

  it('names the author of a record without reading the rest, and of the earlier forms', () => {
    fc.assert(
      fc.property(annotation, (a) => {
        expect(storedAuthor(encodeAnnotation(a))).toBe(a.author);
      }),
    );
    expect(storedAuthor({ author: 7 })).toBeUndefined();
    expect(storedAuthor(new Uint8Array([2, 1, 65]))).toBeUndefined();
    expect(storedAuthor('u1')).toBeUndefined();
  });

  it('refuses a record that does not read: cut short, bytes left over, another format, a field twice', () => {
    const note = encodeAnnotation({
      id: 'n',
      kind: 'note',
      color: '#ffcc00',
      author: 'u1',
      createdAt: '',
      points: [1, 2],
      text: 'Ý kiến',
    });
    expect(storedFields(note)).toMatchObject({ author: 'u1', kind: 'note', text: 'Ý kiến' });
    for (let cut = 0; cut < note.length; cut++) expect(storedFields(note.subarray(0, cut))).toBeNull();
    expect(storedFields(new Uint8Array([...note, 0]))).toBeNull();
    expect(storedFields(new Uint8Array([2, ...note.subarray(1)]))).toBeNull();
    // The JSON part naming the author (or packed arrays) again: which one a reader took would be a guess.
    const json = Array.from(JSON.stringify({ kind: 'note', author: 'u2' }), (c) => c.charCodeAt(0));
    const twice = new Uint8Array([1, 2, 117, 49, json.length, ...json, 0, 0, 0]);
    expect(storedFields(twice)).toBeNull();
    expect(decodeAnnotation('n', twice)).toBeNull();
  });

  it('skips values that do not fit: cut-off bytes, coordinates off the page, other shapes', () => {
    const ink = {
      kind: 'ink',
      color: '#c8102e',
      author: 'u1',
      createdAt: '2026-11-20T08:00:00.000Z',
      width: 30,
      points: packInts([300, 400, 9000, 9100], 2),
    };
    const cut = { ...ink, points: ink.points.subarray(0, ink.points.length - 1) };
    // The last byte of a varint has its high bit clear; cutting a multi-byte one leaves it set.
    const truncated = { ...ink, points: new Uint8Array([0x80]) };
    const offPage = { ...ink, points: packInts([0, 0, ANNOTATION_GRID + 1, 5], 2) };
    expect(decodeAnnotation('a', cut)).toBeNull();
    expect(decodeAnnotation('a', truncated)).toBeNull();
    expect(decodeAnnotation('a', offPage)).toBeNull();
    expect(decodeAnnotation('a', 'ink')).toBeNull();
    expect(decodeAnnotation('a', [1, 2])).toBeNull();
    expect(decodeAnnotation('a', null)).toBeNull();
  });

  it('skips a note whose text breaks the text rule, and keeps one of several lines', () => {
    const note = (text: string) =>
      encodeAnnotation({
        id: 'n',
        kind: 'note',
        color: '#ffcc00',
        author: 'u',
        createdAt: '',
        points: [1, 2],
        text,
      });
    expect(decodeAnnotation('n', note('Dòng 1\nDòng 2'))).toMatchObject({ text: 'Dòng 1\nDòng 2' });
    expect(decodeAnnotation('n', note('bad\u0000'))).toBeNull();
    expect(decodeAnnotation('n', note('x'.repeat(5001)))).toBeNull();
  });

  it('lists a layer page by page, oldest first, skipping what does not fit', () => {
    const mk = (id: string, at: string): Annotation => ({
      id,
      kind: 'note',
      color: '#ffcd00',
      author: 'u1',
      createdAt: at,
      points: [100, 100],
      text: id,
    });
    const pages = readAnnotationPages({
      'page:10': { late: encodeAnnotation(mk('late', '2026-11-20T09:00:00Z')) },
      'page:2': {
        second: encodeAnnotation(mk('second', '2026-11-20T08:30:00Z')),
        first: encodeAnnotation(mk('first', '2026-11-20T08:00:00Z')),
        broken: { kind: 'note' },
      },
      meta: { anything: 1 },
    });
    expect(pages.map((p) => [p.page, p.annotations.map((a) => a.id)])).toEqual([
      [2, ['first', 'second']],
      [10, ['late']],
    ]);
  });
});
