import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpLink, splitLink, TRPCClientError } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { setUploadCsrfToken, useTRPC as useAnyTRPC } from '@zhenxing/ui';
import type { AppRouter } from '@zhenxing/server';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type SessionInfo = NonNullable<RouterOutputs['auth']['me']>;
export type ModuleInfo = RouterOutputs['modules']['list'][number];

/** The CSRF token of the current session (from auth.login / auth.me / auth.changePassword). */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
  setUploadCsrfToken(token);
}

let onSignedOut: () => void = () => {};
/** Called when any request says the session is gone (expired, ended elsewhere). */
export function handleSignedOut(callback: () => void): void {
  onSignedOut = callback;
}

function isUnauthenticated(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return false;
  const data = error.data as { code?: string; reason?: string } | undefined;
  // A wrong current password (changePassword) answers like a failed login, yet the session lives on.
  return data?.code === 'UNAUTHORIZED' && data.reason !== 'invalid-credentials';
}

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (failures, error) => {
        // Refusals (4xx) are answers, not glitches: never retry them.
        if (error instanceof TRPCClientError && (error.data as { httpStatus?: number } | undefined)?.httpStatus) {
          return (error.data as { httpStatus: number }).httpStatus >= 500 && failures < 2;
        }
        return failures < 2;
      },
    },
  },
  queryCache: new QueryCache({ onError: (error) => isUnauthenticated(error) && onSignedOut() }),
  mutationCache: new MutationCache({ onError: (error) => isUnauthenticated(error) && onSignedOut() }),
});

function requestHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'x-zx-client': '1' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  return headers;
}

export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    // The server refuses batches naming auth.* and batches over 20 calls (apps/server/src/batching.ts).
    splitLink({
      condition: (operation) => operation.path.startsWith('auth.'),
      true: httpLink({ url: '/trpc', headers: requestHeaders }),
      false: httpBatchLink({ url: '/trpc', maxURLLength: 4000, maxItems: 20, headers: requestHeaders }),
    }),
  ],
});

/** Core pages: the options proxy typed over the whole app router. */
export function useTRPC() {
  return useAnyTRPC<AppRouter>();
}
