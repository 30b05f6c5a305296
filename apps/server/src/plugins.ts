import type { AppRouterOf } from '@zhenxing/core';

/**
 * The policy modules this server hosts, in any order (the host sorts them by dependency).
 * Adding a module is one import and one entry here; the core does not change.
 */
export const installedPlugins = [] as const;

export type AppRouter = AppRouterOf<typeof installedPlugins>;
