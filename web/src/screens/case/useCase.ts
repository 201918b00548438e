import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api.js';
import { useLive } from '../../lib/live.js';
import type { CaseDetail, Template } from '../../lib/types.js';

export interface Templates {
  readonly items: Template[];
  readonly replyChannels: string[];
}

/** One case with its thread, events, messages and related cases; reloads on its live events. */
export function useCase(id: number) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setDetail(await api<CaseDetail>(`/api/cases/${id}`));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    setDetail(null);
    void load();
  }, [load]);
  useLive((e) => {
    if (e.type === 'case' && e.id === id) void load();
  });
  return { detail, error, reload: load };
}

let templatesCache: Promise<Templates> | null = null;

export function useTemplates(): Templates {
  const [t, setT] = useState<Templates>({ items: [], replyChannels: [] });
  useEffect(() => {
    templatesCache ??= api<Templates>('/api/templates').catch((err: unknown) => {
      templatesCache = null;
      throw err;
    });
    let live = true;
    templatesCache.then(
      (v) => live && setT(v),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return t;
}
