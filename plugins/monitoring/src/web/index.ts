/** @zhenxing/plugin-monitoring/web — the admin app's pages and panels for 防止返贫监测帮扶. */
export { monitoringWeb } from './plugin.tsx';

export { monitoringWeb as default } from './plugin.tsx';
