/** @zhenxing/plugin-dispatch/web — the admin app's pages for Dispatch. */
export { dispatchWeb } from './plugin.tsx';

export { dispatchWeb as default } from './plugin.tsx';
