import { describe, expect, it } from 'vitest';
import { fittedWidth, pinchFrame, roundZoom } from './pinch';

const origin = { x: 100, y: 50 };

describe('pinch zoom', () => {
  it('doubles the zoom when the fingers spread to twice their distance, keeping the point between them', () => {
    const start = { a: { x: 300, y: 300 }, b: { x: 400, y: 300 }, zoom: 1, scroll: { x: 0, y: 0 } };
    const f = pinchFrame(start, { x: 250, y: 300 }, { x: 450, y: 300 }, origin);
    expect(f.zoom).toBe(2);
    expect(f.scale).toBe(2);
    // The content point under the midpoint (250, 250 in the stage) is now at 500, 500: scrolled by 250.
    expect(f.scroll).toEqual({ x: 250, y: 250 });
  });

  it('pans when both fingers move together without spreading', () => {
    const start = { a: { x: 300, y: 300 }, b: { x: 400, y: 300 }, zoom: 2, scroll: { x: 400, y: 300 } };
    const f = pinchFrame(start, { x: 260, y: 280 }, { x: 360, y: 280 }, origin);
    expect(f.zoom).toBe(2);
    expect(f.scroll).toEqual({ x: 440, y: 320 });
  });

  it('stays within the zoom limits and never scrolls before the start of the page', () => {
    const start = { a: { x: 300, y: 300 }, b: { x: 400, y: 300 }, zoom: 1, scroll: { x: 0, y: 0 } };
    expect(pinchFrame(start, { x: 349, y: 300 }, { x: 351, y: 300 }, origin)).toMatchObject({
      zoom: 0.5,
      scroll: { x: 0, y: 0 },
    });
    expect(pinchFrame(start, { x: 0, y: 300 }, { x: 2000, y: 300 }, origin).zoom).toBe(4);
    expect(roundZoom(1.23456)).toBe(1.23);
    expect(roundZoom(9)).toBe(4);
  });
});

describe('fitting the page to the screen', () => {
  const a4 = 1.414;
  it('fits a portrait page by height on a landscape tablet, by width on a portrait one', () => {
    expect(fittedWidth('page', { width: 1200, height: 700 }, a4, 1)).toBe(Math.round(700 / a4));
    expect(fittedWidth('page', { width: 760, height: 1100 }, a4, 1)).toBe(760);
  });
  it('scales the fitted width by the zoom, and reading mode fits the width only', () => {
    expect(fittedWidth('page', { width: 1200, height: 700 }, a4, 2)).toBe(Math.round((700 / a4) * 2));
    expect(fittedWidth('width', { width: 1200, height: 700 }, a4, 1)).toBe(1100);
  });
});
