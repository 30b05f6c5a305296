/**
 * 监测调度 — data calls with deadlines: the province (or a city) asks counties for a typed form per
 * period, pre-filled from the platform's indicators; county → city review → province accepts or
 * returns; 迟报/漏报 lists; accepted periods sealed and hashed; xlsx export.
 */
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { dispatchModule } from '../index.ts';
import { seedDispatchDemo } from './demo.ts';
import { dispatchIndicators } from './indicators.ts';
import { remindersJob } from './jobs.ts';
import { dispatchRouter } from './router.ts';
import { dispatchSettings } from './settings.ts';
import { dispatchTodos } from './todos.ts';

export const dispatchPlugin = definePlugin({
  module: dispatchModule,
  description: {
    'zh-CN': '省、市向县（区）发起数据调度：按期填报（平台数据预填、更正留痕）、审核退回、迟报漏报、封存与导出。',
    en: 'Data calls from the province or a city to counties: periodic forms pre-filled from the platform, review and return, late lists, sealed periods and export.',
  },
  version: '1.0.0',
  dependsOn: [],
  settings: dispatchSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['dispatch'],
  router: dispatchRouter,
  jobs: [{ id: 'reminders', cron: '*/15 * * * *', run: remindersJob }],
  indicators: dispatchIndicators,
  todos: dispatchTodos,
  demo: seedDispatchDemo,
});

export { dispatchSettings, type DispatchSettings } from './settings.ts';

export default dispatchPlugin;
