import { randomUUID } from 'node:crypto';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { visitsPlugin } from '@zhenxing/plugin-visits/server';
import { quietVisit } from '@zhenxing/plugin-visits/testing';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomePlugin } from '../src/server/plugin.ts';
import { fallingHousehold } from '../src/testing.ts';

const PLUGINS = [registryPlugin, visitsPlugin, incomePlugin] as const;

/**
 * With the visits module installed, a visit's income change is written to the registry by the visit
 * and read here once (never again as an in-year adjustment); the ledger follows at once.
 */
describe('§3 → §2: visits.income-changed updates the in-year income and the ledger', () => {
  let app: TestApp<typeof PLUGINS>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: PLUGINS, enable: { '130609': ['registry', 'visits', 'income'] }, now: '2026-03-01T01:00:00Z' });
  });
  afterAll(() => app?.close());

  it('counts the change once (through the registry) and closes the ledger entry when the income recovers', async () => {
    const created = await app.as('xushui').registry.households.create(fallingHousehold('130609100002', 41));
    const householdId = created.household.id;
    await app.as('xushui').registry.incomes.record({
      householdId,
      income: { year: 2025, wagesFen: 2_000_000, businessFen: 100_000, propertyFen: 0, transfersFen: 100_000, productionCostsFen: 0 },
    });
    await app.as('xushui').income.ledger.rerun({ year: 2026 });
    expect((await app.as('xushui').income.ledger.list({ year: 2026 })).map((entry) => entry.householdId)).toEqual([householdId]);
    app.clock.set('2026-03-06T02:00:00Z');
    const memberIds = created.members.map((member) => member.id);
    const { visit } = await app.as('xushui').visits.record({
      ...quietVisit(householdId, memberIds, '2026-03-05T02:00:00Z', randomUUID()),
      incomeChanges: { wagesFen: 1_500_000, transfersFen: 20_000 },
    });
    await app.settle();
    const income = await app.as('xushui').income.household({ householdId, year: 2026 });
    // The registry holds the visit's change; nothing is added on top of it here.
    expect(income.adjustments).toEqual([]);
    expect(income.base).toMatchObject({ year: 2026, wagesFen: 2_300_000, transfersFen: 120_000 });
    expect(visit.id).toBeGreaterThan(0);
    // (2,300,000 + 100,000 + 120,000) / 2 = 1,260,000 fen per capita, above last year's 1,100,000.
    expect(income.perCapitaFen).toBe(1_260_000);
    expect(await app.as('xushui').income.ledger.list({ year: 2026 })).toEqual([]);
    const [closed] = await app.as('xushui').income.ledger.list({ year: 2026, status: 'closed' });
    expect(closed).toMatchObject({ householdId, status: 'closed', closedOn: '2026-03-06' });
    // A visit with no income change changes nothing.
    await app.as('xushui').visits.record(quietVisit(householdId, memberIds, '2026-03-05T03:00:00Z', randomUUID()));
    await app.settle();
    expect((await app.as('xushui').income.household({ householdId, year: 2026 })).perCapitaFen).toBe(1_260_000);
  });
});
