import type { AppRouterOf } from '@zhenxing/core';
import { fundsPlugin } from '@zhenxing/plugin-funds/server';
import { monitoringPlugin } from '@zhenxing/plugin-monitoring/server';
import { projectsPlugin } from '@zhenxing/plugin-projects/server';
import { registryPlugin } from '@zhenxing/plugin-registry/server';

/**
 * The policy modules this server hosts, in any order (the host sorts them by dependency).
 * Adding a module is one import and one entry here; the core does not change.
 */
export const installedPlugins = [fundsPlugin, monitoringPlugin, projectsPlugin, registryPlugin] as const;

export type AppRouter = AppRouterOf<typeof installedPlugins>;
