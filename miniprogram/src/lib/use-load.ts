import { useCallback, useRef, useState } from 'react';
import type { AppError } from '@shared/errors';
import { toAppError } from '../api/errors';

export type Loaded<T> =
  { status: 'loading' } | { status: 'error'; error: AppError } | { status: 'ready'; data: T };

/**
 * One backend read for a page: loading → ready | error, and `reload` for 重试 and for pages that
 * refresh whenever they are shown. A reply that arrives after a newer request is dropped.
 */
export function useLoad<T>(load: () => Promise<T>): [Loaded<T>, () => Promise<void>] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const seq = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    setState((s) => (s.status === 'ready' ? s : { status: 'loading' }));
    try {
      const data = await loadRef.current();
      if (mine === seq.current) setState({ status: 'ready', data });
    } catch (e) {
      if (mine === seq.current) setState({ status: 'error', error: toAppError(e) });
    }
  }, []);

  return [state, reload];
}
