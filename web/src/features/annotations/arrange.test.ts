import { describe, expect, it } from 'vitest';
import type { Annotation } from '@icabinet/shared';
import { arranged, arrowKey, MIN_TEXT_BOX } from './arrange';

const text: Annotation = {
  id: 't-1',
  kind: 'text',
  color: '#1b2332',
  author: 'u-1',
  createdAt: '2025-01-01T00:00:00.000Z',
  rects: [1000, 2000, 3200, 700],
  text: 'Đề nghị bổ sung số liệu',
};
const note: Annotation = { ...text, kind: 'note', points: [500, 500], text: 'Hỏi lại' };

describe('arranging text boxes and notes', () => {
  it('moves a text box and keeps it on the page', () => {
    expect(arranged(text, 'move', 500, -300)).toMatchObject({ rects: [1500, 1700, 3200, 700] });
    expect(arranged(text, 'move', 9000, 9000)).toMatchObject({ rects: [6800, 9300, 3200, 700] });
    expect(arranged(text, 'move', -5000, -5000)).toMatchObject({ rects: [0, 0, 3200, 700] });
  });

  it('resizes a text box from its corner, not below a finger-sized box nor past the page', () => {
    expect(arranged(text, 'resize', 800, 300)).toMatchObject({ rects: [1000, 2000, 4000, 1000] });
    expect(arranged(text, 'resize', -9000, -9000)).toMatchObject({
      rects: [1000, 2000, MIN_TEXT_BOX.w, MIN_TEXT_BOX.h],
    });
    expect(arranged(text, 'resize', 20_000, 20_000)).toMatchObject({ rects: [1000, 2000, 9000, 8000] });
  });

  it('moves a sticky note but does not resize it, and leaves other marks alone', () => {
    expect(arranged(note, 'move', -900, 100)).toMatchObject({ points: [0, 600] });
    expect(arranged(note, 'resize', 100, 100)).toEqual(note);
    const ink: Annotation = { ...text, kind: 'ink', width: 30, points: [1, 2] };
    expect(arranged(ink, 'move', 100, 100)).toEqual(ink);
  });

  it('turns arrow keys into small or (with Shift) large steps, and Alt into a resize', () => {
    expect(arrowKey({ key: 'ArrowRight', shiftKey: false, altKey: false })).toEqual({
      mode: 'move',
      dx: 100,
      dy: 0,
    });
    expect(arrowKey({ key: 'ArrowUp', shiftKey: true, altKey: false })).toEqual({
      mode: 'move',
      dx: 0,
      dy: -500,
    });
    expect(arrowKey({ key: 'ArrowDown', shiftKey: false, altKey: true })).toEqual({
      mode: 'resize',
      dx: 0,
      dy: 100,
    });
    expect(arrowKey({ key: 'Enter', shiftKey: false, altKey: false })).toBeNull();
  });
});
