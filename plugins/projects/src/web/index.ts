/** @zhenxing/plugin-projects/web — the admin app's pages for the project library (§5). */
export { projectsWeb } from './plugin.tsx';

export { projectsWeb as default } from './plugin.tsx';
