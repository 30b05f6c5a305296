import type { AnyRouter } from '@trpc/server';
import { coreMigrations, applyMigrations, type DatabaseHandle, type MigrationSource } from '@zhenxing/db';
import { randomBytes, randomUUID } from 'node:crypto';
import { coreJobs } from './core-jobs.ts';
import { auditRetentionDaysSchema, MIN_AUDIT_RETENTION_DAYS } from './audit-retention.ts';
import { systemClock, silentLogger, type BaseContext, type Clock, type Logger } from './context.ts';
import { EventBus } from './event-bus.ts';
import type { IndicatorDefinition } from './indicators.ts';
import { JobScheduler } from './jobs.ts';
import { ModuleService } from './modules.ts';
import { ParameterStore, seedParameterSets } from './parameters.ts';
import { collectPermissions, permissionsByRole, type PermissionInfo } from './permissions.ts';
import type { AnyPlugin } from './plugin.ts';
import { resolvePluginOrder, PluginGraphError } from './plugin-graph.ts';
import { coreRouters } from './routers/index.ts';
import type { HostRuntime } from './runtime.ts';
import { createCallerFactory, createPluginProcedure, router, type ProcedureMeta, type RuntimeContext } from './trpc.ts';
import type { Role } from './roles.ts';
import { deriveKey } from './secret-key.ts';

type PluginRouterRecord<Plugins extends readonly AnyPlugin[]> = {
  [Plugin in Plugins[number] as Plugin['id']]: ReturnType<Plugin['router']>;
};
type CoreRouterRecord = typeof coreRouters;

/** The root router: core routers plus one sub-router per plugin, mounted at its id. */
export type AppRouterOf<Plugins extends readonly AnyPlugin[]> = ReturnType<typeof router<CoreRouterRecord & PluginRouterRecord<Plugins>>>;

export interface HostOptions<Plugins extends readonly AnyPlugin[]> {
  database: DatabaseHandle;
  plugins: Plugins;
  clock?: Clock;
  logger?: Logger;
  /**
   * The platform secret (`loadSecretKey`). Without it the host uses a random key for its own
   * lifetime: fine for tests, but checkpoints then do not verify after a restart.
   */
  secretKey?: Uint8Array;
  /** Days audit entries are kept; at least 180 (the default). */
  auditRetentionDays?: number;
  /**
   * The second wall: run every request as `zx_app` under PostgreSQL row-level security keyed by
   * the caller's county. Off by default until cross-county checks (e.g. the registry's duplicate
   * ID lookup, PGlite's COPY import) have an explicit elevated path — see docs/architecture.md.
   */
  rowLevelSecurity?: boolean;
}

export type ContextInput = Partial<Omit<BaseContext, 'database' | 'clock' | 'logger'>>;

export interface Host<Plugins extends readonly AnyPlugin[]> {
  readonly plugins: readonly AnyPlugin[];
  readonly router: AppRouterOf<Plugins>;
  readonly runtime: HostRuntime;
  readonly jobs: JobScheduler;
  readonly permissions: readonly PermissionInfo[];
  readonly indicators: ReadonlyMap<string, { plugin: string; indicator: IndicatorDefinition }>;
  readonly database: DatabaseHandle;
  readonly clock: Clock;
  /** Core migrations, then each plugin's, in dependency order; then the parameter-set seeds. */
  migrate(): Promise<void>;
  createContext(input: ContextInput): RuntimeContext;
  createCaller(input: ContextInput): ReturnType<ReturnType<typeof createCallerFactory<AppRouterOf<Plugins>>>>;
  stop(): Promise<void>;
}

/**
 * Loads a plugin list into a running platform: validates the dependency graph, mounts each
 * plugin's router at `trpc.<id>`, registers permissions, indicators, event handlers and jobs.
 * Start-up fails with a clear message on a missing dependency, a cycle, a duplicate id, or a
 * procedure without a declared permission.
 */
