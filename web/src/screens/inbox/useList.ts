import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api.js';

export interface ListState<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly next: string | null;
  readonly loading: boolean;
  readonly error: unknown;
  /** Ids that arrived through a live refresh (highlighted as new). */
  readonly fresh: ReadonlySet<number>;
}

/**
 * A paged list from the API: `url(cursor)` builds the address of a page. Reloads when the key changes;
 * `refresh()` fetches the first page again and marks ids that were not there before as fresh.
 */
export function useList<T extends { id: number }>(
  key: string,
  url: (cursor: string | null) => string,
  enabled = true,
) {
  const [state, setState] = useState<ListState<T>>({
    items: [],
    total: 0,
    next: null,
    loading: true,
    error: null,
    fresh: new Set(),
  });
  const urlRef = useRef(url);
  urlRef.current = url;
  const seq = useRef(0);

  const load = useCallback(async (mode: 'reset' | 'more' | 'refresh', cursor: string | null = null) => {
    const mine = ++seq.current;
    if (mode === 'reset') setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const page = await api<{ items: T[]; total: number; next?: string | null; offset?: number }>(
        urlRef.current(cursor),
      );
      if (mine !== seq.current) return;
      // Cursor APIs say `next`; offset APIs (signals) do not: the next offset is the count loaded so far.
      const nextOf = (loaded: number) =>
        page.next !== undefined ? (page.next ?? null) : loaded < page.total ? String(loaded) : null;
      setState((s) => {
        if (mode === 'more') {
          const items = [...s.items, ...page.items];
          return { ...s, items, total: page.total, next: nextOf(items.length), loading: false };
        }
        const before = new Set(s.items.map((i) => i.id));
        const fresh =
          mode === 'refresh'
            ? new Set(page.items.filter((i) => !before.has(i.id)).map((i) => i.id))
            : new Set<number>();
        const next = nextOf(page.items.length);
        return { items: page.items, total: page.total, next, loading: false, error: null, fresh };
      });
    } catch (error) {
      if (mine === seq.current) setState((s) => ({ ...s, loading: false, error }));
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names the list: a new key loads it anew
  useEffect(() => {
    if (enabled) void load('reset');
  }, [key, load, enabled]);

  return {
    ...state,
    loadMore: () => (state.next ? load('more', state.next) : Promise.resolve()),
    refresh: () => load('refresh'),
    reload: () => load('reset'),
  };
}
