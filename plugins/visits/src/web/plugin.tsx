/**
 * The web side of 每月入户走访 for the admin app: record a visit (phone first), visit list,
 * 包联 assignments, compliance dashboard with copied-visit flags, and the household panel.
 * Pages load lazily; this file stays tiny because the admin app imports it eagerly.
 */
import { SolutionOutlined } from '@ant-design/icons';
import { defineWebPlugin, panel } from '@zhenxing/ui';
import { visitsModule } from '../index.ts';
import { recordVisitOffline } from './outbox.ts';

export const visitsWeb = defineWebPlugin({
  module: visitsModule,
  icon: <SolutionOutlined />,
  nav: [
    { path: '', title: { 'zh-CN': '录入走访', en: 'Record a visit' }, permission: 'visit.record' },
    { path: 'list', title: { 'zh-CN': '走访记录', en: 'Visits' }, permission: 'visit.read' },
    { path: 'assignments', title: { 'zh-CN': '包联分配', en: 'Assignments' }, permission: 'visit.read' },
    { path: 'compliance', title: { 'zh-CN': '走访合规', en: 'Compliance' }, permission: 'visit.read' },
  ],
  routes: [
    { path: '', title: { 'zh-CN': '录入走访', en: 'Record a visit' }, permission: 'visit.record', load: () => import('./pages/RecordVisitPage.tsx') },
    { path: 'list', title: { 'zh-CN': '走访记录', en: 'Visits' }, permission: 'visit.read', load: () => import('./pages/VisitsPage.tsx') },
    { path: 'assignments', title: { 'zh-CN': '包联分配', en: 'Assignments' }, permission: 'visit.read', load: () => import('./pages/AssignmentsPage.tsx') },
    { path: 'compliance', title: { 'zh-CN': '走访合规', en: 'Compliance' }, permission: 'visit.read', load: () => import('./pages/CompliancePage.tsx') },
  ],
  outbox: [recordVisitOffline],
  panels: [
    panel('household.detail', {
      title: { 'zh-CN': '每月入户走访', en: 'Monthly visits' },
      permission: 'visit.read',
      load: () => import('./panels/HouseholdVisitsPanel.tsx'),
    }),
  ],
});
