/** @zhenxing/plugin-income/web — the admin app's pages for Income. */
export { incomeWeb } from './plugin.tsx';

export { incomeWeb as default } from './plugin.tsx';