export function createHost<const Plugins extends readonly AnyPlugin[]>(options: HostOptions<Plugins>): Host<Plugins> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const ordered = resolvePluginOrder(options.plugins);
  const pluginMap = new Map(ordered.map((plugin) => [plugin.id, plugin]));
  const modules = new ModuleService(pluginMap);
  const parameters = new ParameterStore(options.database);
  const events = new EventBus(ordered, modules, options.database, clock, logger, parameters);
  const permissions = collectPermissions(ordered);
  const byRole = permissionsByRole(permissions);
  const indicators = new Map<string, { plugin: string; indicator: IndicatorDefinition }>();
  for (const plugin of ordered) {
    for (const indicator of plugin.indicators ?? []) {
      const key = `${plugin.id}.${indicator.id}`;
      if (indicators.has(key)) throw new PluginGraphError(`Indicator "${key}" is registered twice.`);
      indicators.set(key, { plugin: plugin.id, indicator });
    }
  }

  // Without a configured secret (tests), a random one: checkpoints and TOTP secrets then live as long as this host.
  const platformSecret = options.secretKey ?? randomBytes(32);
  const runtime: HostRuntime = {
    modules,
    events,
    plugins: pluginMap,
    permissionsOf: (role) => byRole.get(role as Role) ?? new Set(),
    indicators,
    auditCheckpointKey: deriveKey(platformSecret, 'audit-checkpoint'),
    totpKey: deriveKey(platformSecret, 'totp'),
    rowLevelSecurity: options.rowLevelSecurity ?? false,
    parameters,
    auditRetentionDays: auditRetentionDaysSchema.parse(options.auditRetentionDays ?? MIN_AUDIT_RETENTION_DAYS),
  };

  const pluginRouters: Record<string, AnyRouter> = {};
  for (const plugin of ordered) {
    const built = plugin.router({ router, procedure: createPluginProcedure({ id: plugin.id, title: plugin.title }) });
    assertPermissionsDeclared(plugin.id, built);
    pluginRouters[plugin.id] = built;
  }
  assertPermissionsDeclared('core', router(coreRouters));
  const appRouter = router({ ...coreRouters, ...pluginRouters }) as unknown as AppRouterOf<Plugins>;

  const jobs = new JobScheduler(ordered, options.database, modules, events, clock, logger, coreJobs(runtime), parameters);
  const callerFactory = createCallerFactory(appRouter);

  const createContext = (input: ContextInput): RuntimeContext => ({
    db: options.database.db,
    database: options.database,
    user: null,
    session: null,
    locale: 'zh-CN',
    requestId: randomUUID(),
    http: null,
    csrfVerified: false,
    ...input,
    clock,
    logger,
    runtime,
  });

  return {
    plugins: ordered,
    router: appRouter,
    runtime,
    jobs,
    permissions,
    indicators,
    database: options.database,
    clock,
    async migrate() {
      const sources: MigrationSource[] = [coreMigrations];
      for (const plugin of ordered) if (plugin.migrations) sources.push({ owner: plugin.id, folder: plugin.migrations });
      await applyMigrations(options.database, sources);
      // The rules' parameter sets are the store's seeds: published at bootstrap, once.
      await seedParameterSets(options.database, clock.now());
      parameters.invalidate();
    },
    createContext,
    createCaller: (input) => callerFactory(createContext(input)),
    async stop() {
      await jobs.stop();
      await events.idle();
    },
  };
}

/** Every procedure must say which permission it needs, or say it is public. */
function assertPermissionsDeclared(owner: string, built: AnyRouter): void {
  const procedures = built._def.procedures as Record<string, { _def: { meta?: ProcedureMeta } }>;
  for (const [path, procedure] of Object.entries(procedures)) {
    const meta = procedure._def.meta;
    if (!meta?.permission && meta?.public !== true && (owner !== 'core' || meta?.signedIn !== true)) {
      throw new PluginGraphError(
        `${owner === 'core' ? 'Core' : `Plugin "${owner}"`} procedure "${path}" declares no permission. Add .meta({ permission: '…' }) (or { public: true } if it truly is).`,
      );
    }
  }
}
