import { systemRouter } from './system.ts';

/** The core's own routers, mounted beside the plugins' ones. */
export const coreRouters = {
  system: systemRouter,
};
