import { describe, expect, it } from 'vitest';
import {
  agendaNumbers,
  canIndent,
  indent,
  moveBy,
  moveToIndex,
  outdent,
  type OrderEntry,
} from './agenda-order';

const agenda: OrderEntry[] = [
  { id: 'a', parentId: null },
  { id: 'b', parentId: null },
  { id: 'b1', parentId: 'b' },
  { id: 'b2', parentId: 'b' },
  { id: 'c', parentId: null },
];
const ids = (items: OrderEntry[]) => items.map((i) => (i.parentId ? `${i.parentId}>${i.id}` : i.id));

describe('agenda order', () => {
  it('moves a top-level item down together with its sub-items', () => {
    expect(ids(moveBy(agenda, 'b', 1))).toEqual(['a', 'c', 'b', 'b>b1', 'b>b2']);
  });

  it('moves a sub-item only among the sub-items of its parent', () => {
    expect(ids(moveBy(agenda, 'b2', -1))).toEqual(['a', 'b', 'b>b2', 'b>b1', 'c']);
    expect(ids(moveBy(agenda, 'b1', -1))).toEqual(ids(agenda));
  });

  it('leaves the first item where it is when asked to move it up', () => {
    expect(ids(moveBy(agenda, 'a', -1))).toEqual(ids(agenda));
  });

  it('drops an item at a given position among its siblings', () => {
    expect(ids(moveToIndex(agenda, 'c', 0))).toEqual(['c', 'a', 'b', 'b>b1', 'b>b2']);
  });

  it('indents a top-level item under the item above it, as its last sub-item', () => {
    expect(canIndent(agenda, 'c')).toBe(true);
    expect(ids(indent(agenda, 'c'))).toEqual(['a', 'b', 'b>b1', 'b>b2', 'b>c']);
  });

  it('refuses to indent the first item or an item that has sub-items (one level only)', () => {
    expect(canIndent(agenda, 'a')).toBe(false);
    expect(canIndent(agenda, 'b')).toBe(false);
  });

  it('outdents a sub-item to just after its former parent', () => {
    expect(ids(outdent(agenda, 'b1'))).toEqual(['a', 'b', 'b>b2', 'b1', 'c']);
  });

  it('numbers items as printed on the agenda', () => {
    expect([...agendaNumbers(agenda).values()]).toEqual(['1', '2', '2.1', '2.2', '3']);
  });
});
