import { pluginTRPC } from '@zhenxing/ui';
import type { assessmentPlugin } from '../server/plugin.ts';

/** Typed tRPC for the assessment pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof assessmentPlugin>();
