import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Locale } from '@zhenxing/ui';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { handleSignedOut, setCsrfToken, useTRPC, type SessionInfo } from './trpc.ts';

const LOCALE_KEY = 'zx.locale';

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    /* ignore */
  }
  return 'zh-CN';
}

interface SessionValue {
  /** undefined while the first auth.me is in flight, null when signed out. */
  session: SessionInfo | null | undefined;
  sessionError: unknown;
  retry(): void;
  locale: Locale;
  setLocale(locale: Locale): void;
  /** After login / password change: the new CSRF token, then reload `me`. */
  signedIn(csrfToken: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: Infinity, retry: 1 });
  const [anonymousLocale, setAnonymousLocale] = useState<Locale>(initialLocale);
  const setLocaleMutation = useMutation(trpc.auth.setLocale.mutationOptions());
  const logout = useMutation(trpc.auth.logout.mutationOptions());

  const session = me.data;
  if (session) setCsrfToken(session.csrfToken);

  useEffect(() => {
    handleSignedOut(() => {
      setCsrfToken(null);
      queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    });
  }, [queryClient, trpc]);

  const locale: Locale = session?.user.locale ?? anonymousLocale;
  useEffect(() => {
    document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN';
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      /* ignore */
    }
  }, [locale]);

  const setLocale = useCallback(
    (next: Locale) => {
      setAnonymousLocale(next);
      if (!session) return;
      // Optimistic: the page switches at once; the choice is stored on the user (auth.setLocale).
      const updated: SessionInfo = { ...session, user: { ...session.user, locale: next } };
      queryClient.setQueryData(trpc.auth.me.queryKey(), () => updated);
      setLocaleMutation.mutate({ locale: next }, { onError: () => void me.refetch() });
    },
    [session, queryClient, trpc, setLocaleMutation, me],
  );

  const signedIn = useCallback(
    async (csrfToken: string) => {
      setCsrfToken(csrfToken);
      queryClient.removeQueries({ predicate: (query) => JSON.stringify(query.queryKey[0]) !== JSON.stringify(['auth', 'me']) });
      await me.refetch();
    },
    [queryClient, me],
  );

  const signOut = useCallback(async () => {
    try {
      await logout.mutateAsync();
    } catch {
      // The session may already be gone (expired, ended elsewhere): sign out locally regardless.
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    }
  }, [logout, queryClient, trpc]);

  const value = useMemo<SessionValue>(
    () => ({ session, sessionError: me.error, retry: () => void me.refetch(), locale, setLocale, signedIn, signOut }),
    [session, me, locale, setLocale, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
