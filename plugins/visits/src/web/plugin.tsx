import { AppstoreOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { visitsModule } from '../index.ts';

/** The web side of Visits: one page with its nav entry. */
export const visitsWeb = defineWebPlugin({
  module: visitsModule,
  icon: <AppstoreOutlined />,
  nav: [{ path: '', title: { 'zh-CN': '记录', en: 'Records' }, permission: 'item.read' }],
  routes: [{ path: '', title: { 'zh-CN': '记录', en: 'Records' }, permission: 'item.read', load: () => import('./pages/Items.tsx') }],
});
