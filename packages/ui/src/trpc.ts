import type { AnyTRPCRouter, TRPCBuiltRouter } from '@trpc/server';
import { createTRPCContext, type TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { TRPCClient } from '@trpc/client';
import type { QueryClient } from '@tanstack/react-query';
import type { FC, ReactNode } from 'react';

/**
 * One tRPC context for the whole admin app. The app provides it (`ZxTRPCProvider`) with its
 * client; core pages read it typed over the app's router, plugin pages typed over their own.
 */
const context = createTRPCContext<AnyTRPCRouter>();

export const ZxTRPCProvider = context.TRPCProvider as unknown as FC<{
  children: ReactNode;
  queryClient: QueryClient;
  /** The app's `createTRPCClient<AppRouter>(...)`; any router type is accepted here. */
  trpcClient: unknown;
}>;

/** The options proxy, typed over any router type: `useTRPC<AppRouter>()`. */
export function useTRPC<TRouter extends AnyTRPCRouter>(): TRPCOptionsProxy<TRouter> {
  return context.useTRPC() as unknown as TRPCOptionsProxy<TRouter>;
}

export function useTRPCClient<TRouter extends AnyTRPCRouter>(): TRPCClient<TRouter> {
  return context.useTRPCClient() as unknown as TRPCClient<TRouter>;
}

/** Anything shaped like a server plugin definition (`definePlugin({...})` from @zhenxing/core). */
export interface PluginLike {
  id: string;
  router: (...args: never[]) => AnyTRPCRouter;
}

/** The slice of the app router a plugin mounts: `{ [id]: plugin router }`, with the host's error shape. */
export type PluginAppRouter<P extends PluginLike> = TRPCBuiltRouter<
  ReturnType<P['router']>['_def']['_config']['$types'],
  { [K in P['id']]: ReturnType<P['router']>['_def']['record'] }
>;

/**
 * Typed tRPC for a plugin's web pages, with only a type import of its server manifest:
 *
 * ```ts
 * // plugins/registry/src/web/trpc.ts
 * import type { registryPlugin } from '../server/plugin.ts';
 * export const { useTRPC } = pluginTRPC<typeof registryPlugin>();
 * // in a page
 * const trpc = useTRPC();
 * useQuery(trpc.registry.households.list.queryOptions({ regionCode }));
 * ```
 */
export function pluginTRPC<P extends PluginLike>(): { useTRPC: () => TRPCOptionsProxy<PluginAppRouter<P>> } {
  return { useTRPC: () => useTRPC<PluginAppRouter<P>>() };
}
