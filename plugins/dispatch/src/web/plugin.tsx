import { AppstoreOutlined } from '@ant-design/icons';
import { defineWebPlugin } from '@zhenxing/ui';
import { dispatchModule } from '../index.ts';

/** The web side of Dispatch: one page with its nav entry. */
export const dispatchWeb = defineWebPlugin({
  module: dispatchModule,
  icon: <AppstoreOutlined />,
  nav: [{ path: '', title: { 'zh-CN': '记录', en: 'Records' }, permission: 'item.read' }],
  routes: [{ path: '', title: { 'zh-CN': '记录', en: 'Records' }, permission: 'item.read', load: () => import('./pages/Items.tsx') }],
});
