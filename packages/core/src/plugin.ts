import type { AnyRouter } from '@trpc/server';
import type { z } from 'zod';
import type { ModuleDefinition, ModuleEventSchemas, PermissionOf } from './module.ts';
import type { PluginManifest } from './plugin-manifest.ts';
import type { TodoDefinition } from './todos.ts';
import type { PluginRouterTools } from './trpc.ts';

export * from './plugin-manifest.ts';

export interface PluginDefinition<
  Id extends string = string,
  Router extends AnyRouter = AnyRouter,
  Settings extends z.ZodType = z.ZodType,
> extends PluginManifest<Id, Settings> {
  router: (tools: PluginRouterTools<z.output<Settings>>) => Router;
}

export type AnyPlugin = PluginDefinition<string, AnyRouter, z.ZodType>;

/** What a plugin's server entry writes: everything but what its module already says. */
export type PluginSpec<M extends ModuleDefinition<string, string, ModuleEventSchemas>, Router extends AnyRouter, Settings extends z.ZodType> = Omit<
  PluginDefinition<M['id'], Router, Settings>,
  'id' | 'title' | 'permissions' | 'module' | 'router' | 'todos'
> & {
  module: M;
  /** To-dos, each gated by one of the module's own permission names. */
  todos?: readonly TodoDefinition<PermissionOf<M>>[];
  /** Every procedure starts with `.meta({ permission })`, one of the module's own permission names. */
  router: (tools: PluginRouterTools<z.output<Settings>, PermissionOf<M>>) => Router;
};

/**
 * Declares the server side of a policy module. The host does the wiring; the plugin only says
 * what it has. Id, title, permissions and events come from `module` (the plugin's `src/index.ts`).
 */
export function definePlugin<const M extends ModuleDefinition<string, string, ModuleEventSchemas>, Router extends AnyRouter, Settings extends z.ZodType>(
  spec: PluginSpec<M, Router, Settings>,
): PluginDefinition<M['id'], Router, Settings> {
  const { module } = spec;
  // The host hands the router the full procedure; the narrower tools type only restricts `meta`.
  return {
    ...spec,
    router: spec.router as PluginDefinition<M['id'], Router, Settings>['router'],
    id: module.id,
    title: module.title,
    permissions: module.permissions,
  };
}
