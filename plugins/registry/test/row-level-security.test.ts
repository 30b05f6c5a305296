import { defineModule, definePlugin, READ_ROLES } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { households } from '../src/server/schema.ts';
import { registryPlugin } from '../src/server/plugin.ts';
import { sampleHousehold } from '../src/testing.ts';

/**
 * A careless plugin: its resolvers forget `ctx.access.where` and read or change registry rows of
 * any county. The second wall (row-level security keyed by the caller's county) must hold anyway.
 */
const carelessPlugin = definePlugin({
  module: defineModule({
    id: 'careless',
    title: { 'zh-CN': '疏忽模块', en: 'Careless module' },
    permissions: { read: READ_ROLES, write: ['county_admin'] },
    events: {},
  }),
  version: '1.0.0',
  dependsOn: ['registry'],
  settings: z.object({}),
  router: ({ router, procedure }) =>
    router({
      allHouseholds: procedure
        .meta({ permission: 'read' })
        .input(z.object({ regionCode: z.string().optional() }))
        .query(({ ctx }) => ctx.db.select({ id: households.id, countyCode: households.countyCode }).from(households)),
      moveAddress: procedure
        .meta({ permission: 'write' })
        .input(z.object({ id: z.number().int(), address: z.string() }))
        .mutation(async ({ ctx, input }) => {
          const changed = await ctx.db.update(households).set({ address: input.address }).where(eq(households.id, input.id)).returning({ id: households.id });
          await ctx.audit({ action: 'household.move', regionCode: null, entityId: input.id });
          return changed.length;
        }),
    }),
});

describe('row-level security: a resolver that forgets its scope filter sees no other county', () => {
  let app: TestApp<[typeof registryPlugin, typeof carelessPlugin]>;
  let xushuiHousehold: number;
  beforeAll(async () => {
    app = await createTestApp({
      plugins: [registryPlugin, carelessPlugin],
      rowLevelSecurity: true,
      enable: { '130609': ['registry', 'careless'], '130602': ['registry', 'careless'] },
    });
    xushuiHousehold = (await app.as('xushui').registry.households.create(sampleHousehold('130609100002', 1))).household.id;
    await app.as('jingxiu').registry.households.create(sampleHousehold('130602001002', 2));
  });
  afterAll(() => app?.close());

  it('returns only the caller’s county rows from an unscoped select', async () => {
    const seenByJingxiu = await app.as('jingxiu').careless.allHouseholds({});
    expect(seenByJingxiu.length).toBeGreaterThan(0);
    expect(seenByJingxiu.every((row) => row.countyCode === '130602')).toBe(true);
    // A province user's scope is the province prefix: both counties.
    const seenByProvince = await app.as('province').careless.allHouseholds({ regionCode: '130609' });
    expect(new Set(seenByProvince.map((row) => row.countyCode))).toEqual(new Set(['130609', '130602']));
  });

  it('changes no row of another county from an unscoped update', async () => {
    expect(await app.as('jingxiu').careless.moveAddress({ id: xushuiHousehold, address: '被改写' })).toBe(0);
    const [row] = await app.db.select({ address: households.address }).from(households).where(eq(households.id, xushuiHousehold));
    expect(row?.address).not.toBe('被改写');
  });

  it('still lets the owning county’s own procedures work under the wall', async () => {
    const detail = await app.as('xushui').registry.households.get({ id: xushuiHousehold });
    expect(detail.household.countyCode).toBe('130609');
  });
});
