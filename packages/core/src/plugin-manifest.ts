/**
 * Everything a plugin declares except its router: what the host's services (modules, events,
 * jobs, uploads) need to know about it. Kept apart from plugin.ts, whose router type comes from
 * trpc.ts, so that the services trpc.ts builds on never import trpc.ts back (no import cycle).
 */
import type { z } from 'zod';
import type { EventMap, EventName } from './events.ts';
import type { Localized } from './i18n.ts';
import type { IndicatorDefinition } from './indicators.ts';
import type { AnyModule } from './module.ts';
import type { DemoContext, EventContext, JobContext } from './module-context.ts';
import type { Role } from './roles.ts';
import type { TodoDefinition } from './todos.ts';
import type { UploadDeclaration } from './upload-types.ts';

/** Plugin ids are stable kebab-case words; the package is `@zhenxing/plugin-<id>`. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface JobDefinition<Settings = unknown> {
  /** Unique within the plugin; the scheduler's key is `<plugin>.<id>`. */
  id: string;
  /** Five-field cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  run(context: JobContext<Settings>): Promise<void>;
}

/*
 * Handlers are declared with method syntax (bivariant parameters) so that a plugin typed with its
 * own settings still fits the host's list of any plugins; the host parses the settings with the
 * plugin's own schema before a handler sees them, so the narrower type is true.
 */
interface EventHandlerMethod<K extends EventName, Settings> {
  handle(payload: EventMap[K], context: EventContext<Settings>): Promise<void> | void;
}
export type EventHandler<K extends EventName, Settings = unknown> = EventHandlerMethod<K, Settings>['handle'];
export type EventHandlers<Settings = unknown> = { [K in EventName]?: EventHandler<K, Settings> };

export interface PluginManifest<Id extends string = string, Settings extends z.ZodType = z.ZodType> {
  id: Id;
  /** From the module (one source for server and web). */
  title: Localized;
  /** The isomorphic module definition this plugin implements (id, title, permissions, events). */
  module: AnyModule;
  version: string;
  description?: Localized;
  dependsOn?: readonly string[];
  /** Per-county settings; `settings.parse({})` must succeed (every field has a default). */
  settings: Settings;
  /** From the module: permission (relative: `case.read` → `monitoring.case.read`) → roles granted it. */
  permissions: Readonly<Record<string, readonly Role[]>>;
  /** drizzle-kit output folder of this plugin's own tables (in a Postgres schema named after the id). */
  migrations?: string;
  /** Postgres schemas this plugin owns; the contract test checks no other plugin touches them. */
  schemas?: readonly string[];
  on?: EventHandlers<z.output<Settings>>;
  jobs?: readonly JobDefinition<z.output<Settings>>[];
  indicators?: readonly IndicatorDefinition[];
  /** Work waiting for a role (待核实, 待走访 …), gathered for each user by the core's `todos.list`. */
  todos?: readonly TodoDefinition[];
  /**
   * Files the plugin accepts through the core upload endpoint, by purpose:
   * `POST /upload/<plugin>/<purpose>` answers `{ uploadId }`, which its procedures then take.
   */
  uploads?: Readonly<Record<string, UploadDeclaration>>;
  /** Fills synthetic demo data for `pnpm start` on an empty embedded database. */
  demo?(context: DemoContext<z.output<Settings>>): Promise<void>;
}

export type AnyPluginManifest = PluginManifest<string, z.ZodType>;
