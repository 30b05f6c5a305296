import { ScheduleOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { dispatchModule } from '../index.ts';

/** The web side of 监测调度: the calls and notices, a call's periods (late list, comparison, export), a county's form. */
export const dispatchWeb = defineWebPlugin({
  module: dispatchModule,
  icon: <ScheduleOutlined />,
  nav: [{ path: '', title: { 'zh-CN': '调度任务', en: 'Data calls' }, permission: 'call.read' }],
  routes: [
    { path: '', title: { 'zh-CN': '调度任务', en: 'Data calls' }, permission: 'call.read', load: () => import('./pages/CallsPage.tsx') },
    { path: 'calls/:id', title: { 'zh-CN': '调度详情', en: 'Data call' }, permission: 'call.read', load: () => import('./pages/CallPage.tsx') },
    {
      path: 'calls/:id/periods/:periodId',
      title: { 'zh-CN': '填报', en: 'Form' },
      permission: 'call.read',
      load: () => import('./pages/FormPage.tsx'),
    },
    {
      path: 'calls/:id/periods/:periodId/townships/:township',
      title: { 'zh-CN': '乡镇分报', en: 'Township sub-report' },
      permission: 'call.read',
      load: () => import('./pages/TownshipPage.tsx'),
    },
  ],
});
