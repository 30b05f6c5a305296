import { FundOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { fundsModule } from '../index.ts';

/** The web side of 衔接资金 (§4): the industry-share and spending dashboard, batches, allocations. */
export const fundsWeb = defineWebPlugin({
  module: fundsModule,
  icon: <FundOutlined />,
  nav: [
    { path: '', title: { 'zh-CN': '产业占比与支出', en: 'Industry share and spending' }, permission: 'fund.read' },
    { path: 'batches', title: { 'zh-CN': '资金批次', en: 'Batches' }, permission: 'fund.read' },
    { path: 'allocations', title: { 'zh-CN': '资金安排', en: 'Allocations' }, permission: 'fund.read' },
  ],
  routes: [
    {
      path: '',
      title: { 'zh-CN': '产业占比与支出', en: 'Industry share and spending' },
      permission: 'fund.read',
      load: () => import('./pages/FundsOverview.tsx'),
    },
    { path: 'batches', title: { 'zh-CN': '资金批次', en: 'Batches' }, permission: 'fund.read', load: () => import('./pages/Batches.tsx') },
    { path: 'allocations', title: { 'zh-CN': '资金安排', en: 'Allocations' }, permission: 'fund.read', load: () => import('./pages/Allocations.tsx') },
  ],
});
