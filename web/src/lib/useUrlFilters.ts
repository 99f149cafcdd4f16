import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * List filters kept in the address (so a reload, the back button or a shared link shows the
 * same list), with a search box that updates the address once the user pauses typing.
 */
export function useUrlFilters<F extends { q: string }>(read: (params: URLSearchParams) => F) {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => read(params), [read, params]);
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [search, setSearch] = useState(filters.q);

  const update = useCallback(
    (changes: Record<string, string>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === '') next.delete(k);
            else next.set(k, v);
          }
          // Any new filter starts again from the first page.
          if (!('offset' in changes)) next.delete('offset');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );

  // Search as the user types, but only once they pause: one request per word, not per key.
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => update({ q: search.trim() }), 300);
    return () => clearTimeout(timer);
  }, [search, filters.q, update]);

  return { params, filters, offset, search, setSearch, update };
}
