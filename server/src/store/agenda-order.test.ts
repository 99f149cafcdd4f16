import { describe, expect, it } from 'vitest';
import { depthFirst } from './agenda-order.js';

describe('depthFirst', () => {
  it('puts each parent before its sub-items, both by order', () => {
    const items = [
      { id: 'b1', parentId: 'b', order: 0 },
      { id: 'b', parentId: null, order: 1 },
      { id: 'a2', parentId: 'a', order: 1 },
      { id: 'a', parentId: null, order: 0 },
      { id: 'a1', parentId: 'a', order: 0 },
    ];
    expect(depthFirst(items).map((i) => i.id)).toEqual(['a', 'a1', 'a2', 'b', 'b1']);
  });

  it('drops a sub-item whose parent is gone', () => {
    expect(depthFirst([{ id: 'x', parentId: 'gone', order: 0 }])).toEqual([]);
  });
});
