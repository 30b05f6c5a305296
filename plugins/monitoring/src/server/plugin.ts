/**
 * 防止返贫监测帮扶 — §1 早宽简实: risk signals from every source (self-report, cadre screening,
 * department warnings via `registry.risk-signal`, visits) → identification case with the 15-day
 * clock and its steps → monitoring object → assistance measures (缺什么补什么) → risk elimination.
 */
import { monitoringModule } from '../index.ts';
import { definePlugin } from '@zhenxing/core';
import { fileURLToPath } from 'node:url';
import { scanDeadlines } from './deadline-scan.ts';
import { seedDemo } from './demo.ts';
import { onRiskSignal } from './department-signals.ts';
import { onVisitFinding } from './visit-findings.ts';
import { monitoringIndicators } from './indicators.ts';
import { monitoringRouter } from './router.ts';
import { monitoringSettings } from './settings.ts';
import { monitoringTodos } from './todos.ts';

export const monitoringPlugin = definePlugin({
  module: monitoringModule,
  description: {
    'zh-CN': '风险线索、认定程序（15天时限）、绿色通道、帮扶措施、风险消除与监测看板。',
    en: 'Risk signals, identification with the 15-day clock, green channel, assistance measures, risk elimination and dashboards.',
  },
  version: '1.0.0',
  dependsOn: ['registry'],
  settings: monitoringSettings,
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['monitoring'],
  router: monitoringRouter,
  on: { 'registry.risk-signal': onRiskSignal, 'visits.finding': onVisitFinding },
  jobs: [{ id: 'deadline-scan', cron: '*/15 * * * *', run: scanDeadlines }],
  indicators: monitoringIndicators,
  todos: monitoringTodos,
  demo: seedDemo,
});

export { monitoringSettings, type MonitoringSettings } from './settings.ts';
export { liveSummary, liveTrend, scopeFor } from './dashboard.ts';
export { dashboardSummary, dashboardTrend, rebuildCountyTallies, talliesOf } from './figures.ts';

export default monitoringPlugin;
