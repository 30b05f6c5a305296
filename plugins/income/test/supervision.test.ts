import { auditLog } from '@zhenxing/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { growthFigures } from '../src/server/schema.ts';
import { household, OTHER_COUNTY_VILLAGE, refusedFields, startApp, type App } from './helpers.ts';

/**
 * 挂牌督办 from the province's figures: Xushui's 脱贫人口 income is one household, 2025 → 2026
 * 2,000,000 → 2,130,000 fen (+6.50 %, computed from the registry).
 */
describe('§2 挂牌督办: computed by the rules from the entered growth figures', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await household(app, { wages2025: 1_800_000, wages2026: 1_930_000 });
    // Jingxiu: 2,000,000 → 1,900,000 fen (−5 %).
    await household(app, { village: OTHER_COUNTY_VILLAGE, wages2025: 1_800_000, wages2026: 1_700_000 });
  });
  afterAll(() => app?.close());

  const enter = (local: number, provincial = 600, povertyCounty = false) =>
    app.as('province').income.supervision.enterFigures({
      year: 2026,
      nationalBasisPoints: 600,
      provincialBasisPoints: provincial,
      counties: [
        { countyCode: '130609', localFarmersBasisPoints: local, povertyCounty },
        { countyCode: '130602', localFarmersBasisPoints: -600 },
      ],
    });

  it('growth equal to local farmers is not supervised; strictly lower is', async () => {
    await enter(650);
    const [xushui] = (await app.as('province').income.supervision.list({ year: 2026 })).filter((row) => row.countyCode === '130609');
    expect(xushui).toMatchObject({
      countyName: '徐水区',
      supervised: false,
      povertyExited: { previousFen: 2_000_000, currentFen: 2_130_000, basisPoints: 650 },
      parameterVersion: 'hebei-2025.1',
    });
    expect(xushui?.reasons.map((reason) => reason.code)).toEqual(['poverty-exited-growth-not-below-local-farmers']);
    await enter(651);
    const [supervised] = (await app.as('province').income.supervision.list({ year: 2026 })).filter((row) => row.countyCode === '130609');
    expect(supervised).toMatchObject({ supervised: true, localFarmersBasisPoints: 651 });
    expect(supervised?.reasons.map((reason) => reason.code)).toEqual(['poverty-exited-growth-below-local-farmers']);
    // Jingxiu: −5 % against −6 %: not supervised.
    const [jingxiu] = (await app.as('province').income.supervision.list({ year: 2026 })).filter((row) => row.countyCode === '130602');
    expect(jingxiu).toMatchObject({ supervised: false, povertyExited: { basisPoints: -500 } });
  });

  it('a 脱贫县 whose farmers grew slower than the provincial rate is supervised (Hebei: either benchmark)', async () => {
    await enter(650, 650, true);
    const [level] = (await app.as('province').income.supervision.list({ year: 2026 })).filter((row) => row.countyCode === '130609');
    expect(level).toMatchObject({ supervised: false, povertyCounty: true });
    await enter(650, 651, true);
    const [below] = (await app.as('province').income.supervision.list({ year: 2026 })).filter((row) => row.countyCode === '130609');
    expect(below?.supervised).toBe(true);
    expect(below?.reasons.map((reason) => reason.code)).toEqual(['poverty-exited-growth-not-below-local-farmers', 'farmers-growth-below-provincial']);
  });

  it('a county sees its own entry only; figures are entered by the province only, audited', async () => {
    await enter(651);
    expect((await app.as('xushui').income.supervision.list({ year: 2026 })).map((row) => [row.countyCode, row.supervised])).toEqual([['130609', true]]);
    expect((await app.as('jingxiu').income.supervision.list({ year: 2026 })).map((row) => row.countyCode)).toEqual(['130602']);
    await expect(
      app.as('xushui').income.supervision.enterFigures({
        year: 2026,
        nationalBasisPoints: 1,
        provincialBasisPoints: 1,
        counties: [{ countyCode: '130609', localFarmersBasisPoints: 0 }],
      }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const audited = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'income'), eq(auditLog.action, 'growth.enter'), eq(auditLog.regionCode, '130609')));
    expect(audited.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses unknown county codes and rates outside −100 %…+1000 % per row, saving nothing', async () => {
    const before = await app.db.select().from(growthFigures).where(eq(growthFigures.year, 2027));
    expect(before).toEqual([]);
    const sheet = {
      year: 2027,
      nationalBasisPoints: 600,
      provincialBasisPoints: 600,
      counties: [
        { countyCode: '130609', localFarmersBasisPoints: 600 },
        { countyCode: '139999', localFarmersBasisPoints: 600 },
      ],
    };
    expect(await refusedFields(app.as('province').income.supervision.enterFigures(sheet))).toEqual(['counties.1.countyCode']);
    expect(await refusedFields(app.as('province').income.supervision.enterFigures({ ...sheet, nationalBasisPoints: -10_001 }))).toEqual([
      'nationalBasisPoints',
    ]);
    expect(
      await refusedFields(
        app.as('province').income.supervision.enterFigures({ ...sheet, counties: [{ countyCode: '130609', localFarmersBasisPoints: 100_001 }] }),
      ),
    ).toEqual(['counties.0.localFarmersBasisPoints']);
    expect(await app.db.select().from(growthFigures).where(eq(growthFigures.year, 2027))).toEqual([]);
  });
});

