import { eventOutbox, queryRows, type DatabaseHandle, type Executor } from '@zhenxing/db';
import { and, asc, eq, lt, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { appendAudit } from './audit.ts';
import type { Clock, Logger } from './context.ts';
import type { EventMap, EventName, PendingEvent } from './events.ts';
import type { ModuleService } from './modules.ts';
import { ParameterStore } from './parameters.ts';
import type { AnyPluginManifest } from './plugin-manifest.ts';
import { systemAccess, systemActor, todayOf } from './module-context.ts';

export interface DeliveryRecord {
  event: EventName;
  plugin: string;
  outcome: 'delivered' | 'skipped-module-disabled' | 'already-delivered' | 'failed';
  error?: string;
}

/**
 * Typed event bus with a durable outbox. Events raised by a write are recorded in
 * `core.event_outbox` inside that write's transaction, so they exist exactly when the write
 * committed; after commit they are delivered one at a time in publication order to each subscribed
 * plugin (in plugin dependency order). Each handler runs in its own transaction, which also marks
 * the event delivered to that plugin — so a handler's effects and its "done" mark commit together,
 * and a redelivery (after a crash, or a failed handler) skips plugins already served. Events of a
 * county go only to plugins that county has enabled. A failing handler is logged, does not stop
 * the others, and is retried by `redeliver` (start-up and the scheduler's poll) up to
 * MAX_ATTEMPTS times.
 */
export const MAX_ATTEMPTS = 5;

/** The core's own events (the plugins declare theirs in their module's `events`). */
export const CORE_EVENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  'core.module-changed': z.object({ countyCode: z.string(), pluginId: z.string(), enabled: z.boolean() }),
};

/** Thrown inside the raising transaction, so a write that emits a malformed event does not commit. */
export class EventPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventPayloadError';
  }
}

export class EventBus {
  private queue: Promise<void> = Promise.resolve();
  /** Outbox rows published by this process and not yet settled (not picked up again by redeliver). */
  private readonly inFlight = new Set<number>();
  readonly deliveries: DeliveryRecord[] = [];
  /** Payload schema of every event an installed module (or the core) publishes, by full name. */
  private readonly schemas: ReadonlyMap<string, z.ZodType>;

  constructor(
    private readonly plugins: readonly AnyPluginManifest[],
    private readonly modules: ModuleService,
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly parameters: ParameterStore = new ParameterStore(database),
  ) {
    const schemas = new Map<string, z.ZodType>(Object.entries(CORE_EVENT_SCHEMAS));
    for (const plugin of plugins) {
      for (const [name, schema] of Object.entries(plugin.module.events)) schemas.set(`${plugin.id}.${name}`, schema);
    }
    this.schemas = schemas;
  }

  /** Records events in the raising transaction (the durable half of publishing). */
  async record(tx: Executor, events: readonly PendingEvent[]): Promise<PendingEvent[]> {
    if (events.length === 0) return [];
    for (const event of events) this.validate(event);
    const rows = await tx
      .insert(eventOutbox)
      .values(events.map((event) => ({ name: event.name, payload: event.payload ?? null, source: event.source, createdAt: this.clock.now() })))
      .returning({ id: eventOutbox.id });
    return events.map((event, index) => ({ ...event, outboxId: rows[index]?.id }));
  }

  /** Delivers recorded events after their transaction committed. */
  publish(events: readonly PendingEvent[]): void {
    for (const event of events) {
      if (event.outboxId !== undefined) this.inFlight.add(event.outboxId);
      this.queue = this.queue.then(() => this.deliver(event));
    }
  }

  /** Records (outside any transaction) and publishes a system event. */
  async emitNow<K extends EventName>(name: K, payload: EventMap[K], source = 'system'): Promise<void> {
    this.publish(await this.record(this.database.db, [{ name, payload, source }]));
  }

