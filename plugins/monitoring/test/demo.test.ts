import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoringPlugin } from '../src/server/plugin.ts';
import { startApp, type App } from './helpers.ts';

describe('the demo seeder', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('puts cases at different steps on the registry’s demo households of Xushui', async () => {
    for (const plugin of [registryPlugin, monitoringPlugin]) {
      await seedPluginDemo(app.host, plugin, { counties: ['130609'], seed: 2022, households: 300, logger: silentLogger });
    }
    const summary = await app.as('xushui').monitoring.dashboard.summary({});
    expect(summary.cases).toMatchObject({ open: 3, overdue: 1, greenChannelOpen: 1, included: 3 });
    expect(summary.coverage).toMatchObject({ monitored: 3, covered: 2 });
    const overdue = await app.as('baoding').monitoring.cases.overdue({});
    expect(overdue.cases).toHaveLength(1);
    expect(overdue.cases[0]?.escalationLevel).toBe('city');
  });
});
