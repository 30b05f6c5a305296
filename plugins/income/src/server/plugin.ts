import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { incomeModule } from '../index.ts';
import { seedIncomeDemo } from './demo.ts';
import { incomeRouter } from './router.ts';
import { incomeSettings } from './settings.ts';

/** Income. See README.md. */
export const incomePlugin = definePlugin({
  module: incomeModule,
  version: '0.1.0',
  dependsOn: [],
  settings: incomeSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['income'],
  router: incomeRouter,
  demo: seedIncomeDemo,
});

export default incomePlugin;
