import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitsPlugin } from '../src/server/plugin.ts';
import { startApp, VILLAGE, type App } from './helpers.ts';

describe('the demo seeder', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    app.clock.set('2026-03-20T02:00:00Z');
  });
  afterAll(() => app?.close());

  it('assigns every demo village a cadre and records three months of visits, some missed', async () => {
    for (const plugin of [registryPlugin, visitsPlugin]) {
      await seedPluginDemo(app.host, plugin, { counties: ['130609'], seed: 2022, households: 300, logger: silentLogger });
    }
    expect(await app.as('xushui').visits.assignments.unassigned({})).toEqual([]);
    const february = await app.as('xushui').visits.compliance({ month: '2026-02' });
    expect(february.due).toBeGreaterThan(0);
    expect(february.done).toBeGreaterThan(0);
    expect(february.overdue).toBeGreaterThan(0);
    expect(february.overdue + february.done).toBe(february.due);
    const march = await app.as('xushui').visits.compliance({ month: '2026-03' });
    expect(march).toMatchObject({ closed: false, overdue: 0 });
    expect(march.done).toBeLessThan(march.due);
    // The demo village cadre's round is the demo village.
    const pack = await app.as('juwei').visits.offlinePack({});
    expect(pack.households.length).toBeGreaterThan(0);
    expect(pack.households.every((row) => row.household.villageCode === VILLAGE)).toBe(true);
  });
});
