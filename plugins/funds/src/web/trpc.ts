import { pluginTRPC } from '@zhenxing/ui';
import type { fundsPlugin } from '../server/plugin.ts';

/** Typed tRPC for the funds pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof fundsPlugin>();
