import type { ReactElement } from 'react';
import type { Annotation } from '@icabinet/shared';
import { HIGHLIGHT_OPACITY, inkPath } from './pen-input';

const meanPressure = (a: Annotation & { kind: 'ink' }): number => {
  if (!a.pressure || a.pressure.length === 0) return 50;
  return a.pressure.reduce((s, v) => s + v, 0) / a.pressure.length;
};

/** One stored ink stroke; its width follows the pen's mean pressure. */
function InkMark({ a, pxPerUnit }: { a: Annotation & { kind: 'ink' }; pxPerUnit: number }): ReactElement {
  return (
    <path
      className="ann-ink"
      data-id={a.id}
      d={inkPath(a.points)}
      stroke={a.color}
      strokeOpacity={a.opacity ?? 1}
      strokeWidth={Math.max(1, a.width * pxPerUnit * (0.6 + meanPressure(a) / 125))}
    />
  );
}

/** One stored highlight: a rectangle per line. */
function HighlightMark({ a }: { a: Annotation & { kind: 'highlight' } }): ReactElement {
  const rects = [];
  for (let i = 0; i + 3 < a.rects.length; i += 4)
    rects.push(
      <rect key={i} x={a.rects[i]} y={a.rects[i + 1]} width={a.rects[i + 2]} height={a.rects[i + 3]} />,
    );
  return (
    <g className="ann-highlight" data-id={a.id} fill={a.color} fillOpacity={a.opacity ?? HIGHLIGHT_OPACITY}>
      {rects}
    </g>
  );
}

/** The ink and highlights of one layer on one page, in grid units (notes and text boxes are HTML boxes). */
export function AnnotationMarks({
  layer,
  annotations,
  pxPerUnit,
}: {
  layer: string;
  annotations: readonly Annotation[];
  pxPerUnit: number;
}): ReactElement {
  return (
    <g data-layer={layer}>
      {annotations.map((a) => {
        if (a.kind === 'ink') return <InkMark key={a.id} a={a} pxPerUnit={pxPerUnit} />;
        if (a.kind === 'highlight') return <HighlightMark key={a.id} a={a} />;
        return null;
      })}
    </g>
  );
}
