import { RiseOutlined } from '@ant-design/icons';
import { defineWebPlugin, panel } from '@zhenxing/ui';
import { incomeModule } from '../index.ts';

/** The web side of the income module: ledger, plans, supervision list, employment; the household panel. */
export const incomeWeb = defineWebPlugin({
  module: incomeModule,
  icon: <RiseOutlined />,
  nav: [
    { path: '', title: { 'zh-CN': '收入台账', en: 'Income ledger' }, permission: 'income.read' },
    { path: 'plans', title: { 'zh-CN': '增收计划', en: 'Income plans' }, permission: 'income.read' },
    { path: 'supervision', title: { 'zh-CN': '挂牌督办', en: 'Supervision list' }, permission: 'income.read' },
    { path: 'employment', title: { 'zh-CN': '稳岗就业', en: 'Stable employment' }, permission: 'income.read' },
    { path: 'analysis', title: { 'zh-CN': '收入分析', en: 'Income analysis' }, permission: 'income.read' },
  ],
  routes: [
    { path: '', title: { 'zh-CN': '收入台账', en: 'Income ledger' }, permission: 'income.read', load: () => import('./pages/LedgerPage.tsx') },
    { path: 'plans', title: { 'zh-CN': '增收计划', en: 'Income plans' }, permission: 'income.read', load: () => import('./pages/PlansPage.tsx') },
    {
      path: 'supervision',
      title: { 'zh-CN': '挂牌督办', en: 'Supervision list' },
      permission: 'income.read',
      load: () => import('./pages/SupervisionPage.tsx'),
    },
    {
      path: 'employment',
      title: { 'zh-CN': '稳岗就业', en: 'Stable employment' },
      permission: 'income.read',
      load: () => import('./pages/EmploymentPage.tsx'),
    },
    {
      path: 'analysis',
      title: { 'zh-CN': '收入分析', en: 'Income analysis' },
      permission: 'income.read',
      load: () => import('./pages/AnalysisPage.tsx'),
    },
  ],
  panels: [
    panel('household.detail', {
      title: { 'zh-CN': '收入与增收计划', en: 'Income and plans' },
      permission: 'income.read',
      load: () => import('./panels/HouseholdIncomePanel.tsx'),
    }),
  ],
});
