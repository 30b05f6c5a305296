import { randomUUID } from 'node:crypto';
import { defineModule, definePlugin, READ_ROLES, ZxError, type EventMap } from '@zhenxing/core';
import { monitoringPlugin } from '@zhenxing/plugin-monitoring/server';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { z } from 'zod';
import type { RecordVisitInput } from '../src/index.ts';
import { visitsPlugin } from '../src/server/plugin.ts';
import { quietVisit, visitHousehold } from '../src/testing.ts';

export const VILLAGE = '130609100002';
export const OTHER_VILLAGE = '130609101201';

/** What visits raises, as a downstream module (the registry, once it listens) would receive it. */
export const incomeChanges: EventMap['visits.income-changed'][] = [];
export const listenerPlugin = definePlugin({
  module: defineModule({ id: 'listener', title: { 'zh-CN': '事件监听（测试）', en: 'Event listener (test)' }, permissions: { ping: READ_ROLES }, events: {} }),
  version: '1.0.0',
  dependsOn: [],
  settings: z.object({}),
  router: ({ router, procedure }) => router({ ping: procedure.meta({ permission: 'ping' }).query(() => 'pong') }),
  on: { 'visits.income-changed': (payload) => void incomeChanges.push(payload) },
});

export const PLUGINS = [registryPlugin, monitoringPlugin, visitsPlugin, listenerPlugin] as const;
export type App = TestApp<typeof PLUGINS>;

export function startApp() {
  return createTestApp({
    plugins: PLUGINS,
    enable: { '130609': ['registry', 'monitoring', 'visits', 'listener'], '130602': ['registry', 'visits'] },
  });
}

let sequence = 300;
export const REGISTERED_AT = '2026-03-01T01:00:00Z';
/** A household in the registry (as Xushui's admin); its id, members and creation instant. */
export async function household(app: App, options: { village?: string; status?: 'left-poverty' | 'monitored' | 'ordinary'; as?: string } = {}) {
  sequence += 1;
  const village = options.village ?? VILLAGE;
  // Registered on 1 March 2026 (09:00 Shanghai), before every visit the specs record.
  const now = app.clock.now();
  app.clock.set(REGISTERED_AT);
  const created = await app
    .as(options.as ?? 'xushui')
    .registry.households.create(visitHousehold(village, sequence, options.status ?? 'left-poverty'))
    .finally(() => app.clock.set(now.toISOString()));
  return { id: created.household.id, memberIds: created.members.map((member) => member.id), createdAt: created.household.createdAt, villageCode: village };
}

/** A quiet visit (nothing changed, everything secure) with a fresh client id; `overrides` replace fields. */
export function visit(target: { id: number; memberIds: readonly number[] }, visitedAt: string, overrides: Partial<RecordVisitInput> = {}): RecordVisitInput {
  return { ...quietVisit(target.id, target.memberIds, visitedAt, randomUUID()), ...overrides };
}

/** The field paths a refusal names (a ZxError's fieldErrors, or the zod issues of a refused input). */
export async function refusedFields(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZxError) return Object.keys((error.details?.fieldErrors as Record<string, string[]> | undefined) ?? {});
    const cause = (error as { cause?: { issues?: { path: PropertyKey[] }[] } }).cause;
    if (cause?.issues) return cause.issues.map((issue) => issue.path.map(String).join('.'));
    throw error;
  }
  throw new Error('expected the call to be refused');
}
