import { pluginTRPC } from '@zhenxing/ui';
import type { incomePlugin } from '../server/plugin.ts';

/** Typed tRPC for the income pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof incomePlugin>();
