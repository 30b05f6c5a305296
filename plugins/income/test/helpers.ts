import { ZxError } from '@zhenxing/core';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { incomePlugin } from '../src/server/plugin.ts';
import { fallingHousehold } from '../src/testing.ts';

export const VILLAGE = '130609100002';
export const QUIET_VILLAGE = '130609100003';
export const OTHER_COUNTY_VILLAGE = '130602001002';

export const PLUGINS = [registryPlugin, incomePlugin] as const;
export type App = TestApp<typeof PLUGINS>;

export function startApp() {
  return createTestApp({ plugins: PLUGINS, enable: { '130609': ['registry', 'income'], '130602': ['registry', 'income'] } });
}

let sequence = 100;
interface Options {
  village?: string;
  as?: string;
  /** 2026 wages (fen); business and transfers are 100,000 each, two members. */
  wages2026?: number;
  /** 2025 wages (fen), or null for no 2025 record. */
  wages2025?: number | null;
}

/** A 脱贫户 with two members and a 2026 (and by default 2025) income in the registry. */
export async function household(app: TestApp<readonly never[]> | App, options: Options = {}): Promise<{ id: number; villageCode: string }> {
  sequence += 1;
  const village = options.village ?? VILLAGE;
  const caller = (app as App).as(options.as ?? (village.startsWith('130602') ? 'jingxiu' : 'xushui'));
  const created = await caller.registry.households.create(fallingHousehold(village, sequence, options.wages2026 ?? 800_000));
  const wages2025 = options.wages2025 === undefined ? 2_000_000 : options.wages2025;
  if (wages2025 !== null) {
    await caller.registry.incomes.record({
      householdId: created.household.id,
      income: { year: 2025, wagesFen: wages2025, businessFen: 100_000, propertyFen: 0, transfersFen: 100_000, productionCostsFen: 0 },
    });
  }
  return { id: created.household.id, villageCode: village };
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
