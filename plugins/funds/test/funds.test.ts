import { projectsPlugin } from '@zhenxing/plugin-projects/server';
import { seedPluginDemo, silentLogger } from '@zhenxing/core';
import { createTestApp, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundsPlugin } from '../src/server/plugin.ts';

let keySeq = 0;
const key = (label: string) => `${label}-${++keySeq}-key`;

describe('funds alone: industry share at the §4 boundaries', () => {
  let app: TestApp<[typeof fundsPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [fundsPlugin], enable: { '130609': ['funds'], '130602': ['funds'] } });
  });
  afterAll(() => app?.close());

  const batch = (year: number, level: 'central' | 'provincial' | 'city' | 'county', amountFen: number, user = 'xushui') =>
    app.as(user).funds.batches.create({
      year,
      level,
      documentNumber: `冀财农〔${year}〕${++keySeq}号`,
      documentDate: `${year}-03-01`,
      amountFen,
      idempotencyKey: key('batch'),
    });
  const allocate = (batchId: number, use: 'industry' | 'other', amountFen: number, user = 'xushui') =>
    app
      .as(user)
      .funds.allocations.create({ batchId, use, purpose: use === 'industry' ? '产业发展' : '基础设施', amountFen, idempotencyKey: key('allocation') });

  it('central share of exactly 55% passes; 54.99% fails with the amounts still needed', async () => {
    const central = await batch(2022, 'central', 1_000_000);
    const industry = await allocate(central.id, 'industry', 549_900);
    let share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.central.test).toMatchObject({
      passed: false,
      shareBasisPoints: 5_499,
      reallocationNeededFen: 100,
      additionalIndustryFundingNeededFen: 223,
    });
    expect(share.region.central.test?.reasons.map((item) => item.code)).toEqual(['share-below-minimum', 'previous-year-unknown']);
    await allocate(central.id, 'industry', 100);
    share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.central.test).toMatchObject({ passed: true, shareBasisPoints: 5_500, reallocationNeededFen: 0 });
    expect(industry.countyCode).toBe('130609');
  });

  it('four levels together: 52% passes, one fen less fails', async () => {
    // Central so far: 1,000,000 received, 550,000 industry. Add the other levels: 1,000,000 more, 490,000 industry → 52%.
    const provincial = await batch(2022, 'provincial', 500_000);
    const city = await batch(2022, 'city', 300_000);
    const county = await batch(2022, 'county', 200_000);
    await allocate(provincial.id, 'industry', 290_000);
    await allocate(city.id, 'industry', 100_000);
    await allocate(county.id, 'other', 100_000);
    let share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.fourLevel).toMatchObject({
      totalFen: 2_000_000,
      industryFen: 940_000,
      test: { passed: false, shareBasisPoints: 4_700, reallocationNeededFen: 100_000 },
    });
    await allocate(county.id, 'industry', 99_999);
    share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.fourLevel.test).toMatchObject({ passed: false, shareBasisPoints: 5_199, reallocationNeededFen: 1 });
    await allocate(county.id, 'industry', 1);
    share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.fourLevel.test).toMatchObject({ passed: true, shareBasisPoints: 5_200 });
  });

  it('central share must not fall below last year', async () => {
    const last = await batch(2021, 'central', 1_000_000);
    await allocate(last.id, 'industry', 600_000);
    const share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.central.test).toMatchObject({ passed: false, shareBasisPoints: 5_500, reallocationNeededFen: 50_000 });
    expect(share.region.central.test?.reasons.map((item) => item.code)).toEqual(['share-meets-minimum', 'share-below-previous-year']);
  });

  it('never allocates more than a batch holds', async () => {
    const small = await batch(2022, 'county', 1_000);
    await allocate(small.id, 'other', 600);
    await expect(allocate(small.id, 'industry', 401)).rejects.toMatchObject({ reason: 'exceeds-batch', details: { unallocatedFen: 400 } });
  });

  it('is idempotent on the client key', async () => {
    const input = {
      year: 2022,
      level: 'central' as const,
      documentNumber: '冀财农〔2022〕99号',
      documentDate: '2022-05-01',
      amountFen: 1,
      idempotencyKey: 'same-key-twice',
    };
    const first = await app.as('jingxiu').funds.batches.create(input);
    const second = await app.as('jingxiu').funds.batches.create(input);
    expect(second.id).toBe(first.id);
    await expect(app.as('jingxiu').funds.batches.create({ ...input, amountFen: 2 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('aggregates a city and the province over counties that enabled funds, and names the others', async () => {
    const share = await app.as('baoding').funds.dashboard.industryShare({ year: 2022 });
    expect(share.counties.map((county) => county.countyCode)).toEqual(['130602', '130609']);
    const xushui = share.counties.find((county) => county.countyCode === '130609');
    const jingxiu = share.counties.find((county) => county.countyCode === '130602');
    expect(share.region.central.totalFen).toBe((xushui?.central.totalFen ?? 0) + (jingxiu?.central.totalFen ?? 0));
    const province = await app.as('province').funds.dashboard.industryShare({ year: 2022 });
    expect(province.countiesWithoutModule).toContain('130102');
    expect(province.counties.map((county) => county.countyCode)).not.toContain('130102');
  });

  it('records spending by hand without projects, and reports spending progress and slow counties', async () => {
    const central = await batch(2023, 'central', 1_000_000);
    const allocation = await app.as('xushui').funds.allocations.create({
      batchId: central.id,
      use: 'industry',
      purpose: '到户产业',
      amountFen: 400_000,
      projectId: 77,
      projectTitle: '没有项目库的县也能登记项目',
      reachesHouseholds: true,
      idempotencyKey: key('allocation'),
    });
    await app.as('xushui').funds.spending.record({ allocationId: allocation.id, amountFen: 100_000, paidOn: '2023-06-01', idempotencyKey: key('spend') });
    await expect(
      app.as('xushui').funds.spending.record({ allocationId: allocation.id, amountFen: 300_001, paidOn: '2023-06-02', idempotencyKey: key('spend') }),
    ).rejects.toMatchObject({ reason: 'exceeds-allocation' });
    const progress = await app.as('xushui').funds.dashboard.spendingProgress({ year: 2023 });
    expect(progress.region).toEqual({ allocatedFen: 400_000, paidFen: 100_000, progressBasisPoints: 2_500 });
    const slow = await app.as('baoding').funds.dashboard.slowSpending({ year: 2023, thresholdBasisPoints: 5_000 });
    expect(slow.slow.map((county) => county.countyCode)).toEqual(['130609']);
    expect(slow.nothingAllocated).toEqual(['130602']);
    const share = await app.as('xushui').funds.dashboard.industryShare({ year: 2023 });
    expect(share.region.reachesHouseholdsFen).toBe(400_000);
  });

  it('refuses another county’s user and a county without the module', async () => {
    const [own] = await app.as('xushui').funds.batches.list({ year: 2022 });
    await expect(app.as('jingxiu').funds.batches.list({ regionCode: '130609', year: 2022 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      app.as('jingxiu').funds.allocations.create({ batchId: own?.id ?? 0, use: 'industry', purpose: 'x', amountFen: 1, idempotencyKey: key('steal') }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('changan').funds.dashboard.industryShare({ year: 2022 })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'module-not-enabled',
    });
    await expect(
      app.as('ansu').funds.batches.create({
        year: 2022,
        level: 'central',
        documentNumber: '乡镇〔2022〕1号',
        documentDate: '2022-03-01',
        amountFen: 1,
        idempotencyKey: key('township'),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('funds and projects together: the full story', () => {
  let app: TestApp<[typeof fundsPlugin, typeof projectsPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({ plugins: [fundsPlugin, projectsPlugin], enable: { '130609': ['funds', 'projects'], '130602': ['projects'] } });
  });
  afterAll(() => app?.close());

  const VILLAGE = '130609101201';
  const notice = (projectId: number, kind: 'village-publicity' | 'township-publicity' | 'county-publicity' | 'county-announcement') =>
    app.as('xushui').projects.notices.publish({ projectId, kind, startDate: '2026-02-01', endDate: '2026-02-10', content: '公示' });

  it('apply → approve → allocate → start → pay → progress → pay → accept → pay the rest, with share and spending progress following', async () => {
    const xushui = app.as('xushui');
    const central = await xushui.funds.batches.create({
      year: 2026,
      level: 'central',
      documentNumber: '冀财农〔2026〕1号',
      documentDate: '2026-01-20',
      amountFen: 2_000_000,
      idempotencyKey: key('batch'),
    });
    const project = await app.as('juwei').projects.submit({
      villageCode: '130609100002',
      title: '食用菌大棚（合成）',
      category: 'industry',
      budgetFen: 1_000_000,
      epidemicUrgent: true,
      raisesIncome: true,
      povertyExitedHouseholds: 12,
      monitoredHouseholds: 3,
      linksFarmers: true,
    });
    expect(project.priority).toBe(true);
    await notice(project.id, 'village-publicity');
    await app.as('ansu').projects.review({ id: project.id, decision: 'pass' });
    await notice(project.id, 'township-publicity');
    await xushui.projects.approve({ id: project.id, decision: 'pass' });
    expect((await xushui.projects.fundingQueue({}))[0]).toMatchObject({ id: project.id, shortfallFen: 1_000_000 });

    let share = await xushui.funds.dashboard.industryShare({ year: 2026 });
    expect(share.region.central.test).toMatchObject({ passed: false, shareBasisPoints: 0 });
    const allocation = await xushui.funds.allocations.create({
      batchId: central.id,
      use: 'industry',
      purpose: '产业发展',
      amountFen: 1_000_000,
      projectId: project.id,
      projectTitle: project.title,
      linksFarmers: true,
      idempotencyKey: key('allocation'),
    });
    await xushui.funds.allocations.create({ batchId: central.id, use: 'other', purpose: '基础设施', amountFen: 900_000, idempotencyKey: key('allocation') });
    await app.settle();
    share = await xushui.funds.dashboard.industryShare({ year: 2026 });
    expect(share.region.central.test).toMatchObject({ passed: false, shareBasisPoints: 5_000, reallocationNeededFen: 100_000 });
    const detail = await xushui.projects.get({ id: project.id });
    expect(detail).toMatchObject({ fundSource: 'linkage-funds', capFen: 1_000_000, allocations: [{ fundsAllocationId: allocation.id, amountFen: 1_000_000 }] });
    expect(await xushui.projects.fundingQueue({})).toEqual([]);

    await notice(project.id, 'county-publicity');
    await notice(project.id, 'county-announcement');
    await xushui.projects.tender({ id: project.id, winningBidder: '某农业工程公司（合成）' });
    await xushui.projects.start({ id: project.id });
    await xushui.projects.payments.pay({ projectId: project.id, amountFen: 400_000, idempotencyKey: key('pay') });
    await app.settle();
    let progress = await xushui.funds.dashboard.spendingProgress({ year: 2026 });
    expect(progress.region).toEqual({ allocatedFen: 1_900_000, paidFen: 400_000, progressBasisPoints: 2_105 });

    await app.as('juwei').projects.progress.report({ projectId: project.id, progressBasisPoints: 7_000, text: '大棚主体完工', attachments: ['大棚.jpg'] });
    await expect(xushui.projects.payments.pay({ projectId: project.id, amountFen: 300_001, idempotencyKey: key('pay') })).rejects.toMatchObject({
      reason: 'payment-refused',
    });
    await xushui.projects.payments.pay({ projectId: project.id, amountFen: 300_000, idempotencyKey: key('pay') });
    await xushui.projects.progress.report({ projectId: project.id, progressBasisPoints: 10_000, text: '完工' });
    await xushui.projects.complete({ id: project.id });
    await expect(xushui.projects.payments.pay({ projectId: project.id, amountFen: 300_000, idempotencyKey: key('pay') })).rejects.toMatchObject({
      details: { reasons: [expect.objectContaining({ code: 'final-payment-before-acceptance' })] },
    });
    await xushui.projects.accept({ id: project.id });
    const idempotencyKey = key('pay');
    await xushui.projects.payments.pay({ projectId: project.id, amountFen: 300_000, idempotencyKey });
    await xushui.projects.payments.pay({ projectId: project.id, amountFen: 300_000, idempotencyKey });
    await app.settle();
    progress = await xushui.funds.dashboard.spendingProgress({ year: 2026 });
    expect(progress.region).toEqual({ allocatedFen: 1_900_000, paidFen: 1_000_000, progressBasisPoints: 5_263 });
    const [spent] = await xushui.funds.allocations.list({ projectId: project.id });
    expect(spent).toMatchObject({ amountFen: 1_000_000, spentFen: 1_000_000 });
    const indicators = await xushui.indicators.values({});
    expect(indicators.find((value) => value.key === 'funds.spending-progress')?.value).toBe(5_263);
    expect(indicators.find((value) => value.key === 'funds.central-industry-share')?.value).toBe(5_000);
  });

  it('caps payments at the allocation when funds is in use, refusing before anything is allocated', async () => {
    const xushui = app.as('xushui');
    const project = await app.as('xushui').projects.submit({ villageCode: VILLAGE, title: '未安排资金（合成）', category: 'industry', budgetFen: 1_000_000 });
    await notice(project.id, 'village-publicity');
    await notice(project.id, 'township-publicity');
    await notice(project.id, 'county-publicity');
    await notice(project.id, 'county-announcement');
    await xushui.projects.review({ id: project.id, decision: 'pass' });
    await xushui.projects.approve({ id: project.id, decision: 'pass' });
    await xushui.projects.tender({ id: project.id, winningBidder: '合成公司' });
    await xushui.projects.start({ id: project.id });
    await expect(xushui.projects.payments.pay({ projectId: project.id, amountFen: 300_000, idempotencyKey: key('pay') })).rejects.toMatchObject({
      details: { reasons: [expect.objectContaining({ code: 'no-allocation' })] },
    });
    const central = await xushui.funds.batches.create({
      year: 2026,
      level: 'central',
      documentNumber: '冀财农〔2026〕2号',
      documentDate: '2026-02-01',
      amountFen: 600_000,
      idempotencyKey: key('batch'),
    });
    await xushui.funds.allocations.create({
      batchId: central.id,
      use: 'industry',
      purpose: '产业',
      amountFen: 600_000,
      projectId: project.id,
      projectTitle: project.title,
      idempotencyKey: key('allocation'),
    });
    await app.settle();
    // The allocation (600,000) is the project funds now: 50% of it is the most a first payment may be.
    const preview = await xushui.projects.payments.preview({ projectId: project.id, amountFen: 300_001 });
    expect(preview).toMatchObject({ allowed: false, capFen: 600_000, maximumFen: 300_000, minimumFen: 180_000 });
    // Manual spending on a project allocation is refused while the county uses the project library.
    const [allocation] = await xushui.funds.allocations.list({ projectId: project.id });
    await expect(
      xushui.funds.spending.record({ allocationId: allocation?.id ?? 0, amountFen: 1, paidOn: '2026-02-02', idempotencyKey: key('spend') }),
    ).rejects.toMatchObject({ reason: 'spending-recorded-by-projects' });
  });

  it('a county with projects but not funds pays from the budget and records no linkage spending', async () => {
    const jingxiu = app.as('jingxiu');
    const project = await jingxiu.projects.submit({ villageCode: '130602001002', title: '竞秀项目（合成）', category: 'industry', budgetFen: 100_000 });
    for (const kind of ['village-publicity', 'township-publicity', 'county-publicity', 'county-announcement'] as const) {
      await jingxiu.projects.notices.publish({ projectId: project.id, kind, startDate: '2026-02-01', endDate: '2026-02-10', content: '公示' });
    }
    await jingxiu.projects.review({ id: project.id, decision: 'pass' });
    await jingxiu.projects.approve({ id: project.id, decision: 'pass' });
    await jingxiu.projects.tender({ id: project.id, winningBidder: '合成公司' });
    await jingxiu.projects.start({ id: project.id });
    const { payment } = await jingxiu.projects.payments.pay({ projectId: project.id, amountFen: 50_000, idempotencyKey: key('pay') });
    expect(payment).toMatchObject({ fundSource: 'project-budget', capFen: 100_000 });
    await app.settle();
    expect(app.host.runtime.events.deliveries.at(-1)).toMatchObject({ event: 'projects.payment-made', plugin: 'funds', outcome: 'skipped-module-disabled' });
    await expect(jingxiu.funds.dashboard.spendingProgress({ year: 2026 })).rejects.toMatchObject({ reason: 'module-not-enabled' });
  });

  it('demo seeders fill Xushui with synthetic funds and projects at several stages', async () => {
    const options = { counties: ['130609', '130602'], seed: 1, households: 0, logger: silentLogger };
    await seedPluginDemo(app.host, fundsPlugin, options);
    await seedPluginDemo(app.host, projectsPlugin, options);
    const share = await app.as('xushui').funds.dashboard.industryShare({ year: 2022 });
    expect(share.region.central.test?.passed).toBe(true);
    expect(share.region.fourLevel.test?.passed).toBe(false);
    const demo = (await app.as('xushui').projects.list({})).filter((project) => project.title.startsWith('【演示】'));
    expect(new Set(demo.map((project) => project.stage))).toEqual(new Set(['applied', 'township-reviewed', 'approved', 'started', 'accepted']));
    expect(demo[0]?.priority).toBe(true);
    expect((await app.as('jingxiu').projects.list({})).some((project) => project.title.startsWith('【演示】'))).toBe(false);
  });
});
