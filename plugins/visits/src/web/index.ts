/** @zhenxing/plugin-visits/web — the admin app's pages for Visits. */
export { visitsWeb } from './plugin.tsx';

export { visitsWeb as default } from './plugin.tsx';
