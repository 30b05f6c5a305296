import { pluginTRPC } from '@zhenxing/ui';
import type { registryPlugin } from '@zhenxing/plugin-registry/server';
import type { monitoringPlugin } from '../server/plugin.ts';

/** Typed tRPC for the monitoring pages: only type imports of the server manifests. */
export const { useTRPC } = pluginTRPC<typeof monitoringPlugin>();
/** The registry's household list, for choosing the household of a risk report. */
export const { useTRPC: useRegistryTRPC } = pluginTRPC<typeof registryPlugin>();
