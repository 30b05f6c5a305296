import { AppstoreOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { visitsModule } from '../index.ts';

/** The web side of Visits: one page with its nav entry. */
export const visitsWeb = defineWebPlugin({
  module: visitsModule,
  icon: <AppstoreOutlined />,
  nav: [{ path: '', title: { 'zh-CN': '走访记录', en: 'Visits' }, permission: 'visit.read' }],
  routes: [{ path: '', title: { 'zh-CN': '走访记录', en: 'Visits' }, permission: 'visit.read', load: () => import('./pages/VisitsPage.tsx') }],
});
