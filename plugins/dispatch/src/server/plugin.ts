import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { dispatchModule } from '../index.ts';
import { seedDispatchDemo } from './demo.ts';
import { dispatchRouter } from './router.ts';
import { dispatchSettings } from './settings.ts';

/** Dispatch. See README.md. */
export const dispatchPlugin = definePlugin({
  module: dispatchModule,
  version: '0.1.0',
  dependsOn: [],
  settings: dispatchSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['dispatch'],
  router: dispatchRouter,
  demo: seedDispatchDemo,
});

export default dispatchPlugin;
