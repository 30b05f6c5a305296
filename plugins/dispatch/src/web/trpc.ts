import { pluginTRPC } from '@zhenxing/ui';
import type { dispatchPlugin } from '../server/plugin.ts';

/** Typed tRPC for the dispatch pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof dispatchPlugin>();
