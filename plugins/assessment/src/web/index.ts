/** @zhenxing/plugin-assessment/web — the admin app's pages for Assessment. */
export { assessmentWeb } from './plugin.tsx';

export { assessmentWeb as default } from './plugin.tsx';
