import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { visitsModule } from '../index.ts';
import { seedVisitsDemo } from './demo.ts';
import { visitsRouter } from './router.ts';
import { visitsSettings } from './settings.ts';

/** Visits. See README.md. */
export const visitsPlugin = definePlugin({
  module: visitsModule,
  version: '0.1.0',
  dependsOn: [],
  settings: visitsSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['visits'],
  router: visitsRouter,
  demo: seedVisitsDemo,
});

export default visitsPlugin;
