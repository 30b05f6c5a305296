import type { Executor } from '@zhenxing/db';
import type { Clock, Logger } from './context.ts';
import type { AuditEntryInput } from './audit.ts';

/**
 * Typed events between plugins. A plugin that publishes an event declares its payload here:
 *
 *   declare module '@zhenxing/core' {
 *     interface EventMap { 'registry.risk-signal': RiskSignal }
 *   }
 *
 * Payloads that concern one county carry `countyCode`: the bus delivers them only to plugins
 * that county has enabled.
 */
export interface EventMap {
  'core.module-changed': { countyCode: string; pluginId: string; enabled: boolean };
}
export type EventName = keyof EventMap & string;

export interface EventHandlerContext {
  db: Executor;
  clock: Clock;
  logger: Logger;
  /** Writes an audit entry attributed to the system, in the handler's transaction. */
  audit(entry: Omit<AuditEntryInput, 'plugin'>): Promise<void>;
  emit<K extends EventName>(name: K, payload: EventMap[K]): void;
  /** The receiving plugin's validated settings for a county (defaults filled in). */
  settingsFor(countyCode: string): Promise<unknown>;
}

export type EventHandler<K extends EventName> = (payload: EventMap[K], context: EventHandlerContext) => Promise<void> | void;
export type EventHandlers = { [K in EventName]?: EventHandler<K> };

export interface PendingEvent {
  name: EventName;
  payload: unknown;
  source: string;
  /** Its row in `core.event_outbox` once recorded in the raising transaction. */
  outboxId?: number;
}
