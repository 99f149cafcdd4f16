import type { ReactElement, ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'blue' | 'red' | 'green' | 'grey';

/** A small coloured label for a role or a status. */
export function Badge({
  tone = 'neutral',
  children,
}: {
  tone?: BadgeTone;
  children: ReactNode;
}): ReactElement {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
