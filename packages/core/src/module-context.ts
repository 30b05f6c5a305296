/**
 * One context family for module code, whoever runs it: a procedure (a user's request), a job (a
 * cron tick), an event handler (another module's event) or the demo seeder. The names are the same
 * everywhere, so a plugin's service function takes a `ModuleContext<Settings>` and is called from
 * all four without adapters; the core fills each one in (trpc.ts, jobs.ts, event-bus.ts,
 * apps/server bootstrap).
 */
import type { Executor } from '@zhenxing/db';
import { shanghaiDate } from '@zhenxing/rules';
import { AccessScope } from './access.ts';
import type { AuditEntryInput } from './audit.ts';
import type { Clock, Logger } from './context.ts';
import type { EventMap, EventName } from './events.ts';
import type { Localized } from './i18n.ts';
import type { ParameterLookup } from './parameters.ts';

/** Who a write is attributed to: a signed-in user, or the system (`system:<job or plugin>`). */
export interface Actor {
  userId: number | null;
  username: string;
  /** The user's role, or `system`. */
  role: string;
}

export interface ModuleContext<Settings = unknown> {
  /** The transaction of a write (procedure mutation, job tick, handler delivery, demo seeding). */
  db: Executor;
  /**
   * What the code may touch: a request's region inside the user's scope; for system runs, every
   * county where the module is enabled. Queries go through `access.where`, writes `assertRegion`.
   */
  access: AccessScope;
  /** The module's settings for the one county the context is about; null when it spans several. */
  settings: Settings | null;
  /** The module's validated settings of any county (defaults filled in). */
  settingsFor(countyCode: string): Promise<Settings>;
  /** Appends to the hash-chained audit log in the same transaction (a query may not). */
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
  /** Raises an event; it is recorded with the write and delivered after it commits. */
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
  /**
   * The published policy parameters (`core.parameter_sets`), as of the context's start: pass
   * `parameters.inForce(regionCode, date)` to the rules instead of their built-in constants.
   */
  parameters: ParameterLookup;
  clock: Clock;
  /** Today in Asia/Shanghai (YYYY-MM-DD), read from `clock` when the context was made. */
  today: string;
  logger: Logger;
  actor: Actor;
}

/** A cron tick of a plugin job (jobs.ts): once across all server instances. */
export interface JobContext<Settings = unknown> extends ModuleContext<Settings> {
  /** The scheduled time this run stands for (the same on every server instance). */
  tick: Date;
  /** Counties that have the plugin enabled right now (= `access.counties`); a job touches only these. */
  counties: readonly string[];
}

/** A delivery of an event to a listening plugin (event-bus.ts), in its own transaction. */
export type EventContext<Settings = unknown> = ModuleContext<Settings>;

/** What a plugin's demo seeder gets on an empty demo database (synthetic data only). */
export interface DemoContext<Settings = unknown> extends ModuleContext<Settings> {
  /** The richly populated demo county (Xushui, 130609) and its neighbours with a little data. */
  counties: readonly string[];
  /** Deterministic seed, so every demo looks the same. */
  seed: number;
  /** How many households the registry should generate across `counties` (`zx demo --households`). */
  households: number;
}

/** Today in Asia/Shanghai for a clock: the one definition behind every context's `today`. */
export function todayOf(clock: Clock): string {
  return shanghaiDate(clock.now());
}

/** The system actor of a job, handler or seeder (`system:monitoring.deadline-scan`). */
export function systemActor(name: string): Actor {
  return { userId: null, username: `system:${name}`, role: 'system' };
}

/** A system run's scope: every county in `counties`, no user region around it. */
export function systemAccess(plugin: { id: string; title: Localized }, counties: readonly string[]): AccessScope {
  return new AccessScope(plugin.id, plugin.title, '', '', counties, []);
}
