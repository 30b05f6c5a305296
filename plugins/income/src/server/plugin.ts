/**
 * 脱贫群众增收 — §2: income tracking (registry years plus in-year changes, by hand or from visits),
 * the income ledger (台账) from the rules' incomeLedgerFlags, income-increase plans (增收计划),
 * 挂牌督办 from the province's growth figures, and 稳岗就业 counts.
 */
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { incomeModule, MAX_FIGURES_FILE_BYTES } from '../index.ts';
import { seedIncomeDemo } from './demo.ts';
import { incomeIndicators } from './indicators.ts';
import { incomeTodos } from './todos.ts';
import { rerunLedgerJob } from './jobs.ts';
import { incomeRouter } from './router.ts';
import { incomeSettings } from './settings.ts';
import { onVisitIncomeChanged } from './visit-income.ts';
import { onJobPlaced, onJobPlacementRemoved } from './assistance-placements.ts';

export const incomePlugin = definePlugin({
  module: incomeModule,
  description: {
    'zh-CN': '脱贫户收入跟踪、收入下降或较低户台账与增收计划、挂牌督办名单、稳岗就业统计。',
    en: 'Income tracking of households lifted out of poverty, the income ledger and income-increase plans, the supervision list, stable employment.',
  },
  version: '1.0.0',
  dependsOn: ['registry'],
  settings: incomeSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['income'],
  router: incomeRouter,
  /** The province's statistics sheet arrives once through the core upload route; the import takes the id. */
  uploads: { figures: { maxBytes: MAX_FIGURES_FILE_BYTES, types: ['xlsx', 'csv'], permission: 'supervision.manage' } },
  on: {
    'visits.income-changed': onVisitIncomeChanged,
    'social-assistance.job-placed': onJobPlaced,
    'social-assistance.job-placement-removed': onJobPlacementRemoved,
  },
  jobs: [{ id: 'ledger-rerun', cron: '30 2 * * *', run: rerunLedgerJob }],
  indicators: incomeIndicators,
  todos: incomeTodos,
  demo: seedIncomeDemo,
});

export { incomeSettings, type IncomeSettings } from './settings.ts';

export default incomePlugin;
