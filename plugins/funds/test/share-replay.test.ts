import { createTestApp, STANDARD_USERS, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundsPlugin } from '../src/server/plugin.ts';

/**
 * Issue 18, "evaluate under …" for the §4 industry-share test: a funds year judged by its own set
 * beside a chosen published set, per region and county, with which verdict changes and why.
 */
describe('replaying the industry-share test under another published parameter set', () => {
  let app: TestApp<[typeof fundsPlugin]>;
  beforeAll(async () => {
    app = await createTestApp({
      plugins: [fundsPlugin],
      enable: { '130609': ['funds'], '130602': ['funds'] },
      users: [...STANDARD_USERS, { username: 'reviewer', role: 'province_admin', scopeCode: '13' }],
    });
    // A set asking 60% of central funds for industry, published for later.
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2030.1' });
    const { set } = await app.as('province').parameters.get({ version: 'hebei-2030.1' });
    const { version: _v, provinceCode: _p, effectiveFrom: _f, effectiveUntil: _u, ...values } = set;
    await app
      .as('province')
      .parameters.updateDraft({ id: draft.id, values: { ...values, industryFunds: { ...values.industryFunds, centralMinimumShareBasisPoints: 6_000 } } });
    await app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom: '2030-01-01' });
  });
  afterAll(() => app?.close());

  it('passes 55% under the year’s own set and fails it under a 60% minimum, with the amount still needed', async () => {
    const batch = await app.as('xushui').funds.batches.create({
      year: 2022,
      level: 'central',
      documentNumber: '冀财农〔2022〕1号',
      documentDate: '2022-03-01',
      amountFen: 1_000_000,
      idempotencyKey: 'replay-batch-1',
    });
    await app
      .as('xushui')
      .funds.allocations.create({ batchId: batch.id, use: 'industry', purpose: '产业发展', amountFen: 550_000, idempotencyKey: 'replay-allocation-1' });

    const replay = await app.as('xushui').funds.dashboard.industryShareReplay({ year: 2022, version: 'hebei-2030.1' });
    expect(replay).toMatchObject({ recordedVersion: 'hebei-2022.1', replayedVersion: 'hebei-2030.1' });
    expect(replay.region.changed).toBe(true);
    expect(replay.region.recorded.central.test).toMatchObject({ passed: true, shareBasisPoints: 5_500 });
    expect(replay.region.replayed.central.test).toMatchObject({ passed: false, reallocationNeededFen: 50_000 });
    expect(replay.region.replayed.central.test?.reasons.map((item) => item.code)).toContain('share-below-minimum');
    expect(replay.counties.find((county) => county.countyCode === '130609')?.changed).toBe(true);
    expect(replay.parameterChanges).toContainEqual({ path: 'industryFunds.centralMinimumShareBasisPoints', before: 5_500, after: 6_000 });
    // Another county is refused; an unknown version is not found.
    await expect(app.as('jingxiu').funds.dashboard.industryShareReplay({ year: 2022, version: 'hebei-2030.1', regionCode: '130609' })).rejects.toMatchObject({
      reason: 'out-of-scope',
    });
    await expect(app.as('xushui').funds.dashboard.industryShareReplay({ year: 2022, version: 'hebei-2099.1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