describe('§2 挂牌督办: the province publishes the list frozen with its inputs, and lifts supervision with a reason', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await household(app, { wages2025: 1_800_000, wages2026: 1_930_000 });
  });
  afterAll(() => app?.close());

  it('publishes once, keeps the figures it used, shows a county its own entry, lifts with a reason', async () => {
    expect(await app.as('province').income.supervision.publish({ year: 2026 })).toEqual([]);
    await app.as('province').income.supervision.enterFigures({
      year: 2026,
      nationalBasisPoints: 600,
      provincialBasisPoints: 600,
      counties: [
        { countyCode: '130609', localFarmersBasisPoints: 700 },
        { countyCode: '130602', localFarmersBasisPoints: 500 },
      ],
    });
    const published = await app.as('province').income.supervision.publish({ year: 2026 });
    expect(published.map((row) => [row.countyCode, row.supervised])).toEqual([
      ['130602', false],
      ['130609', true],
    ]);
    expect(await refusedFields(app.as('province').income.supervision.publish({ year: 2026 }))).toEqual(['year']);
    // New figures change the live list, not the published one.
    await app.as('province').income.supervision.enterFigures({
      year: 2026,
      nationalBasisPoints: 600,
      provincialBasisPoints: 600,
      counties: [{ countyCode: '130609', localFarmersBasisPoints: 600 }],
    });
    const [live] = await app.as('xushui').income.supervision.list({ year: 2026 });
    expect(live?.supervised).toBe(false);
    const own = await app.as('xushui').income.supervision.published({ year: 2026 });
    expect(own.map((row) => [row.countyCode, row.supervised, row.snapshot.localFarmersBasisPoints, row.parameterVersion])).toEqual([
      ['130609', true, 700, 'hebei-2025.1'],
    ]);
    const xushuiEntry = own[0]!;
    await expect(app.as('xushui').income.supervision.lift({ entryId: xushuiEntry.id, reason: '自行摘牌' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusedFields(app.as('province').income.supervision.lift({ entryId: xushuiEntry.id, reason: '\u0000' }))).toEqual(['reason']);
    const lifted = await app.as('province').income.supervision.lift({ entryId: xushuiEntry.id, reason: '脱贫人口收入增速已追上当地农民' });
    expect(lifted).toMatchObject({ liftedOn: '2026-03-02', liftedBy: 'province', liftReason: '脱贫人口收入增速已追上当地农民' });
    expect(await refusedFields(app.as('province').income.supervision.lift({ entryId: xushuiEntry.id, reason: '再次摘牌' }))).toEqual(['entryId']);
    expect((await app.as('jingxiu').income.supervision.published({ year: 2026 })).map((row) => row.countyCode)).toEqual(['130602']);
  });
});
