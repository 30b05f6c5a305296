import { defineModule, definePlugin, EventBus, EventPayloadError, READ_ROLES, type ModuleService, type PendingEvent } from '@zhenxing/core';
import type { DatabaseHandle, Executor } from '@zhenxing/db';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';

/**
 * The emitter's module declares each event's payload schema, and the bus checks every raised event
 * before it is written to the outbox — inside the raising transaction, so a malformed event makes
 * the whole write fail instead of reaching listeners.
 */
const emitterModule = defineModule({
  id: 'emitter',
  title: { 'zh-CN': '发出方', en: 'Emitter' },
  permissions: { read: READ_ROLES },
  events: { happened: z.object({ countyCode: z.string(), amountFen: z.int().min(1) }) },
});
const emitter = definePlugin({ module: emitterModule, version: '1.0.0', settings: z.object({}), router: ({ router }) => router({}) });

const inserted: unknown[] = [];
// Only what `record` touches: an insert that returns ids.
const tx = {
  insert: () => ({
    values: (rows: unknown[]) => {
      inserted.push(...rows);
      return { returning: async () => rows.map((_, index) => ({ id: index + 1 })) };
    },
  }),
} as unknown as Executor;
const bus = new EventBus([emitter], {} as ModuleService, {} as DatabaseHandle, { now: () => new Date('2026-03-01T00:00:00Z') } as never, console as never);
const event = (name: string, payload: unknown, source = 'emitter'): PendingEvent => ({ name: name as PendingEvent['name'], payload, source });

describe('event payloads are validated against the emitter module', () => {
  test('a payload matching the schema is recorded', async () => {
    const recorded = await bus.record(tx, [event('emitter.happened', { countyCode: '130609', amountFen: 100 })]);
    expect(recorded[0]?.outboxId).toBe(1);
  });

  test('a payload that does not match is refused before anything is written', async () => {
    inserted.length = 0;
    await expect(bus.record(tx, [event('emitter.happened', { countyCode: '130609', amountFen: 0 })])).rejects.toThrow(EventPayloadError);
    await expect(bus.record(tx, [event('emitter.happened', { countyCode: '130609' })])).rejects.toThrow(/amountFen/);
    expect(inserted).toEqual([]);
  });

  test('an event no installed module declares, or another module’s event, is refused', async () => {
    await expect(bus.record(tx, [event('emitter.unknown', { countyCode: '130609' })])).rejects.toThrow(/declared by no installed module/);
    await expect(bus.record(tx, [event('emitter.happened', { countyCode: '130609', amountFen: 5 }, 'intruder')])).rejects.toThrow(/only its own events/);
  });

  test('the core’s own events have schemas too', async () => {
    await expect(bus.record(tx, [event('core.module-changed', { countyCode: '130609', pluginId: 'emitter', enabled: true }, 'core')])).resolves.toHaveLength(1);
    await expect(bus.record(tx, [event('core.module-changed', { countyCode: '130609' }, 'core')])).rejects.toThrow(EventPayloadError);
  });
});
