import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, setCsrfToken, UNAUTHORIZED_EVENT } from './api.js';
import type { Me } from './types.js';

export interface Session {
  readonly me: Me | null;
  readonly loading: boolean;
  can(permission: string): boolean;
  signIn(login: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(async () => {
    try {
      const m = await api<Me>('/api/auth/me');
      setCsrfToken(m.csrfToken);
      setMe(m);
    } catch {
      setCsrfToken(null);
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
    const lost = () => {
      setCsrfToken(null);
      setMe(null);
    };
    window.addEventListener(UNAUTHORIZED_EVENT, lost);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, lost);
  }, [load]);

  const value = useMemo<Session>(
    () => ({
      me,
      loading,
      can: (p) => me?.permissions.includes(p) ?? false,
      async signIn(login, password) {
        const r = await api<{ csrfToken: string }>('/api/auth/login', {
          method: 'POST',
          body: { login, password },
        });
        setCsrfToken(r.csrfToken);
        await load();
      },
      async signOut() {
        await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
        setCsrfToken(null);
        setMe(null);
      },
    }),
    [me, loading, load],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
