/**
 * 每月入户走访 — §3: 包联 assignments, monthly visits with the 两不愁三保障 + drinking-water
 * checklist, prefill from the last visit and the registry, compliance per month and region,
 * copied-visit flags; findings raise `visits.finding` (monitoring takes them as risk signals) and
 * income changes `visits.income-changed`.
 */
import { fileURLToPath } from 'node:url';
import { definePlugin } from '@zhenxing/core';
import { MAX_PHOTO_BYTES, visitsModule } from '../index.ts';
import { seedVisitsDemo } from './demo.ts';
import { visitsIndicators } from './indicators.ts';
import { visitsRouter } from './router.ts';
import { visitsSettings } from './settings.ts';
import { visitsTodos } from './todos.ts';

export const visitsPlugin = definePlugin({
  module: visitsModule,
  description: {
    'zh-CN': '包联分配、每月入户走访（两不愁三保障与饮水安全清单）、走访合规与疑似复制走访提示。',
    en: 'Cadre assignments, monthly household visits with the basic-needs and drinking-water checklist, compliance and copied-visit flags.',
  },
  version: '1.0.0',
  dependsOn: ['registry'],
  settings: visitsSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['visits'],
  router: visitsRouter,
  indicators: visitsIndicators,
  todos: visitsTodos,
  /** A visit's photos: uploaded before the visit is submitted, kept once it is recorded. */
  uploads: { photo: { maxBytes: MAX_PHOTO_BYTES, types: ['jpeg', 'png', 'webp'], permission: 'visit.record' } },
  demo: seedVisitsDemo,
});

export { visitsSettings, type VisitsSettings } from './settings.ts';
export { complianceSummary, coverageOf } from './compliance.ts';

export default visitsPlugin;