  /**
   * Publishes again the outbox rows not fully delivered (a crash between commit and delivery, or a
   * failed handler), oldest first, skipping those this process is still delivering. Rows younger
   * than `olderThanMs` are left to the process that raised them.
   */
  async redeliver(olderThanMs = 60_000): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - olderThanMs);
    const rows = await this.database.db
      .select()
      .from(eventOutbox)
      .where(and(lt(eventOutbox.attempts, MAX_ATTEMPTS), lte(eventOutbox.createdAt, cutoff)))
      .orderBy(asc(eventOutbox.id))
      .limit(1000);
    const again = rows.filter((row) => !this.inFlight.has(row.id));
    this.publish(again.map((row) => ({ name: row.name as EventName, payload: row.payload, source: row.source, outboxId: row.id })));
    return again.length;
  }

  /** Resolves when every event published so far (and those its handlers raised) is delivered. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  private async deliver(event: PendingEvent): Promise<void> {
    const countyCode = (event.payload as { countyCode?: unknown } | null)?.countyCode;
    const id = event.outboxId;
    let failures = 0;
    let lastError: string | null = null;
    for (const plugin of this.plugins) {
      const handler = plugin.on?.[event.name] as ((payload: unknown, context: unknown) => unknown) | undefined;
      if (!handler) continue;
      if (typeof countyCode === 'string' && !(await this.modules.isEnabled(this.database.db, plugin.id, countyCode))) {
        this.deliveries.push({ event: event.name, plugin: plugin.id, outcome: 'skipped-module-disabled' });
        continue;
      }
      let raised: PendingEvent[] = [];
      try {
        const parameters = await this.parameters.snapshot();
        const delivered = await this.database.db.transaction(async (tx) => {
          // The row lock makes concurrent redeliveries (other instances) wait, then skip.
          if (id !== undefined && !(await this.claim(tx, id, plugin.id))) return false;
          const pending: PendingEvent[] = [];
          const actor = systemActor(plugin.id);
          const county = typeof countyCode === 'string' ? countyCode : null;
          // The event's county, when it names one, is the handler's scope; otherwise every enabled county.
          const counties = county ? [county] : await this.modules.enabledCounties(tx, plugin.id, '');
          await handler(event.payload, {
            db: tx,
            access: systemAccess(plugin, counties),
            settings: county ? await this.modules.settings(tx, plugin.id, county) : null,
            settingsFor: (other: string) => this.modules.settings(tx, plugin.id, other),
            audit: (entry: Parameters<typeof appendAudit>[2]) => appendAudit(tx, actor, { ...entry, plugin: plugin.id }, this.clock.now()),
            emit: (name: EventName, payload: unknown) => pending.push({ name, payload, source: plugin.id }),
            parameters,
            clock: this.clock,
            today: todayOf(this.clock),
            logger: this.logger,
            actor,
          });
          raised = await this.record(tx, pending);
          if (id !== undefined)
            await tx
              .update(eventOutbox)
              .set({ deliveredTo: sql`array_append(${eventOutbox.deliveredTo}, ${plugin.id})` })
              .where(eq(eventOutbox.id, id));
          return true;
        });
        this.deliveries.push({ event: event.name, plugin: plugin.id, outcome: delivered ? 'delivered' : 'already-delivered' });
        this.publish(raised);
      } catch (error) {
        failures += 1;
        lastError = error instanceof Error ? error.message : String(error);
        this.deliveries.push({ event: event.name, plugin: plugin.id, outcome: 'failed', error: lastError });
        this.logger.error({ event: event.name, plugin: plugin.id, err: lastError }, 'event handler failed');
      }
    }
    if (id === undefined) return;
    this.inFlight.delete(id);
    try {
      if (failures === 0) await this.database.db.delete(eventOutbox).where(eq(eventOutbox.id, id));
      else
        await this.database.db
          .update(eventOutbox)
          .set({ attempts: sql`${eventOutbox.attempts} + 1`, lastError })
          .where(eq(eventOutbox.id, id));
    } catch (error) {
      this.logger.error({ event: event.name, err: String(error) }, 'event outbox update failed');
    }
  }

  /** The emitter's module declares the payload schema; anything else is a programming error. */
  private validate(event: PendingEvent): void {
    const schema = this.schemas.get(event.name);
    if (!schema) throw new EventPayloadError(`Event "${event.name}" (raised by ${event.source}) is declared by no installed module`);
    const owner = event.name.slice(0, event.name.indexOf('.'));
    if (owner !== event.source && event.source !== 'system' && owner !== 'core') {
      throw new EventPayloadError(`Plugin "${event.source}" may not raise "${event.name}": a module raises only its own events`);
    }
    const parsed = schema.safeParse(event.payload);
    if (!parsed.success) {
      throw new EventPayloadError(`Event "${event.name}" payload does not match its schema: ${z.prettifyError(parsed.error)}`);
    }
  }

  /** Locks the outbox row; false when it is gone (fully delivered) or already delivered to `plugin`. */
  private async claim(tx: Executor, id: number, plugin: string): Promise<boolean> {
    const [row] = await queryRows<{ delivered: boolean }>(
      tx,
      sql`
      select ${plugin}::text = any(delivered_to) as delivered from core.event_outbox where id = ${id} for update`,
    );
    return row !== undefined && !row.delivered;
  }
}
