import { describe, expect, it } from 'vitest';
import { selectionToGridRects } from './annotations.model';

const page = { left: 100, top: 50, width: 1000, height: 2000 };

describe('selectionToGridRects', () => {
  it('merges the spans of one line and keeps lines apart', () => {
    const rects = [
      { left: 200, top: 250, width: 100, height: 20 },
      { left: 300, top: 252, width: 150, height: 18 },
      { left: 150, top: 280, width: 400, height: 20 },
    ];
    expect(selectionToGridRects(rects, page)).toEqual([1000, 1000, 2500, 100, 500, 1150, 4000, 100]);
  });

  it('drops empty rects and clips to the page', () => {
    const rects = [
      { left: 500, top: 500, width: 0, height: 20 },
      { left: 900, top: 40, width: 400, height: 30 },
    ];
    expect(selectionToGridRects(rects, page)).toEqual([8000, 0, 2000, 100]);
  });

  it('gives nothing for a page without size', () => {
    expect(selectionToGridRects([{ left: 0, top: 0, width: 10, height: 10 }], { ...page, width: 0 })).toEqual(
      [],
    );
  });
});
