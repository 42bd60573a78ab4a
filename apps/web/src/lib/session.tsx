import { API } from '@stint/domain';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiFailure, call } from './api.ts';
import { queryClient } from './queries.ts';
import type { User } from './types.ts';

interface SessionState {
  user: User | null;
  loading: boolean;
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      setUser((await call(API.me)).user);
    } catch (error) {
      if (!(error instanceof ApiFailure) || error.status === 401) setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);
  const logout = useCallback(async () => {
    await call(API.logout).catch(() => undefined);
    // Another person may sign in next in this tab: nothing of this one's answers stays.
    queryClient.clear();
    setUser(null);
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <SessionContext.Provider value={{ user, loading, refresh, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
