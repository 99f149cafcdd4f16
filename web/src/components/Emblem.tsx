import type { ReactElement } from 'react';

/** The app mark: a gold star on red in a blue ring, the colours of the city's official portals. */
export function Emblem({ size = 40 }: { size?: number }): ReactElement {
  return (
    <svg
      className="emblem"
      width={size}
      height={size}
      viewBox="0 0 64 64"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="32" cy="32" r="31" fill="#ffffff" />
      <circle cx="32" cy="32" r="28" fill="#c8102e" />
      <circle cx="32" cy="32" r="28" fill="none" stroke="#ffcd00" strokeWidth="2" />
      <path
        d="M32 13L36.8 27.9H52.4L39.8 37L44.6 51.9L32 42.7L19.4 51.9L24.2 37L11.6 27.9H27.2z"
        fill="#ffcd00"
      />
    </svg>
  );
}
