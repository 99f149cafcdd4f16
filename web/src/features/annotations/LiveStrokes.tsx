import { useEffect, useReducer, useRef, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { pageRoot } from '@icabinet/shared';
import { GRID } from './annotations.model';
import { remoteStrokes, type RemoteStroke } from './live-strokes';
import type { LayerHandle } from './useAnnotationLayer';

/** How long a stroke stays after its author cleared it, waiting for the stored one to arrive. */
const LINGER_MS = 1500;
/** How often the strokes shown are checked for going quiet. */
const TICK_MS = 1000;
/** Remote strokes in progress are drawn this much lighter than stored ink. */
const LIVE_OPACITY = 0.55;

interface Shown extends RemoteStroke {
  layer: LayerHandle;
  /** Set once its author cleared it: shown until then, without the "… is writing" chip. */
  endedAt: number | null;
}

const inkPath = (p: readonly number[]): string => {
  let d = `M${p[0]} ${p[1]}`;
  if (p.length === 2) return `${d}l0 0`;
  for (let i = 2; i + 1 < p.length; i += 2) d += `L${p[i]} ${p[i + 1]}`;
  return d;
};

/**
 * The strokes other devices are drawing on this page right now (from the layers' awareness),
 * a little transparent, each with a chip saying who writes. A stroke leaves when its author lifts
 * the pen, or disconnects; a lifted one stays until its stored copy arrives (at most `LINGER_MS`),
 * so it does not blink out and back in.
 */
export function LiveStrokes({
  page,
  layers,
  pxPerUnit,
}: {
  page: number;
  layers: readonly LayerHandle[];
  /** CSS pixels per grid unit across the page. */
  pxPerUnit: number;
}): ReactElement {
  const { t } = useTranslation();
  const [, render] = useReducer((n: number) => n + 1, 0);
  const shown = useRef(new Map<string, Shown>());

  // The page redraws on every doc change already; only the awareness needs a subscription.
  const first = layers[0]?.awareness ?? null;
  const second = layers[1]?.awareness ?? null;
  useEffect(() => {
    const sources = [first, second].filter((a) => a !== null);
    for (const a of sources) a.on('change', render);
    return () => {
      for (const a of sources) a.off('change', render);
    };
  }, [first, second]);

  const now = Date.now();
  const next = new Map<string, Shown>();
  for (const layer of layers)
    for (const s of remoteStrokes(layer.awareness, layer.layer, now))
      next.set(s.key, { ...s, layer, endedAt: null });
  for (const [key, old] of shown.current) {
    if (old.endedAt !== null) {
      if (now - old.endedAt < LINGER_MS) next.set(key, old);
      continue;
    }
    const cur = next.get(key);
    if (cur && cur.stroke.id === old.stroke.id) continue;
    // Cleared, or replaced by the author's next stroke: the old one lingers under its own key.
    next.set(`${key}:${old.stroke.id}`, { ...old, endedAt: now });
  }
  // Once the finished stroke is stored, its live copy goes.
  for (const [key, s] of next)
    if (s.layer.doc.getMap(pageRoot(s.stroke.page)).has(s.stroke.id)) next.delete(key);
  shown.current = next;

  const any = next.size > 0;
  useEffect(() => {
    if (!any) return;
    const timer = setInterval(render, TICK_MS / 2);
    return () => clearInterval(timer);
  }, [any]);

  const here = [...next.values()].filter((s) => s.stroke.page === page);
  const writers = here.filter((s) => s.endedAt === null);
  return (
    <>
      {here.length > 0 && (
        <svg
          className="ann-layer__svg ann-live-strokes"
          viewBox={`0 0 ${GRID} ${GRID}`}
          preserveAspectRatio="none"
          aria-hidden="true"
        >
          {here.map(({ key, stroke, user }) =>
            stroke.kind === 'ink' ? (
              <path
                key={key}
                className="ann-ink ann-ink--remote"
                data-author={user.id}
                d={inkPath(stroke.points)}
                stroke={stroke.color}
                strokeOpacity={LIVE_OPACITY}
                strokeWidth={Math.max(1, stroke.width * pxPerUnit)}
              />
            ) : (
              <rect
                key={key}
                className="ann-live-rect ann-live-rect--remote"
                data-author={user.id}
                x={Math.min(stroke.points[0]!, stroke.points[2]!)}
                y={Math.min(stroke.points[1]!, stroke.points[3]!)}
                width={Math.abs(stroke.points[2]! - stroke.points[0]!)}
                height={Math.abs(stroke.points[3]! - stroke.points[1]!)}
                fill={stroke.color}
              />
            ),
          )}
        </svg>
      )}
      {/* Always there, so a screen reader announces the chips as they come. */}
      <div className="ann-live-chips" aria-live="polite">
        {writers.map(({ key, stroke, user }) => {
          const x = stroke.points[stroke.points.length - 2]! / GRID;
          const y = stroke.points[stroke.points.length - 1]! / GRID;
          return (
            <span
              key={key}
              className={x > 0.6 ? 'ann-live-chip is-left' : 'ann-live-chip'}
              style={{ left: `${x * 100}%`, top: `${y * 100}%`, borderColor: stroke.color }}
            >
              {t('annotations.live.writing', { name: user.name || t('annotations.live.someone') })}
            </span>
          );
        })}
      </div>
    </>
  );
}
