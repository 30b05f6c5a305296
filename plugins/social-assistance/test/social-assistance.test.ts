import { auditLog } from '@zhenxing/db';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitmentMet } from '../src/index.ts';
import { leaderContact, leaderPackage } from '../src/testing.ts';
import { JINGXIU, organisation, responsible, startApp, VILLAGE, XUSHUI, YEAR, type App } from './helpers.ts';

describe('social assistance: organisations, relationships, targets and results', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('counts a commitment met exactly at its target as met, one below as not met', async () => {
    expect(commitmentMet(120, 120)).toBe(true);
    expect(commitmentMet(120, 119)).toBe(false);
    expect(commitmentMet(120, null)).toBe(false);
    const donor = await organisation(app, 'county');
    const pairing = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'labour',
      organisationId: donor.id,
      countyCode: XUSHUI,
      startOn: '2026-01-01',
      responsible,
    });
    await app
      .as('province')
      ['social-assistance'].commitments.setTargets({ relationshipId: pairing.id, year: YEAR, targets: [{ indicator: 'jobs-placed', target: 120 }] });
    const below = await app
      .as('xushui')
      ['social-assistance'].commitments.recordResults({ relationshipId: pairing.id, year: YEAR, actuals: [{ indicator: 'jobs-placed', actual: 119 }] });
    expect(below[0]).toMatchObject({ target: 120, actual: 119, met: false, basisPoints: 9916 });
    const exact = await app
      .as('xushui')
      ['social-assistance'].commitments.recordResults({ relationshipId: pairing.id, year: YEAR, actuals: [{ indicator: 'jobs-placed', actual: 120 }] });
    expect(exact[0]).toMatchObject({ target: 120, actual: 120, met: true, basisPoints: 10_000 });
    const [progress] = await app.as('province')['social-assistance'].progress.relationships({ year: YEAR, system: 'pairing', kind: 'labour' });
    expect(progress).toMatchObject({ met: true, withTargets: 1, metCount: 1 });
  });

  it('refuses the results of a county not in scope: another county’s relationship is not found, its region out of scope', async () => {
    const donor = await organisation(app, 'central-unit');
    const jingxiuAid = await app
      .as('province')
      ['social-assistance'].relationships.create({ system: 'central-unit', organisationId: donor.id, countyCode: JINGXIU, startOn: '2026-01-01', responsible });
    await app.as('province')['social-assistance'].commitments.setTargets({
      relationshipId: jingxiuAid.id,
      year: YEAR,
      targets: [{ indicator: 'funds-invested', target: 1_000_000 }],
    });
    const results = { relationshipId: jingxiuAid.id, year: YEAR, actuals: [{ indicator: 'funds-invested' as const, actual: 2_000_000 }] };
    await expect(app.as('xushui')['social-assistance'].commitments.recordResults(results)).rejects.toMatchObject({ reason: 'not-found' });
    await expect(app.as('xushui')['social-assistance'].commitments.recordResults({ ...results, regionCode: JINGXIU })).rejects.toMatchObject({
      reason: 'out-of-scope',
    });
    // The city reads Jingxiu's progress but records nothing; the province sets targets but records no results.
    await expect(app.as('baoding')['social-assistance'].commitments.recordResults(results)).rejects.toMatchObject({ reason: 'permission-denied' });
    await expect(app.as('province')['social-assistance'].commitments.recordResults(results)).rejects.toMatchObject({ reason: 'permission-denied' });
    // A county cannot set its own targets, nor create relationships.
    await expect(
      app
        .as('jingxiu')
        ['social-assistance'].commitments.setTargets({ relationshipId: jingxiuAid.id, year: YEAR, targets: [{ indicator: 'funds-invested', target: 1 }] }),
    ).rejects.toMatchObject({ reason: 'permission-denied' });
    const listed = await app.as('jingxiu')['social-assistance'].commitments.list({ relationshipId: jingxiuAid.id, year: YEAR });
    expect(listed.commitments.find((commitment) => commitment.indicator === 'funds-invested')).toMatchObject({ target: 1_000_000, actual: null, met: false });
    const accepted = await app.as('jingxiu')['social-assistance'].commitments.recordResults(results);
    expect(accepted[0]).toMatchObject({ actual: 2_000_000, met: true });
  });

  it('refuses an indicator the relationship’s system or kind does not measure, saving none of the rows', async () => {
    const donor = await organisation(app, 'enterprise');
    const consumption = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'consumption',
      organisationId: donor.id,
      countyCode: XUSHUI,
      startOn: '2026-01-01',
      responsible,
    });
    await expect(
      app.as('province')['social-assistance'].commitments.setTargets({
        relationshipId: consumption.id,
        year: YEAR,
        targets: [
          { indicator: 'purchases', target: 5_000_000 },
          { indicator: 'jobs-placed', target: 10 },
        ],
      }),
    ).rejects.toMatchObject({ reason: 'invalid-input', details: { fieldErrors: { 'targets.1.indicator': [expect.any(String)] } } });
    const listed = await app.as('xushui')['social-assistance'].commitments.list({ relationshipId: consumption.id, year: YEAR });
    expect(listed.commitments).toEqual([expect.objectContaining({ indicator: 'purchases', target: null })]);
  });

  it('keeps organisations as data, not a scope: the city sees the relationships of its counties only, the county its own', async () => {
    const donor = await organisation(app, 'central-unit');
    const own = await app
      .as('province')
      ['social-assistance'].relationships.create({ system: 'central-unit', organisationId: donor.id, countyCode: XUSHUI, startOn: '2026-01-01', responsible });
    const neighbour = await app
      .as('province')
      ['social-assistance'].relationships.create({ system: 'central-unit', organisationId: donor.id, countyCode: JINGXIU, startOn: '2026-01-01', responsible });
    const fromXushui = (await app.as('xushui')['social-assistance'].organisations.list({})).find((row) => row.id === donor.id);
    expect(fromXushui?.assists.map((assist) => assist.relationshipId)).toEqual([own.id]);
    const fromCity = (await app.as('baoding')['social-assistance'].organisations.list({})).find((row) => row.id === donor.id);
    expect(fromCity?.assists.map((assist) => assist.relationshipId).sort()).toEqual([own.id, neighbour.id].sort());
    const cityRelationships = await app.as('baoding')['social-assistance'].relationships.list({});
    expect(cityRelationships.map((row) => row.id)).toEqual(expect.arrayContaining([own.id, neighbour.id]));
    expect((await app.as('xushui')['social-assistance'].relationships.list({})).map((row) => row.id)).not.toContain(neighbour.id);
    // Creating a relationship is the province's; a county admin is refused.
    await expect(
      app.as('xushui')['social-assistance'].relationships.create({
        system: 'central-unit',
        organisationId: donor.id,
        countyCode: XUSHUI,
        startOn: '2026-01-01',
        responsible,
      }),
    ).rejects.toMatchObject({ reason: 'permission-denied' });
  });

  it('checks a leader’s package against the composition the province chose (五包一 or 三包一), and a leader contact carries out its county’s package', async () => {
    const donor = await organisation(app);
    const five = leaderPackage(XUSHUI, donor.id);
    await expect(app.as('province')['social-assistance'].packages.create({ ...five, members: five.members.slice(0, 3) })).rejects.toMatchObject({
      reason: 'invalid-input',
      details: { fieldErrors: { members: [expect.stringContaining('五包一')] } },
    });
    const held = await app.as('province')['social-assistance'].packages.create(five);
    const created = await app.as('province')['social-assistance'].relationships.create(leaderContact(XUSHUI, donor.id, held.id));
    expect(created).toMatchObject({ packageId: held.id, leaderName: '省领导（合成）' });
    expect(created.packageMembers).toHaveLength(5);
    // 三包一 for Jingxiu: the composition is the province's choice, per package.
    const three = leaderPackage(JINGXIU, donor.id);
    const jingxiuPackage = await app.as('province')['social-assistance'].packages.create({
      ...three,
      name: '三包一',
      roles: ['leader', 'province-department', 'state-enterprise'],
      members: three.members.slice(0, 3),
    });
    expect(jingxiuPackage.members.map((member) => member.role)).toEqual(['leader', 'province-department', 'state-enterprise']);
    // Another county's package cannot be carried out in Xushui; a leader contact needs a package.
    await expect(app.as('province')['social-assistance'].relationships.create(leaderContact(XUSHUI, donor.id, jingxiuPackage.id))).rejects.toMatchObject({
      reason: 'invalid-input',
      details: { fieldErrors: { packageId: [expect.any(String)] } },
    });
    await expect(
      app.as('province')['social-assistance'].relationships.create({
        system: 'leader-contact',
        organisationId: donor.id,
        countyCode: XUSHUI,
        startOn: '2026-01-01',
        responsible,
      }),
    ).rejects.toThrow(/包联组|package/);
  });

  it('names a village for department aid and audits every write with the row as written', async () => {
    const donor = await organisation(app);
    const aid = await app.as('province')['social-assistance'].relationships.create({
      system: 'department',
      organisationId: donor.id,
      countyCode: XUSHUI,
      villageCode: VILLAGE,
      startOn: '2026-01-01',
      responsible: [{ name: '测试第一书记', title: '驻村第一书记', side: 'donor' }],
    });
    const entries = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'social-assistance'), eq(auditLog.entityType, 'assistance-relationship'), eq(auditLog.entityId, String(aid.id))));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'relationship.create', regionCode: VILLAGE });
    await expect(
      app
        .as('province')
        ['social-assistance'].relationships.create({ system: 'department', organisationId: donor.id, countyCode: XUSHUI, startOn: '2026-01-01', responsible }),
    ).rejects.toThrow();
    await expect(
      app
        .as('province')
        ['social-assistance'].relationships.create({ system: 'pairing', organisationId: donor.id, countyCode: XUSHUI, startOn: '2026-01-01', responsible }),
    ).rejects.toThrow();
  });
});
