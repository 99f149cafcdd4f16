import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches, kept up to date as the tablet rotates. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (notify) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', notify);
      return () => list.removeEventListener('change', notify);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Wide enough for a table (tablet landscape, desktop); narrower screens get cards. */
export const WIDE_QUERY = '(min-width: 1000px)';
