import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { ANNOTATION_LIMITS } from '@icabinet/shared';
import {
  decodeLiveStroke,
  encodeLiveStroke,
  LIVE_INTERVAL_MS,
  LiveStrokePublisher,
  remoteStrokes,
  type LiveStroke,
} from './live-strokes';

const user = { id: 'u-an', name: 'Nguyễn Văn An' };

/** A wobbly pen line of `n` points, a few grid units apart. */
const line = (n: number): number[] =>
  Array.from({ length: n }, (_, i) => [
    1000 + Math.round(i * 0.4),
    5000 + Math.round(Math.sin(i / 5) * 30),
  ]).flat();

const stroke = (points: number[]): LiveStroke => ({
  id: 'a-1',
  page: 3,
  kind: 'ink',
  color: '#1450a3',
  width: 30,
  points,
});

describe('live strokes', () => {
  it('round-trips a stroke in progress through an awareness state', () => {
    const s = stroke(line(50));
    expect(decodeLiveStroke({ user, stroke: encodeLiveStroke(s) })).toEqual({ user, stroke: s });
  });

  it('keeps a long stroke’s newest points and the state well under the awareness cap', () => {
    const points = line(20_000);
    const state = JSON.stringify({ user, stroke: encodeLiveStroke(stroke(points)) });
    expect(state.length).toBeLessThan(ANNOTATION_LIMITS.awarenessBytes * 0.8);
    const back = decodeLiveStroke(JSON.parse(state))!.stroke.points;
    expect(back.length).toBeGreaterThan(1000);
    expect(back).toEqual(points.slice(points.length - back.length));
  });

  it('refuses states without a server-set user or with a malformed stroke', () => {
    const wire = encodeLiveStroke(stroke(line(5)));
    expect(decodeLiveStroke({ stroke: wire })).toBeNull();
    expect(decodeLiveStroke({ user, stroke: { ...wire, color: 'red' } })).toBeNull();
    expect(decodeLiveStroke({ user, stroke: { ...wire, points: '@@not base64@@' } })).toBeNull();
    expect(decodeLiveStroke({ user, stroke: { ...wire, kind: 'rect' } })).toBeNull();
    expect(decodeLiveStroke(null)).toBeNull();
  });

  it('publishes about 15 times a second, the latest points last, and clears at once', () => {
    vi.useFakeTimers();
    try {
      const doc = new Y.Doc();
      const awareness = new Awareness(doc);
      awareness.setLocalState(null);
      const sent: unknown[] = [];
      awareness.on('update', () => sent.push(awareness.getLocalState()));
      const publisher = new LiveStrokePublisher(awareness);
      const s = stroke([100, 100]);
      for (let i = 1; i <= 20; i++) {
        s.points.push(100 + i, 100);
        publisher.update(s);
        vi.advanceTimersByTime(10);
      }
      vi.advanceTimersByTime(LIVE_INTERVAL_MS);
      // 20 moves in 200 ms: a handful of states, not 20, and the last one has every point.
      expect(sent.length).toBeGreaterThanOrEqual(3);
      expect(sent.length).toBeLessThanOrEqual(5);
      const last = decodeLiveStroke({ user, ...(sent.at(-1) as object) });
      expect(last?.stroke.points).toHaveLength(42);
      publisher.clear();
      expect(awareness.getLocalState()).toBeNull();
      doc.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('lists only other devices’ fresh strokes', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ stroke: encodeLiveStroke(stroke(line(3))) });
    awareness.states.set(7, { user, stroke: encodeLiveStroke(stroke(line(3))) });
    awareness.meta.set(7, { clock: 1, lastUpdated: Date.now() });
    awareness.states.set(8, { user, stroke: encodeLiveStroke(stroke(line(3))) });
    awareness.meta.set(8, { clock: 1, lastUpdated: Date.now() - 60_000 });
    expect(remoteStrokes(awareness, 'shared').map((s) => s.key)).toEqual(['shared:7']);
    doc.destroy();
  });
});
