import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { classifySendError, type Locale } from '@zhenxing/ui';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isOfflineSession, keepOfflineMark, offlineSession, rememberSession, wipeOfflineStore } from './offline-session.ts';
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
  /**
   * The session comes from the offline snapshot (the server could not be reached at load): the shell
   * opens, nothing is sent until the server confirms the session again (then this turns false).
   */
  sessionOffline: boolean;
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
  const meOptions = trpc.auth.me.queryOptions();
  const fetchMe = meOptions.queryFn;
  const me = useQuery({
    ...meOptions,
    staleTime: Infinity,
    retry: 1,
    // Without network, the last confirmed session (offline-session.ts) opens the shell.
    networkMode: 'always',
    queryFn: async (context) => {
      if (!fetchMe) throw new Error('auth.me has no query function');
      try {
        const fresh = await fetchMe(context);
        await rememberSession(fresh);
        return fresh;
      } catch (error) {
        const remembered = classifySendError(error).outcome === 'unreachable' ? await offlineSession() : null;
        if (remembered) return remembered;
        throw error;
      }
    },
  });
  const [anonymousLocale, setAnonymousLocale] = useState<Locale>(initialLocale);
  const setLocaleMutation = useMutation(trpc.auth.setLocale.mutationOptions());
  const logout = useMutation(trpc.auth.logout.mutationOptions());

  const session = me.data;
  const sessionOffline = isOfflineSession(session);
  if (session && !sessionOffline) setCsrfToken(session.csrfToken);

  // Back online with a remembered session: ask the server again (a fresh CSRF token, or signed out).
  useEffect(() => {
    if (!sessionOffline) return;
    const confirm = () => void me.refetch();
    window.addEventListener('online', confirm);
    return () => window.removeEventListener('online', confirm);
  }, [sessionOffline, me]);

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
      const updated = keepOfflineMark(session, { ...session, user: { ...session.user, locale: next } });
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
      // The user's data leaves the device with them: outbox, saved reads, session snapshot.
      await wipeOfflineStore();
      queryClient.clear();
      queryClient.setQueryData(trpc.auth.me.queryKey(), null);
    }
  }, [logout, queryClient, trpc]);

  const value = useMemo<SessionValue>(
    () => ({ session, sessionOffline, sessionError: me.error, retry: () => void me.refetch(), locale, setLocale, signedIn, signOut }),
    [session, sessionOffline, me, locale, setLocale, signedIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
