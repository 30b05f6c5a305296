/**
 * The web side of 防止返贫监测帮扶 for the admin app: dashboard, cases (report, detail with the
 * step actions, printable notice), overdue and green-channel lists, risk elimination. Pages load
 * lazily; this file stays tiny because the admin app imports it eagerly.
 */
import { AlertOutlined } from '@ant-design/icons';
import { defineWebPlugin, panel } from '@zhenxing/ui';
import { monitoringModule } from '../index.ts';
import { createElement } from 'react';

export const monitoringWeb = defineWebPlugin({
  module: monitoringModule,
  icon: createElement(AlertOutlined),
  nav: [
    { path: '', title: { 'zh-CN': '监测工作台', en: 'Monitoring dashboard' }, permission: 'dashboard.read' },
    { path: 'cases', title: { 'zh-CN': '风险线索与认定', en: 'Risks and cases' }, permission: 'case.read' },
    { path: 'overdue', title: { 'zh-CN': '逾期与绿色通道', en: 'Overdue & green channel' }, permission: 'case.read' },
    { path: 'eliminations', title: { 'zh-CN': '风险消除', en: 'Risk elimination' }, permission: 'case.read' },
  ],
  routes: [
    { path: '', title: { 'zh-CN': '监测工作台', en: 'Monitoring dashboard' }, permission: 'dashboard.read', load: () => import('./pages/DashboardPage.tsx') },
    { path: 'cases', title: { 'zh-CN': '风险线索与认定', en: 'Risks and cases' }, permission: 'case.read', load: () => import('./pages/CasesPage.tsx') },
    { path: 'cases/:id', title: { 'zh-CN': '认定详情', en: 'Case' }, permission: 'case.read', load: () => import('./pages/CaseDetailPage.tsx') },
    { path: 'cases/:id/notice', title: { 'zh-CN': '村内公示', en: 'Village notice' }, permission: 'case.read', load: () => import('./pages/NoticePage.tsx') },
    {
      path: 'overdue',
      title: { 'zh-CN': '逾期与绿色通道', en: 'Overdue & green channel' },
      permission: 'case.read',
      load: () => import('./pages/OverduePage.tsx'),
    },
    {
      path: 'eliminations',
      title: { 'zh-CN': '风险消除', en: 'Risk elimination' },
      permission: 'case.read',
      load: () => import('./pages/EliminationsPage.tsx'),
    },
  ],
  panels: [
    panel('household.detail', {
      title: { 'zh-CN': '防止返贫监测', en: 'Return-to-poverty monitoring' },
      permission: 'case.read',
      load: () => import('./panels/HouseholdMonitoringPanel.tsx'),
    }),
    panel('region.dashboard', {
      title: { 'zh-CN': '防止返贫监测', en: 'Return-to-poverty monitoring' },
      permission: 'dashboard.read',
      load: () => import('./panels/RegionMonitoringPanel.tsx'),
    }),
    panel('parameters.page', {
      title: { 'zh-CN': '参数试算（本区划农户）', en: 'What-if over this region’s households' },
      permission: 'whatif.run',
      load: () => import('./panels/WhatIfPanel.tsx'),
    }),
  ],
});
