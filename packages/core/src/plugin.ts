import type { AnyRouter } from '@trpc/server';
import type { Executor } from '@zhenxing/db';
import type { z } from 'zod';
import type { AuditEntryInput } from './audit.ts';
import type { Clock, Logger } from './context.ts';
import type { EventHandlers, EventMap, EventName } from './events.ts';
import type { Localized } from './i18n.ts';
import type { IndicatorDefinition } from './indicators.ts';
import type { AnyModule, ModuleDefinition, ModuleEventSchemas } from './module.ts';
import type { Role } from './roles.ts';
import type { PluginRouterTools } from './trpc.ts';
import type { UploadDeclaration } from './upload-types.ts';

/** Plugin ids are stable kebab-case words; the package is `@zhenxing/plugin-<id>`. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface JobRunContext {
  db: Executor;
  clock: Clock;
  logger: Logger;
  /** The scheduled time this run stands for (the same on every server instance). */
  tick: Date;
  /** Counties that have the plugin enabled right now; a job touches only these. */
  counties: readonly string[];
  settingsFor(countyCode: string): Promise<unknown>;
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
}

export interface JobDefinition {
  /** Unique within the plugin; the scheduler's key is `<plugin>.<id>`. */
  id: string;
  /** Five-field cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  run(context: JobRunContext): Promise<void>;
}

/** What a plugin's demo seeder gets on an empty demo database (synthetic data only). */
export interface DemoSeedContext {
  db: Executor;
  clock: Clock;
  logger: Logger;
  /** The richly populated demo county (Xushui, 130609) and its neighbours with a little data. */
  counties: readonly string[];
  /** Deterministic seed, so every demo looks the same. */
  seed: number;
  /** How many households the registry should generate across `counties` (`zx demo --households`). */
  households: number;
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
}

export interface PluginDefinition<
  Id extends string = string,
  Router extends AnyRouter = AnyRouter,
  Settings extends z.ZodType = z.ZodType,
> {
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
  router: (tools: PluginRouterTools<z.output<Settings>>) => Router;
  on?: EventHandlers;
  jobs?: readonly JobDefinition[];
  indicators?: readonly IndicatorDefinition[];
  /**
   * Files the plugin accepts through the core upload endpoint, by purpose:
   * `POST /upload/<plugin>/<purpose>` answers `{ uploadId }`, which its procedures then take.
   */
  uploads?: Readonly<Record<string, UploadDeclaration>>;
  /** Fills synthetic demo data for `pnpm start` on an empty embedded database. */
  demo?: (context: DemoSeedContext) => Promise<void>;
}

export type AnyPlugin = PluginDefinition<string, AnyRouter, z.ZodType>;

/** What a plugin's server entry writes: everything but what its module already says. */
export type PluginSpec<
  M extends ModuleDefinition<string, string, ModuleEventSchemas>,
  Router extends AnyRouter,
  Settings extends z.ZodType,
> = Omit<PluginDefinition<M['id'], Router, Settings>, 'id' | 'title' | 'permissions' | 'module'> & { module: M };

/**
 * Declares the server side of a policy module. The host does the wiring; the plugin only says
 * what it has. Id, title, permissions and events come from `module` (the plugin's `src/index.ts`).
 */
export function definePlugin<const M extends ModuleDefinition<string, string, ModuleEventSchemas>, Router extends AnyRouter, Settings extends z.ZodType>(
  spec: PluginSpec<M, Router, Settings>,
): PluginDefinition<M['id'], Router, Settings> {
  const { module } = spec;
  return { ...spec, id: module.id, title: module.title, permissions: module.permissions };
}
