/** @zhenxing/plugin-social-assistance/web — the admin app's pages for Social Assistance. */
export { socialAssistanceWeb } from './plugin.tsx';

export { socialAssistanceWeb as default } from './plugin.tsx';
