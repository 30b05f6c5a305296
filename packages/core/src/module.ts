/**
 * The isomorphic half of a plugin: what the server (`definePlugin`) and the admin app
 * (`defineWebPlugin`) both need to know, written once in the plugin's `src/index.ts`. This file
 * imports nothing server-only (zod and types), so web bundles may import it through
 * `@zhenxing/core/module`.
 */
import type { z } from 'zod';
import type { Localized } from './i18n.ts';
import type { Role } from './roles.ts';

/** Event payload schemas by event name relative to the module (`allocated` → `funds.allocated`). */
export type ModuleEventSchemas = Readonly<Record<string, z.ZodType>>;

export interface ModuleDefinition<Id extends string = string, Permission extends string = string, Events extends ModuleEventSchemas = ModuleEventSchemas> {
  /** Stable kebab-case id; the package is `@zhenxing/plugin-<id>`. */
  id: Id;
  /** The one title of the module (menu, module list, audit). */
  title: Localized;
  /** Permission (relative to the module: `case.read` → `monitoring.case.read`) → roles granted it. */
  permissions: Readonly<Record<Permission, readonly Role[]>>;
  /**
   * Events this module publishes, as zod payload schemas. `emit` validates the payload against
   * them; a listener imports the payload type from this module's isomorphic entry and subscribes
   * without depending on the module (it then hears the event only where this module is installed).
   */
  events: Events;
}

export type AnyModule = ModuleDefinition<string, string, ModuleEventSchemas>;

/** Relative permission names of a module (`case.read`, …): the type of a nav entry's `permission`. */
export type PermissionOf<M extends AnyModule> = M extends ModuleDefinition<string, infer P, ModuleEventSchemas> ? P : never;

/**
 * A module's events by full name with their payload types. Each plugin merges its own into the
 * core's EventMap:
 *
 *   declare module '@zhenxing/core' { interface EventMap extends ModuleEvents<typeof fundsModule> {} }
 */
export type ModuleEvents<M extends AnyModule> = {
  [K in keyof M['events'] & string as `${M['id']}.${K}`]: z.output<M['events'][K]>;
};

/** Declares the isomorphic part of a policy module (see docs/plugin-guide.md). */
export function defineModule<const Id extends string, const Permission extends string, const Events extends ModuleEventSchemas>(
  definition: ModuleDefinition<Id, Permission, Events>,
): ModuleDefinition<Id, Permission, Events> {
  return definition;
}

export { ADMIN_ROLES, ALL_ROLES, DATA_ROLES, READ_ROLES, ROLES, type Role } from './roles.ts';
