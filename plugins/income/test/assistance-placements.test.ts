import { auditLog } from '@zhenxing/db';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { socialAssistancePlugin } from '@zhenxing/plugin-social-assistance/server';
import { labourHousehold } from '@zhenxing/plugin-social-assistance/testing';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomePlugin } from '../src/server/plugin.ts';
import { assistancePlacements } from '../src/server/schema.ts';

/**
 * Issue 15 item 2: registry members placed in jobs through social assistance's 劳务协作 pairings
 * (`social-assistance.job-placed`) are counted in income's 稳岗就业 figures for that county and
 * year — once per placement however often the event arrives, uncounted when the placement is removed.
 */
const PLUGINS = [registryPlugin, incomePlugin, socialAssistancePlugin] as const;
const XUSHUI = '130609';
const JINGXIU = '130602';
const YEAR = 2026;

describe('income counts social assistance’s job placements in 稳岗就业', () => {
  let app: TestApp<typeof PLUGINS>;
  beforeAll(async () => {
    // Jingxiu runs social assistance without income: its placements are counted nowhere.
    app = await createTestApp({
      plugins: PLUGINS,
      enable: { [XUSHUI]: ['registry', 'income', 'social-assistance'], [JINGXIU]: ['registry', 'social-assistance'] },
    });
  });
  afterAll(() => app?.close());

  const placed = async (username = 'xushui') => {
    const [row] = (await app.as(username).income.stableEmployment.compare({ year: YEAR })).counties.filter((county) => county.regionCode === XUSHUI);
    return row?.pairingPlaced;
  };

  it('counts each placed member once per county and year, idempotently, and uncounts a removed placement', async () => {
    const donor = await app.as('province')['social-assistance'].organisations.create({ name: '测试劳务协作县', kind: 'county', inProvince: true });
    const labour = (countyCode: string) =>
      app.as('province')['social-assistance'].relationships.create({
        system: 'pairing',
        kind: 'labour',
        organisationId: donor.id,
        countyCode,
        startOn: '2026-01-01',
        responsible: [{ name: '测试联系人', side: 'donor' }],
      });
    const first = await labour(XUSHUI);
    const second = await labour(XUSHUI);
    const household = await app.as('xushui').registry.households.create(labourHousehold('130609100002', 41));
    const [head, spouse] = household.members as unknown as [{ id: number }, { id: number }];
    const place = (relationshipId: number, memberId: number) =>
      app.as('xushui')['social-assistance'].placements.create({
        relationshipId,
        year: YEAR,
        householdId: household.household.id,
        memberId,
        employer: '测试企业',
        placedOn: '2026-02-01',
      });
    expect(await placed()).toBe(0);
    const headPlaced = await place(first.id, head.id);
    const spousePlaced = await place(first.id, spouse.id);
    await app.settle();
    expect(await placed()).toBe(2);

    // A re-delivered event (the same placement announced again) counts once.
    await app.host.runtime.events.emitNow(
      'social-assistance.job-placed',
      {
        placementId: headPlaced.id,
        countyCode: XUSHUI,
        villageCode: headPlaced.villageCode,
        householdId: household.household.id,
        memberId: head.id,
        relationshipId: first.id,
        year: YEAR,
        placedOn: headPlaced.placedOn,
      },
      'social-assistance',
    );
    await app.settle();
    expect(await placed()).toBe(2);
    expect(await app.db.select().from(assistancePlacements).where(eq(assistancePlacements.placementId, headPlaced.id))).toHaveLength(1);

    // The same member placed through a second pairing is still one person in work.
    const again = await place(second.id, head.id);
    await app.settle();
    expect(await placed()).toBe(2);

    // Removing a placement uncounts it: the spouse is no longer counted; the head still is (one placement left).
    await app.as('xushui')['social-assistance'].placements.remove({ placementId: spousePlaced.id });
    await app.as('xushui')['social-assistance'].placements.remove({ placementId: again.id });
    await app.settle();
    expect(await placed()).toBe(1);
    // A removal announced twice changes nothing more.
    await app.host.runtime.events.emitNow(
      'social-assistance.job-placement-removed',
      { placementId: spousePlaced.id, countyCode: XUSHUI, villageCode: spousePlaced.villageCode, memberId: spouse.id, year: YEAR },
      'social-assistance',
    );
    await app.settle();
    expect(await placed()).toBe(1);

    // Audited in income: counted three times (head, spouse, head again), uncounted twice.
    const entries = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'income'), eq(auditLog.entityType, 'income-assistance-placement')));
    expect(entries.filter((entry) => entry.action === 'employment.placement-counted')).toHaveLength(3);
    expect(entries.filter((entry) => entry.action === 'employment.placement-uncounted')).toHaveLength(2);
    // The province's total carries the count; another year has none.
    const province = await app.as('province').income.stableEmployment.compare({ year: YEAR });
    expect(province.total.pairingPlaced).toBe(1);
    expect((await app.as('xushui').income.stableEmployment.compare({ year: YEAR + 1 })).counties[0]?.pairingPlaced).toBe(0);
    // Removing is the county's own: another county cannot remove Xushui's placement.
    await expect(app.as('jingxiu')['social-assistance'].placements.remove({ placementId: headPlaced.id })).rejects.toMatchObject({ reason: 'not-found' });
  });

  it('counts nothing for a county that does not run income', async () => {
    const donor = await app.as('province')['social-assistance'].organisations.create({ name: '测试劳务协作县二', kind: 'county', inProvince: true });
    const pairing = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'labour',
      organisationId: donor.id,
      countyCode: JINGXIU,
      startOn: '2026-01-01',
      responsible: [{ name: '测试联系人', side: 'donor' }],
    });
    const household = await app.as('jingxiu').registry.households.create(labourHousehold('130602001002', 42));
    await app.as('jingxiu')['social-assistance'].placements.create({
      relationshipId: pairing.id,
      year: YEAR,
      householdId: household.household.id,
      memberId: (household.members[0] as { id: number }).id,
      employer: '测试企业',
      placedOn: '2026-02-01',
    });
    await app.settle();
    expect(await app.db.select().from(assistancePlacements).where(eq(assistancePlacements.countyCode, JINGXIU))).toEqual([]);
  });
});
