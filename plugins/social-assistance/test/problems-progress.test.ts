import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { readRows, cellText } from '@zhenxing/plugin-registry/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socialAssistancePlugin } from '../src/server/plugin.ts';
import { evidenceJpeg, labourHousehold, leaderContact, leaderPackage } from '../src/testing.ts';
import { JINGXIU, organisation, responsible, startApp, VILLAGE, XUSHUI, YEAR, type App } from './helpers.ts';

const evidenceTarget = { plugin: 'social-assistance', purpose: 'evidence' } as const;
const resultsTarget = { plugin: 'social-assistance', purpose: 'results' } as const;

describe('social assistance: the leader’s problem list, progress, the results sheet and placements', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('keeps a problem from a leader’s inspection open until it is rectified with evidence', async () => {
    const donor = await organisation(app);
    const held = await app.as('province')['social-assistance'].packages.create(leaderPackage(XUSHUI, donor.id, '2026-01-01'));
    const leader = await app.as('province')['social-assistance'].relationships.create(leaderContact(XUSHUI, donor.id, held.id, '2026-01-01'));
    // The county does not record inspection problems; the province does.
    const problemInput = { relationshipId: leader.id, inspection: '一季度督导', foundOn: '2026-02-10', description: '帮扶措施未落实', deadline: '2026-02-28' };
    await expect(app.as('xushui')['social-assistance'].problems.create(problemInput)).rejects.toMatchObject({ reason: 'permission-denied' });
    const problem = await app.as('province')['social-assistance'].problems.create(problemInput);
    expect(problem).toMatchObject({ status: 'open', overdue: true }); // the test clock is 2026-03-02

    // Without evidence: refused, and still open.
    await expect(
      app.as('xushui')['social-assistance'].problems.rectify({ problemId: problem.id, rectifiedOn: '2026-03-01', rectification: '已落实' }),
    ).rejects.toMatchObject({ reason: 'invalid-input', details: { fieldErrors: { evidenceUploadIds: [expect.any(String)] } } });
    // Someone else's photo (Jingxiu's) is not evidence for Xushui: not found, still open.
    const foreign = await app.upload('jingxiu', evidenceTarget, '别县.jpg', evidenceJpeg(9));
    await expect(
      app
        .as('xushui')
        ['social-assistance'].problems.rectify({ problemId: problem.id, rectifiedOn: '2026-03-01', rectification: '已落实', evidenceUploadIds: [foreign] }),
    ).rejects.toMatchObject({ reason: 'upload-not-found' });
    // Another county cannot rectify it at all.
    const own = await app.upload('xushui', evidenceTarget, '整改.jpg', evidenceJpeg(4));
    await expect(
      app
        .as('jingxiu')
        ['social-assistance'].problems.rectify({ problemId: problem.id, rectifiedOn: '2026-03-01', rectification: '越权', evidenceUploadIds: [own] }),
    ).rejects.toMatchObject({ reason: 'not-found' });
    expect((await app.as('xushui')['social-assistance'].problems.list({ status: 'overdue' })).map((row) => row.id)).toContain(problem.id);

    const rectified = await app.as('xushui')['social-assistance'].problems.rectify({
      problemId: problem.id,
      rectifiedOn: '2026-03-01',
      rectification: '已落实帮扶措施',
      evidenceUploadIds: [own],
    });
    expect(rectified).toMatchObject({ status: 'rectified', overdue: false, rectifiedOn: '2026-03-01', evidenceUploadIds: [own] });
    expect((await app.as('xushui')['social-assistance'].problems.list({ status: 'open' })).map((row) => row.id)).not.toContain(problem.id);
    const photo = await app.as('baoding')['social-assistance'].problems.evidence({ problemId: problem.id, uploadId: own });
    expect(photo.dataUrl.startsWith('data:image/jpeg;base64,')).toBe(true);
    await expect(app.as('jingxiu')['social-assistance'].problems.evidence({ problemId: problem.id, uploadId: own })).rejects.toMatchObject({
      reason: 'not-found',
    });
    await expect(
      app
        .as('xushui')
        ['social-assistance'].problems.rectify({ problemId: problem.id, rectifiedOn: '2026-03-01', rectification: '再次', evidenceUploadIds: [own] }),
    ).rejects.toMatchObject({ reason: 'problem-rectified' });
    const [progress] = await app.as('province')['social-assistance'].progress.relationships({ year: YEAR, system: 'leader-contact' });
    expect(progress?.problems).toMatchObject({ found: 1, rectified: 1, open: 0, overdue: 0 });
  });

  it('summarises progress per system, kind and region and lists the counties lacking a required system', async () => {
    const donor = await organisation(app, 'county');
    const pairing = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'funds',
      organisationId: donor.id,
      countyCode: XUSHUI,
      startOn: '2026-01-01',
      responsible,
    });
    await app.as('province')['social-assistance'].commitments.setTargets({
      relationshipId: pairing.id,
      year: YEAR,
      targets: [{ indicator: 'money-transferred', target: 1_000_000 }],
    });
    await app.as('xushui')['social-assistance'].commitments.recordResults({
      relationshipId: pairing.id,
      year: YEAR,
      actuals: [{ indicator: 'money-transferred', actual: 1_000_000 }],
    });
    const province = await app.as('province')['social-assistance'].progress.summary({ year: YEAR });
    expect(province.byRegion.map((row) => row.regionCode)).toContain('1306');
    expect(province.bySystem.find((row) => row.system === 'pairing')).toMatchObject({ relationships: 1, withTargets: 1, met: 1 });
    expect(province.byKind.find((row) => row.kind === 'funds')).toMatchObject({ relationships: 1, met: 1 });
    expect(province.totals).toContainEqual({ system: 'pairing', indicator: 'money-transferred', target: 1_000_000, actual: 1_000_000, met: true });
    // Xushui has a pairing and a leader contact (previous spec); Jingxiu has neither.
    expect(province.countiesLacking).toEqual([{ countyCode: JINGXIU, countyName: '竞秀区', missing: ['pairing', 'leader-contact'] }]);
    const city = await app.as('baoding')['social-assistance'].progress.summary({ year: YEAR });
    expect(city.byRegion.map((row) => row.regionCode)).toEqual([JINGXIU, XUSHUI]);
    // A county sees its own figures only; a relationship outside the year is not counted.
    const xushui = await app.as('xushui')['social-assistance'].progress.summary({ year: 2024 });
    expect(xushui.bySystem.every((row) => row.relationships === 0)).toBe(true);
    await expect(app.as('xushui')['social-assistance'].progress.summary({ year: YEAR, regionCode: JINGXIU })).rejects.toMatchObject({ reason: 'out-of-scope' });
  });

  it('imports the annual results sheet all or nothing, with an error for every wrong row', async () => {
    const donor = await organisation(app, 'central-unit');
    const central = await app
      .as('province')
      ['social-assistance'].relationships.create({ system: 'central-unit', organisationId: donor.id, countyCode: XUSHUI, startOn: '2026-01-01', responsible });
    const jingxiuAid = await app
      .as('province')
      ['social-assistance'].relationships.create({ system: 'central-unit', organisationId: donor.id, countyCode: JINGXIU, startOn: '2026-01-01', responsible });
    const wrong = [
      '帮扶关系编号,指标,完成值',
      `${central.id},投入帮扶资金,"12,500.50"`,
      `${central.id},培训基层干部,`,
      `${central.id},转移就业人数,3`,
      `${jingxiuAid.id},投入帮扶资金,100`,
      `${central.id},不存在的指标,1`,
    ].join('\r\n');
    const first = await app.upload('xushui', resultsTarget, '成效.csv', Buffer.from(wrong, 'utf8'));
    const refused = await app.as('xushui')['social-assistance'].commitments.importResults({ uploadId: first, year: YEAR });
    expect(refused.committed).toBe(false);
    expect(refused.problems.map((problem) => problem.row)).toEqual([3, 4, 5, 6]);
    expect(
      (await app.as('xushui')['social-assistance'].commitments.list({ relationshipId: central.id, year: YEAR })).commitments.every(
        (row) => row.actual === null,
      ),
    ).toBe(true);

    const right = ['帮扶关系编号,指标,完成值', `${central.id},投入帮扶资金,"12,500.50"`, `${central.id},cadres-trained,40`].join('\r\n');
    const second = await app.upload('xushui', resultsTarget, '成效.csv', Buffer.from(right, 'utf8'));
    const committed = await app.as('xushui')['social-assistance'].commitments.importResults({ uploadId: second, year: YEAR });
    expect(committed).toEqual({ committed: true, rows: 2, problems: [] });
    const listed = (await app.as('xushui')['social-assistance'].commitments.list({ relationshipId: central.id, year: YEAR })).commitments;
    expect(listed.find((row) => row.indicator === 'funds-invested')?.actual).toBe(1_250_050);
    expect(listed.find((row) => row.indicator === 'cadres-trained')?.actual).toBe(40);
    // The sheet is used once.
    await expect(app.as('xushui')['social-assistance'].commitments.importResults({ uploadId: second, year: YEAR })).rejects.toMatchObject({
      reason: 'upload-not-found',
    });
  });

  it('exports the province’s summary table with every relationship and indicator', async () => {
    const exported = await app.as('province')['social-assistance'].progress.export({ year: YEAR });
    const rows: string[][] = [];
    for await (const row of readRows(Buffer.from(exported.contentBase64, 'base64'), 'xlsx')) rows.push(row.cells.map((cell) => cellText(cell)));
    expect(rows[0]).toEqual(expect.arrayContaining(['帮扶关系编号', '受援县(区)', '帮扶体系', '指标', '年度目标', '完成值', '是否完成']));
    expect(rows.length - 1).toBe(exported.rows);
    const money = rows.find((row) => row.includes('财政援助资金'));
    expect(money).toEqual(expect.arrayContaining(['徐水区', '省内区域性结对帮扶', '资金支持', '10000', '10000', '是']));
    const jingxiu = await app.as('jingxiu')['social-assistance'].progress.export({ year: YEAR });
    const jingxiuRows: string[][] = [];
    for await (const row of readRows(Buffer.from(jingxiu.contentBase64, 'base64'), 'xlsx')) jingxiuRows.push(row.cells.map((cell) => cellText(cell)));
    expect(jingxiuRows.slice(1).every((row) => row.includes('竞秀区') && !row.includes('徐水区'))).toBe(true);
  });

  it('places a registry member in a job through a labour pairing, never one of another county', async () => {
    const donor = await organisation(app, 'county');
    const labour = await app.as('province')['social-assistance'].relationships.create({
      system: 'pairing',
      kind: 'labour',
      organisationId: donor.id,
      countyCode: XUSHUI,
      startOn: '2026-01-01',
      responsible,
    });
    const household = await app.as('xushui').registry.households.create(labourHousehold(VILLAGE, 401));
    const other = await app.as('jingxiu').registry.households.create(labourHousehold('130602001002', 402));
    const memberId = household.members[0]?.id as number;
    const placed = await app.as('xushui')['social-assistance'].placements.create({
      relationshipId: labour.id,
      year: YEAR,
      householdId: household.household.id,
      memberId,
      employer: '石家庄某电子厂（合成）',
      placedOn: '2026-02-20',
    });
    expect(placed).toMatchObject({ countyCode: XUSHUI, villageCode: VILLAGE, memberName: '郑海涛' });
    await expect(
      app.as('xushui')['social-assistance'].placements.create({
        relationshipId: labour.id,
        year: YEAR,
        householdId: other.household.id,
        memberId: other.members[0]?.id as number,
        employer: '越权',
        placedOn: '2026-02-20',
      }),
    ).rejects.toMatchObject({ reason: 'not-found' });
    expect(JSON.stringify(await app.as('xushui')['social-assistance'].placements.list({}))).not.toMatch(/\d{17}[\dX]/);
  });

  it('seeds demo data for all three systems in Baoding’s counties, with Jingxiu lacking a pairing', async () => {
    const demo = await startApp();
    try {
      await seedPluginDemo(demo.host, socialAssistancePlugin, { counties: [XUSHUI, JINGXIU], seed: 1, households: 0, logger: silentLogger });
      const xushui = await demo.as('xushui')['social-assistance'].relationships.list({});
      expect(new Set(xushui.map((row) => row.system))).toEqual(new Set(['central-unit', 'pairing', 'leader-contact', 'department']));
      const summary = await demo.as('province')['social-assistance'].progress.summary({ year: YEAR });
      expect(summary.countiesLacking).toEqual([{ countyCode: JINGXIU, countyName: '竞秀区', missing: ['pairing', 'leader-contact'] }]);
      expect(summary.problems.open).toBe(2);
      expect(summary.problems.overdue).toBe(1);
      // Province-managed packages (五包一 carried out in Xushui, 三包一 set up for Jingxiu) and purchases by product.
      const packages = await demo.as('province')['social-assistance'].packages.list({});
      expect(packages.map((row) => [row.countyCode, row.name])).toEqual([
        [JINGXIU, '三包一'],
        [XUSHUI, '五包一'],
      ]);
      expect(xushui.find((row) => row.system === 'leader-contact')).toMatchObject({ packageId: packages[1]?.id, leaderName: '【演示】省领导甲' });
      const purchases = await demo.as('province')['social-assistance'].purchases.summary({ year: YEAR });
      expect(purchases.byProduct.map((row) => row.productName)).toEqual(['【演示】徐水小米', '【演示】漕河驴肉', '【演示】竞秀草莓']);
      expect(purchases.byCounty.map((row) => row.countyCode)).toEqual([JINGXIU, XUSHUI]);
    } finally {
      await demo.close();
    }
  });
});
