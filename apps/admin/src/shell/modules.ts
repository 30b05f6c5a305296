import { useQuery } from '@tanstack/react-query';
import { useOfflineQueryOptions, useShell } from '@zhenxing/ui';
import { useTRPC } from '../trpc.ts';

/**
 * Installed modules with their state for the selected region and the caller's permissions in each.
 * Available offline (no personal data in it): the menu and the module pages open without network.
 */
export function useModules() {
  const trpc = useTRPC();
  const { region } = useShell();
  return useQuery({ ...useOfflineQueryOptions(trpc.modules.list.queryOptions({ regionCode: region.code })), staleTime: 60_000 });
}

/** `case.read` (relative to a module) → `monitoring.case.read`. */
export function modulePermission(moduleId: string, permission: string): string {
  return `${moduleId}.${permission}`;
}
