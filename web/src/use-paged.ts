import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Page } from './api/index.ts';

export interface Paged<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

/** A list read page by page with `cursor`/`nextCursor`; starts over when `deps` change. */
export function usePaged<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: readonly unknown[],
): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback((from: string | undefined, append: boolean) => {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    fetchRef.current(from).then(
      (page) => {
        if (mine !== generation.current) return;
        const next = Array.isArray(page?.items) ? page.items : [];
        setItems((previous) => (append ? [...previous, ...next] : next));
        setCursor(page?.nextCursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    load(undefined, false);
  }, [...deps, tick]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== undefined,
    loadMore: () => {
      if (cursor !== undefined) load(cursor, true);
    },
    reload: () => setTick((n) => n + 1),
  };
}
