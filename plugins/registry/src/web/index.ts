/** @zhenxing/plugin-registry/web — the admin app's pages for 农户信息. */
export { registryWeb } from './plugin.tsx';

export { registryWeb as default } from './plugin.tsx';
