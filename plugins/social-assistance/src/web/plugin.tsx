import { TeamOutlined } from '@ant-design/icons';
import { defineWebPlugin, panel } from '@zhenxing/ui';
import { socialAssistanceModule } from '../index.ts';

/** The web side of 社会帮扶: progress (the dashboard), relationships with targets and results, leader packages, consumption purchases, the problem list; a home-page panel. */
export const socialAssistanceWeb = defineWebPlugin({
  module: socialAssistanceModule,
  icon: <TeamOutlined />,
  nav: [
    { path: '', title: { 'zh-CN': '帮扶进度', en: 'Progress' }, permission: 'assistance.read' },
    { path: 'relationships', title: { 'zh-CN': '帮扶关系', en: 'Relationships' }, permission: 'assistance.read' },
    { path: 'packages', title: { 'zh-CN': '省领导包联组', en: 'Leader packages' }, permission: 'assistance.read' },
    { path: 'purchases', title: { 'zh-CN': '消费帮扶', en: 'Consumption assistance' }, permission: 'assistance.read' },
    { path: 'problems', title: { 'zh-CN': '包联问题整改', en: 'Inspection problems' }, permission: 'assistance.read' },
  ],
  routes: [
    { path: '', title: { 'zh-CN': '帮扶进度', en: 'Progress' }, permission: 'assistance.read', load: () => import('./pages/ProgressPage.tsx') },
    {
      path: 'relationships',
      title: { 'zh-CN': '帮扶关系', en: 'Relationships' },
      permission: 'assistance.read',
      load: () => import('./pages/RelationshipsPage.tsx'),
    },
    {
      path: 'packages',
      title: { 'zh-CN': '省领导包联组', en: 'Leader packages' },
      permission: 'assistance.read',
      load: () => import('./pages/PackagesPage.tsx'),
    },
    {
      path: 'purchases',
      title: { 'zh-CN': '消费帮扶', en: 'Consumption assistance' },
      permission: 'assistance.read',
      load: () => import('./pages/PurchasesPage.tsx'),
    },
    {
      path: 'problems',
      title: { 'zh-CN': '包联问题整改', en: 'Inspection problems' },
      permission: 'assistance.read',
      load: () => import('./pages/ProblemsPage.tsx'),
    },
  ],
  panels: [
    panel('region.dashboard', {
      title: { 'zh-CN': '社会帮扶', en: 'Social assistance' },
      permission: 'assistance.read',
      load: () => import('./panels/AssistancePanel.tsx'),
    }),
  ],
});
