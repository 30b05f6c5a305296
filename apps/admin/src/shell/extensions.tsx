import { useQuery } from '@tanstack/react-query';
import { ExtensionsContext, useOfflineQueryOptions, type ExtensionsValue } from '@zhenxing/ui';
import { useMemo, type ReactNode } from 'react';
import { useTRPC } from '../trpc.ts';
import { webPlugins } from '../web-plugins.ts';

/** Modules enabled for a region, as the extension slots ask (shared cache with the shell's own list). */
function useEnabledModules(regionCode: string): ReadonlySet<string> | null {
  const trpc = useTRPC();
  const modules = useQuery({ ...useOfflineQueryOptions(trpc.modules.list.queryOptions({ regionCode })), staleTime: 60_000 });
  return useMemo(() => (modules.data ? new Set(modules.data.filter((module) => module.enabled).map((module) => module.id)) : null), [modules.data]);
}

const value: ExtensionsValue = { plugins: webPlugins, useEnabledModules };

/** Gives every page's extension slots the installed web plugins and the enabled modules. */
export function ExtensionsProvider({ children }: { children: ReactNode }) {
  return <ExtensionsContext.Provider value={value}>{children}</ExtensionsContext.Provider>;
}
