import { auditRouter } from './audit.ts';
import { authRouter } from './auth.ts';
import { indicatorsRouter } from './indicators.ts';
import { modulesRouter } from './modules.ts';
import { parametersRouter } from './parameters.ts';
import { regionsRouter } from './regions.ts';
import { securityRouter } from './security.ts';
import { systemRouter } from './system.ts';
import { todosRouter } from './todos.ts';
import { usersRouter } from './users.ts';

/** The core's own routers, mounted beside the plugins' ones. */
export const coreRouters = {
  system: systemRouter,
  auth: authRouter,
  regions: regionsRouter,
  modules: modulesRouter,
  users: usersRouter,
  security: securityRouter,
  audit: auditRouter,
  indicators: indicatorsRouter,
  parameters: parametersRouter,
  todos: todosRouter,
};

/** Top-level API names the core owns; a plugin id may not take one (the scaffold checks it). */
export const coreRouterNames: readonly string[] = Object.keys(coreRouters);
