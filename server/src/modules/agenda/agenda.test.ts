import { describe, expect, it } from 'vitest';
import { plannedTotal } from './agenda.service.js';

describe('plannedTotal', () => {
  it('counts a parent, or its sub-items when they take longer', () => {
    expect(
      plannedTotal([
        { id: 'a', parentId: null, plannedMinutes: 40 },
        { id: 'b', parentId: null, plannedMinutes: 30 },
        { id: 'b1', parentId: 'b', plannedMinutes: 20 },
        { id: 'b2', parentId: 'b', plannedMinutes: 20 },
        { id: 'c', parentId: null, plannedMinutes: 15 },
        { id: 'c1', parentId: 'c', plannedMinutes: 5 },
      ]),
    ).toBe(40 + 40 + 15);
  });

  it('is zero for an empty agenda', () => {
    expect(plannedTotal([])).toBe(0);
  });
});
