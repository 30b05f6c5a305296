export type { AppRouter } from './plugins.ts';
export { installedPlugins } from './plugins.ts';
export { buildServer, CLIENT_HEADER, CSRF_HEADER, SESSION_COOKIE } from './http.ts';
export { loadConfig } from './config.ts';
