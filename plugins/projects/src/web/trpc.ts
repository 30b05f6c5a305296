import { pluginTRPC } from '@zhenxing/ui';
import type { projectsPlugin } from '../server/plugin.ts';

/** Typed tRPC for the project pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof projectsPlugin>();
