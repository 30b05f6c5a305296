/**
 * 防止返贫监测帮扶 — §1 早宽简实: risk signals from every source (self-report, cadre screening,
 * department warnings via `registry.risk-signal`, visits) → identification case with the 15-day
 * clock and its steps → monitoring object → assistance measures (缺什么补什么) → risk elimination.
 */
import { definePlugin, READ_ROLES } from '@zhenxing/core';
import { fileURLToPath } from 'node:url';
import { scanDeadlines } from './deadline-scan.ts';
import { seedDemo } from './demo.ts';
import { onRiskSignal } from './department-signals.ts';
import { monitoringIndicators } from './indicators.ts';
import { monitoringRouter } from './router.ts';
import { monitoringSettings } from './settings.ts';

const CADRES = ['county_admin', 'township_officer', 'village_cadre'] as const;

export const monitoringPlugin = definePlugin({
  id: 'monitoring',
  title: { 'zh-CN': '防止返贫监测帮扶', en: 'Return-to-poverty monitoring' },
  description: {
    'zh-CN': '风险线索、认定程序（15天时限）、绿色通道、帮扶措施、风险消除与监测看板。',
    en: 'Risk signals, identification with the 15-day clock, green channel, assistance measures, risk elimination and dashboards.',
  },
  version: '1.0.0',
  dependsOn: ['registry'],
  settings: monitoringSettings,
  permissions: {
    'case.read': READ_ROLES,
    'dashboard.read': READ_ROLES,
    /** The four-category evaluation shows health-derived figures: only the cadres who work with households. */
    'household.evaluate': CADRES,
    'signal.report': CADRES,
    /** 入户核实、数据比对、村民主评议、村内公示. */
    'case.village': ['village_cadre'],
    'case.township-review': ['township_officer'],
    'case.approve': ['county_admin'],
    'case.green-channel': CADRES,
    'measure.write': CADRES,
    'elimination.village': ['village_cadre'],
    'elimination.approve': ['county_admin'],
  },
  migrations: fileURLToPath(new URL('../../drizzle', import.meta.url)),
  schemas: ['monitoring'],
  router: monitoringRouter,
  on: { 'registry.risk-signal': onRiskSignal },
  jobs: [{ id: 'deadline-scan', cron: '*/15 * * * *', run: scanDeadlines }],
  indicators: monitoringIndicators,
  demo: seedDemo,
});

export { monitoringSettings, type MonitoringSettings } from './settings.ts';
export { liveSummary, liveTrend, scopeFor } from './dashboard.ts';
export { dashboardSummary, dashboardTrend, rebuildCountyTallies, talliesOf } from './figures.ts';
