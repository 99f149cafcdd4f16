import { useCallback, useEffect, useState } from 'react';

/** Loading state of data fetched for a page. */
export type Resource<T> =
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: T | null; error: unknown };

/**
 * Loads data with `load` (memoise it with useCallback: a new function means new data), keeps
 * the previous data while reloading so lists do not flash empty, and ignores stale answers.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> & { reload: () => void; mutate: (change: (data: T) => T) => void } {
  const [state, setState] = useState<Resource<T>>({ status: 'loading', data: null, error: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((prev) => ({ status: 'loading', data: prev.data, error: null }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState((prev) => ({ status: 'error', data: prev.data, error }));
      },
    );
    return () => controller.abort();
  }, [load, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  /** Applies a change that arrived live (a broadcast with the record) without fetching again. */
  const mutate = useCallback((change: (data: T) => T) => {
    setState((prev) => (prev.data === null ? prev : { ...prev, data: change(prev.data) }));
  }, []);
  return { ...state, reload, mutate };
}
