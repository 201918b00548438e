import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../i18n/index.js';
import { api } from './api.js';
import { useSession } from './session.js';
import type { District, Executor, Names, Organisation, Region } from './types.js';

export interface Reference {
  readonly region: Region | null;
  readonly districts: readonly District[];
  readonly organisations: readonly Organisation[];
  readonly executors: readonly Executor[];
  /** Loads everything again (after Settings changed organisations or executors). */
  readonly refresh: () => void;
}

const EMPTY: Reference = {
  region: null,
  districts: [],
  organisations: [],
  executors: [],
  refresh: () => undefined,
};
const ReferenceContext = createContext<Reference>(EMPTY);

/** The region's data every screen names things with: districts, organisations, executors. */
export function ReferenceProvider({ children }: { children: ReactNode }) {
  const { me, can } = useSession();
  const [ref, setRef] = useState<Reference>(EMPTY);
  const signedIn = me !== null;
  const casesRead = can('cases:read');
  const load = useCallback(async (): Promise<Omit<Reference, 'refresh'>> => {
    const list = <T,>(path: string, allowed = true) =>
      allowed
        ? api<{ items: T[] }>(path).then(
            (r) => r.items,
            () => [] as T[],
          )
        : Promise.resolve([] as T[]);
    const [d, organisations, executors] = await Promise.all([
      api<{ items: District[]; region: Region | null }>('/api/reference/districts').catch(() => ({
        items: [] as District[],
        region: null,
      })),
      list<Organisation>('/api/reference/organisations'),
      list<Executor>('/api/reference/executors', casesRead),
    ]);
    return { region: d.region, districts: d.items, organisations, executors };
  }, [casesRead]);
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    const refresh = () => {
      void load().then((r) => {
        if (live) setRef({ ...r, refresh });
      });
    };
    refresh();
    return () => {
      live = false;
    };
  }, [signedIn, load]);
  return <ReferenceContext.Provider value={ref}>{children}</ReferenceContext.Provider>;
}

export function useReference(): Reference {
  return useContext(ReferenceContext);
}

export const nameIn = (names: Names) => names[currentLang()];

/** Names of districts, organisations and executors in the interface language. */
export function useNames() {
  const ref = useReference();
  const { i18n } = useTranslation();
  return useMemo(() => {
    const lang = currentLang();
    const d = new Map(ref.districts.map((x) => [x.code, x.name[lang]]));
    const o = new Map(ref.organisations.map((x) => [x.id, x.name[lang]]));
    const e = new Map(ref.executors.map((x) => [x.id, x.name]));
    return {
      district: (code: string | null) => (code ? (d.get(code) ?? code) : null),
      organisation: (id: number | null) => (id === null ? null : (o.get(id) ?? `#${id}`)),
      executor: (id: number | null) => (id === null ? null : (e.get(id) ?? `#${id}`)),
      lang: i18n.language,
    };
  }, [ref, i18n.language]);
}
