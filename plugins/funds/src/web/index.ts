/** @zhenxing/plugin-funds/web — the admin app's pages for linkage funds (§4). */
export { fundsWeb } from './plugin.tsx';

export { fundsWeb as default } from './plugin.tsx';
