import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '@shared/errors';
import { toAppError } from '../api/errors';
import { toast } from './toast';

export interface Paged<T> {
  status: 'loading' | 'error' | 'ready';
  error: AppError | null;
  items: T[];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
  /** From page 1 again (after a change, or 重试). */
  reload: () => Promise<void>;
}

/**
 * A page-numbered list (`page`, `pageSize` → `{items, total}`) with 加载更多. `key` names what is
 * listed: when it changes the list starts again. Replies to an older key are dropped.
 */
export function usePaged<T>(
  fetchPage: (page: number) => Promise<{ items: T[]; total: number }>,
  key: string,
  idOf: (item: T) => string,
): Paged<T> {
  const [state, setState] = useState<{ status: Paged<T>['status']; error: AppError | null }>({
    status: 'loading',
    error: null,
  });
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(1);
  const [loadingMore, setLoadingMore] = useState(false);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading', error: null }));
    try {
      const r = await fetchRef.current(1);
      if (mine !== seq.current) return;
      setItems(r.items);
      setTotal(r.total);
      setPage(1);
      setState({ status: 'ready', error: null });
    } catch (e) {
      if (mine === seq.current) setState({ status: 'error', error: toAppError(e) });
    }
  }, []);

  useEffect(() => {
    setItems([]);
    setState({ status: 'loading', error: null });
    void reload();
  }, [key, reload]);

  const loadMore = async () => {
    const mine = seq.current;
    setLoadingMore(true);
    try {
      const r = await fetchRef.current(page + 1);
      if (mine !== seq.current) return;
      setItems((shown) => {
        const ids = new Set(shown.map(idOf));
        return [...shown, ...r.items.filter((i) => !ids.has(idOf(i)))];
      });
      setTotal(r.total);
      setPage(page + 1);
    } catch (e) {
      toast(toAppError(e).message);
    } finally {
      setLoadingMore(false);
    }
  };

  return {
    ...state,
    items,
    total,
    hasMore: items.length < total,
    loadingMore,
    loadMore,
    reload,
  };
}
