import type { DatabaseHandle } from '@zhenxing/db';
import { appendAudit } from './audit.ts';
import type { Clock, Logger } from './context.ts';
import type { EventMap, EventName, PendingEvent } from './events.ts';
import type { ModuleService } from './modules.ts';
import type { AnyPlugin } from './plugin.ts';

export interface DeliveryRecord {
  event: EventName;
  plugin: string;
  outcome: 'delivered' | 'skipped-module-disabled' | 'failed';
  error?: string;
}

/**
 * In-process, typed event bus. Events raised by a write are published only after its transaction
 * commits, then delivered one at a time in publication order to each subscribed plugin (in plugin
 * dependency order), each handler in its own transaction. Events of a county go only to plugins
 * that county has enabled. A failing handler is logged and does not stop the others.
 */
export class EventBus {
  private queue: Promise<void> = Promise.resolve();
  readonly deliveries: DeliveryRecord[] = [];

  constructor(
    private readonly plugins: readonly AnyPlugin[],
    private readonly modules: ModuleService,
    private readonly database: DatabaseHandle,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  publish(events: readonly PendingEvent[]): void {
    for (const event of events) {
      this.queue = this.queue.then(() => this.deliver(event));
    }
  }

  emitNow<K extends EventName>(name: K, payload: EventMap[K], source = 'system'): void {
    this.publish([{ name, payload, source }]);
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
    const countyCode = (event.payload as { countyCode?: unknown }).countyCode;
    for (const plugin of this.plugins) {
      const handler = plugin.on?.[event.name] as ((payload: unknown, context: unknown) => unknown) | undefined;
      if (!handler) continue;
      if (typeof countyCode === 'string' && !(await this.modules.isEnabled(this.database.db, plugin.id, countyCode))) {
        this.deliveries.push({ event: event.name, plugin: plugin.id, outcome: 'skipped-module-disabled' });
        continue;
      }
      const raised: PendingEvent[] = [];
      try {
        await this.database.db.transaction(async (tx) => {
          await handler(event.payload, {
            db: tx,
            clock: this.clock,
            logger: this.logger,
            audit: (entry: Parameters<typeof appendAudit>[2]) =>
              appendAudit(tx, { userId: null, username: `system:${plugin.id}` }, { ...entry, plugin: plugin.id }, this.clock.now()),
            emit: (name: EventName, payload: unknown) => raised.push({ name, payload, source: plugin.id }),
            settingsFor: (county: string) => this.modules.settings(tx, plugin.id, county),
          });
        });
        this.deliveries.push({ event: event.name, plugin: plugin.id, outcome: 'delivered' });
        this.publish(raised);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.deliveries.push({ event: event.name, plugin: plugin.id, outcome: 'failed', error: message });
        this.logger.error({ event: event.name, plugin: plugin.id, err: message }, 'event handler failed');
      }
    }
  }
}
