import { fileURLToPath } from 'node:url';
import { fundsModule } from '../index.ts';
import { definePlugin } from '@zhenxing/core';
import { seedFundsDemo } from './demo.ts';
import { fundsIndicators } from './indicators.ts';
import { fundsRouter } from './router.ts';
import { fundsSettings } from './settings.ts';
import { recordProjectPayment } from './spending-from-projects.ts';

/**
 * 衔接推进乡村振兴补助资金 (§4). Batches received per year and level with 文号; allocations to
 * uses and projects (id + title only); live industry share and spending progress. Works alone
 * (spending entered by hand) or beside `projects` (its payments become spending; allocations to a
 * project are announced with `funds.allocated`). See README.md.
 */
export const fundsPlugin = definePlugin({
  module: fundsModule,
  version: '1.0.0',
  dependsOn: [],
  settings: fundsSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['funds'],
  router: fundsRouter,
  on: { 'projects.payment-made': recordProjectPayment },
  indicators: fundsIndicators,
  demo: seedFundsDemo,
});

export default fundsPlugin;
