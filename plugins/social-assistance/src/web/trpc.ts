import { pluginTRPC } from '@zhenxing/ui';
import type { socialAssistancePlugin } from '../server/plugin.ts';

/** Typed tRPC for the social-assistance pages: only a type import of the server manifest. */
export const { useTRPC } = pluginTRPC<typeof socialAssistancePlugin>();
