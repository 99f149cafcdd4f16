import { describe, expect, it } from 'vitest';
import {
  PenInput,
  dragRect,
  liveStrokeOf,
  strokeAnnotation,
  type PenEffect,
  type PenPointer,
} from './pen-input';

let n = 0;
const newId = () => `id-${++n}`;
const at = (x: number, y: number, over: Partial<PenPointer> = {}): PenPointer => ({
  pointerId: 1,
  pointerType: 'mouse',
  x,
  y,
  pressure: 0.5,
  ...over,
});
const types = (effects: PenEffect[]) => effects.map((e) => e.type);
const base = { id: 'ignored', color: '#000', author: 'u1', createdAt: '2026-01-01T00:00:00.000Z' };

describe('the pen input', () => {
  it('draws an ink stroke from every coalesced sample and stores it on pen-up', () => {
    const pen = new PenInput();
    expect(types(pen.down(at(10, 10, { pressure: 0.8 }), 'pen', 3, newId))).toEqual(['start']);
    expect(
      types(
        pen.move(1, [
          { x: 20, y: 20, pressure: 0.6 },
          { x: 30, y: 30, pressure: 0 },
        ]),
      ),
    ).toEqual(['progress']);
    const [commit] = pen.up(1);
    expect(commit?.type).toBe('commit');
    if (commit?.type !== 'commit') return;
    expect(commit.stroke).toMatchObject({
      kind: 'ink',
      page: 3,
      points: [10, 10, 20, 20, 30, 30],
      pressure: [80, 60, 50],
    });
    expect(strokeAnnotation(commit.stroke, base, 12, 1)).toMatchObject({
      kind: 'ink',
      id: commit.stroke.kind === 'ink' ? commit.stroke.id : '',
      author: 'u1',
      width: 12,
      points: [10, 10, 20, 20, 30, 30],
    });
    expect(pen.current).toBeNull();
  });

  it('ignores the moves and lifts of another pointer', () => {
    const pen = new PenInput();
    pen.down(at(10, 10), 'pen', 1, newId);
    expect(pen.move(2, [{ x: 50, y: 50, pressure: 0.5 }])).toEqual([]);
    expect(pen.up(2)).toEqual([]);
    expect(pen.current).not.toBeNull();
  });

  it('rejects a resting palm once a stylus was used', () => {
    const pen = new PenInput();
    pen.down(at(10, 10, { pointerType: 'pen' }), 'pen', 1, newId);
    pen.up(1);
    expect(pen.down(at(50, 50, { pointerType: 'touch', pointerId: 7 }), 'pen', 1, newId)).toEqual([]);
    expect(pen.current).toBeNull();
  });

  it('drops the stroke without storing it when a second finger comes down', () => {
    const pen = new PenInput();
    pen.down(at(10, 10, { pointerType: 'touch' }), 'pen', 1, newId);
    expect(types(pen.down(at(80, 80, { pointerType: 'touch', pointerId: 2 }), 'pen', 1, newId))).toEqual([
      'cancel',
    ]);
    expect(pen.up(1)).toEqual([]);
  });

  it('saves a stroke on the page it began on when the page turns under it', () => {
    const pen = new PenInput();
    pen.down(at(10, 10), 'highlighter', 4, newId);
    expect(pen.pageTurned(4)).toEqual([]);
    const [commit] = pen.pageTurned(5);
    expect(commit).toMatchObject({ type: 'commit', stroke: { page: 4, kind: 'rect' } });
  });

  it('places a note or a text box with one tap, without a stroke', () => {
    const pen = new PenInput();
    expect(pen.down(at(100, 200), 'note', 2, newId)).toEqual([
      { type: 'place', kind: 'note', page: 2, x: 100, y: 200 },
    ]);
    expect(pen.current).toBeNull();
    expect(pen.down(at(100, 200), 'select', 2, newId)).toEqual([]);
  });

  it('erases at every point the eraser passes and stores nothing', () => {
    const pen = new PenInput();
    expect(types(pen.down(at(1, 1), 'eraser', 1, newId))).toEqual(['start', 'erase']);
    expect(
      types(
        pen.move(1, [
          { x: 2, y: 2, pressure: 0 },
          { x: 3, y: 3, pressure: 0 },
        ]),
      ),
    ).toEqual(['erase', 'erase', 'progress']);
    const [commit] = pen.up(1);
    expect(commit?.type === 'commit' && strokeAnnotation(commit.stroke, base, 1, 1)).toBeNull();
  });

  it('turns a highlighter tap into a line-sized mark and a drag into its rectangle', () => {
    expect(dragRect({ x: 1000, y: 1000, x2: 1010, y2: 1005 })).toEqual([600, 900, 800, 200]);
    expect(dragRect({ x: 500, y: 400, x2: 100, y2: 300 })).toEqual([100, 300, 400, 100]);
  });

  it('shows the other devices the stroke under the id it will be stored with', () => {
    const pen = new PenInput();
    const [start] = pen.down(at(5, 5), 'pen', 1, newId);
    if (start?.type !== 'start') throw new Error('no stroke');
    const live = liveStrokeOf(start.stroke, { color: '#f00', width: 8 }, 1);
    expect(live).toMatchObject({ kind: 'ink', page: 1, color: '#f00', points: [5, 5] });
    expect(live?.id).toBe(start.stroke.kind === 'ink' ? start.stroke.id : null);
  });
});
