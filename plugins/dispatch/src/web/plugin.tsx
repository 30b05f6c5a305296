import { ScheduleOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { dispatchModule } from '../index.ts';

/** The web side of 监测调度: the calls, a call's periods and forms, notices. */
export const dispatchWeb = defineWebPlugin({
  module: dispatchModule,
  icon: <ScheduleOutlined />,
  nav: [{ path: '', title: { 'zh-CN': '调度任务', en: 'Data calls' }, permission: 'call.read' }],
  routes: [{ path: '', title: { 'zh-CN': '调度任务', en: 'Data calls' }, permission: 'call.read', load: () => import('./pages/CallsPage.tsx') }],
});
