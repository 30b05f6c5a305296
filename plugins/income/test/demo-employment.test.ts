import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomePlugin } from '../src/server/plugin.ts';
import { household, OTHER_COUNTY_VILLAGE, startApp, type App } from './helpers.ts';

describe('稳岗就业 counts and the demo seeder', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('counts 脱贫 labour by how it works, per village, in the caller’s region only', async () => {
    // Each test household: a migrant head (counted) and a child at school (not labour).
    const first = await household(app, { village: OTHER_COUNTY_VILLAGE });
    await household(app, { village: OTHER_COUNTY_VILLAGE });
    const own = await app.as('jingxiu').income.employment({});
    expect(own.total).toMatchObject({ regionCode: '130602', labour: 2, counts: { local: 0, migrant: 2, 'public-welfare-job': 0, unemployed: 0 } });
    expect(own.byVillage.map((row) => [row.regionCode, row.counts.migrant])).toEqual([[OTHER_COUNTY_VILLAGE, 2]]);
    expect(first.villageCode).toBe(OTHER_COUNTY_VILLAGE);
    await expect(app.as('xushui').income.employment({ regionCode: '130602' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const indicators = await app.as('jingxiu').indicators.values({});
    expect(indicators.find((value) => value.key === 'income.poverty-labour-employed')?.value).toBe(100);
    // Two ledger households (income fell), no plan yet: coverage 0 %, two on the ledger.
    await app.as('jingxiu').income.ledger.rerun({ year: 2026 });
    const after = await app.as('jingxiu').indicators.values({});
    expect(after.find((value) => value.key === 'income.ledger-households')?.value).toBe(2);
    expect(after.find((value) => value.key === 'income.ledger-plan-coverage')?.value).toBe(0);
  });

  it('seeds Xushui: a ledger from the rules, plans for most ledger households (one overdue), growth figures', async () => {
    app.clock.set('2026-05-20T02:00:00Z');
    for (const plugin of [registryPlugin, incomePlugin]) {
      await seedPluginDemo(app.host, plugin, { counties: ['130609', '130602'], seed: 2022, households: 300, logger: silentLogger });
    }
    const coverage = await app.as('xushui').income.ledger.coverage({ year: 2026 });
    expect(coverage.open).toBeGreaterThan(0);
    expect(coverage.withPlan).toBeGreaterThan(0);
    expect(coverage.withPlan).toBeLessThan(coverage.open);
    expect(coverage.plansOverdue).toBe(1);
    const ledger = await app.as('xushui').income.ledger.list({ year: 2026 });
    expect(ledger.every((entry) => entry.parameterVersion === 'hebei-2025.1' && entry.reasons.length > 0)).toBe(true);
    const supervision = await app.as('province').income.supervision.list({ year: 2026 });
    expect(supervision.map((row) => row.countyCode)).toEqual(['130602', '130609']);
  });
});
