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

export interface PendingEvent {
  name: EventName;
  payload: unknown;
  source: string;
  /** Its row in `core.event_outbox` once recorded in the raising transaction. */
  outboxId?: number;
}
