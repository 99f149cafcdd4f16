import { fromBase64, toBase64 } from 'lib0/buffer';
import type { Awareness } from 'y-protocols/awareness';
import { z } from 'zod';
import { ANNOTATION_GRID, packInts, unpackInts } from '@icabinet/shared';

/**
 * A stroke still being drawn, as the other devices on the layer see it: published in the author's
 * awareness state (`{ stroke }`, next to the `user` the server sets) about 15 times a second while
 * the pen moves, cleared when it lifts. The finished stroke is stored as a normal annotation with
 * the same `id`, so a device hides the live copy as soon as the stored one is there.
 */
export interface LiveStroke {
  /** The id the finished annotation will have. */
  id: string;
  page: number;
  /** `ink`: a pen line through `points`; `rect`: a highlighter rectangle, `points` = [x, y, x2, y2]. */
  kind: 'ink' | 'rect';
  color: string;
  /** Pen width in grid units of the page width. */
  width: number;
  /** Grid units; for ink, the newest part of a long stroke only. */
  points: number[];
}

/** Someone else's stroke in progress, with the name the server vouches for. */
export interface RemoteStroke {
  /** `<layer>:<awareness clientID>`: one device on one layer. */
  key: string;
  user: { id: string; name: string };
  stroke: LiveStroke;
}

/** About 15 states a second, the rate the server relays them at. */
export const LIVE_INTERVAL_MS = Math.round(1000 / 15);
/** While the pen rests the state is sent again this often, so receivers know it is still down. */
const HEARTBEAT_MS = 1000;
/**
 * A stroke not heard of for this long is dropped: its author's clear was lost (awareness is
 * volatile) or the author froze. Several heartbeats, so one lost message does not blink it.
 */
export const LIVE_STALE_MS = 3500;
/**
 * Packed bytes of points one state may carry. Base64 makes 4/3 of it, ~4.8 KB: with the rest of
 * the state and the user's name well under the server's 8 KB cap (`ANNOTATION_LIMITS.awarenessBytes`).
 * At 1-2 bytes per coordinate that is the newest ~1,000+ points of a stroke.
 */
export const LIVE_POINT_BYTES = 3600;

/** Packs the newest points that fit in `LIVE_POINT_BYTES` (whole x, y pairs). */
export function packNewest(points: readonly number[], stride: number): Uint8Array {
  let from = 0;
  let packed = packInts(points, stride);
  while (packed.length > LIVE_POINT_BYTES && points.length - from > stride) {
    const pairs = (points.length - from) / stride;
    const keep = Math.max(1, Math.floor(pairs * (LIVE_POINT_BYTES / packed.length) * 0.9));
    from = points.length - keep * stride;
    packed = packInts(points.slice(from), stride);
  }
  return packed;
}

/** The awareness field of a stroke in progress. */
export function encodeLiveStroke(s: LiveStroke): Record<string, unknown> {
  return { ...s, points: toBase64(packNewest(s.points, 2)) };
}

const Coord = z.number().int().min(0).max(ANNOTATION_GRID);
/** What another device may put in its state: checked, since only `user` comes from the server. */
const RemoteState = z.object({
  user: z.object({ id: z.string().max(64), name: z.string().max(200) }),
  stroke: z.object({
    id: z.string().min(1).max(64),
    page: z.number().int().min(1).max(999_999),
    kind: z.enum(['ink', 'rect']),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
    width: z.number().int().min(1).max(1000),
    points: z.string().max(8192),
  }),
});
const Points = z.array(Coord).min(2).max(8192);

/** Another device's awareness state as a stroke in progress, or null (none, or not well formed). */
export function decodeLiveStroke(state: unknown): { user: RemoteStroke['user']; stroke: LiveStroke } | null {
  const parsed = RemoteState.safeParse(state);
  if (!parsed.success) return null;
  let ints: number[] | null;
  try {
    ints = unpackInts(fromBase64(parsed.data.stroke.points), 2, 8192);
  } catch {
    return null;
  }
  const points = Points.safeParse(ints);
  if (!points.success || points.data.length % 2 !== 0) return null;
  if (parsed.data.stroke.kind === 'rect' && points.data.length !== 4) return null;
  return { user: parsed.data.user, stroke: { ...parsed.data.stroke, points: points.data } };
}

/**
 * The other devices' strokes in progress on a layer: never this device's own state, and none
 * that went quiet for `LIVE_STALE_MS`.
 */
export function remoteStrokes(awareness: Awareness, layer: string, now = Date.now()): RemoteStroke[] {
  const out: RemoteStroke[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const seen = awareness.meta.get(clientId)?.lastUpdated ?? 0;
    if (now - seen > LIVE_STALE_MS) continue;
    const live = decodeLiveStroke(state);
    if (live) out.push({ key: `${layer}:${clientId}`, ...live });
  }
  return out;
}

/**
 * Publishes one stroke in progress in a layer's awareness: at most every `LIVE_INTERVAL_MS` (the
 * latest points always go out, trailing), again every second while the pen rests, and cleared at
 * once when the stroke ends. `update` takes the stroke by reference: its points may keep growing.
 */
export class LiveStrokePublisher {
  private stroke: LiveStroke | null = null;
  private lastSent = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly awareness: Awareness) {}

  /** The stroke changed (a new point). */
  update(stroke: LiveStroke): void {
    this.stroke = stroke;
    this.heartbeat ??= setInterval(() => {
      if (performance.now() - this.lastSent >= HEARTBEAT_MS) this.flush();
    }, HEARTBEAT_MS / 2);
    if (this.timer) return;
    const wait = this.lastSent + LIVE_INTERVAL_MS - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** The stroke ended or was dropped: the state loses it now. */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.timer = null;
    this.heartbeat = null;
    const had = this.stroke !== null;
    this.stroke = null;
    if (!had) return;
    const { stroke: _gone, ...rest } = this.awareness.getLocalState() ?? {};
    this.awareness.setLocalState(Object.keys(rest).length > 0 ? rest : null);
  }

  private flush(): void {
    this.timer = null;
    if (!this.stroke) return;
    this.lastSent = performance.now();
    this.awareness.setLocalState({
      ...(this.awareness.getLocalState() ?? {}),
      stroke: encodeLiveStroke(this.stroke),
    });
  }
}
