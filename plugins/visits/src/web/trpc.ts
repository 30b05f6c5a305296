import { pluginTRPC } from '@zhenxing/ui';
import type { visitsPlugin } from '../server/plugin.ts';

/** Typed tRPC for the visits pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof visitsPlugin>();
