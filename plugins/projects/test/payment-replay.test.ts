import { createTestApp, STANDARD_USERS, type TestApp } from '@zhenxing/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectsPlugin } from '../src/server/plugin.ts';

const VILLAGE = '130609100002';
type App = TestApp<[typeof projectsPlugin]>;

/**
 * Issue 18, "evaluate under …" for a payment decision (§5): the rules' answer for paying an amount
 * now under the set in force beside a chosen published set, with the reasons and the numbers that
 * differ. Read-only: nothing is paid.
 */
describe('replaying a payment decision under another published parameter set', () => {
  let app: App;
  beforeAll(async () => {
    app = await createTestApp({
      plugins: [projectsPlugin],
      enable: { '130609': ['projects'], '130602': ['projects'] },
      users: [...STANDARD_USERS, { username: 'reviewer', role: 'province_admin', scopeCode: '13' }],
    });
    // A set that lets the first payment go up to 60% of the project's funds, published for later.
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2030.1' });
    const { set } = await app.as('province').parameters.get({ version: 'hebei-2030.1' });
    const { version: _v, provinceCode: _p, effectiveFrom: _f, effectiveUntil: _u, ...values } = set;
    await app
      .as('province')
      .parameters.updateDraft({ id: draft.id, values: { ...values, disbursement: { ...values.disbursement, firstPaymentMaximumBasisPoints: 6_000 } } });
    await app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom: '2030-01-01' });
  });
  afterAll(() => app?.close());

  it('refuses a 55% first payment under the set in force and allows it under the chosen set, with the reasons', async () => {
    const project = await app.as('juwei').projects.submit({
      villageCode: VILLAGE,
      title: '首付款试算',
      category: 'industry',
      budgetFen: 1_000_000,
      povertyExitedHouseholds: 3,
      monitoredHouseholds: 1,
    });
    for (const [kind, step] of [
      ['village-publicity', () => app.as('ansu').projects.review({ id: project.id, decision: 'pass' })],
      ['township-publicity', () => app.as('xushui').projects.approve({ id: project.id, decision: 'pass' })],
      ['county-publicity', null],
      ['county-announcement', null],
    ] as const) {
      await app
        .as('xushui')
        .projects.notices.publish({ projectId: project.id, kind, startDate: '2026-02-01', endDate: '2026-02-10', content: `${kind} 公示内容` });
      if (step) await step();
    }
    await app.as('xushui').projects.tender({ id: project.id, winningBidder: '某建设公司（合成）' });
    await app.as('xushui').projects.start({ id: project.id });

    const replay = await app.as('xushui').projects.payments.replay({ projectId: project.id, amountFen: 550_000, version: 'hebei-2030.1' });
    expect(replay).toMatchObject({ replayedVersion: 'hebei-2030.1', changed: true });
    expect(replay.recorded).toMatchObject({ allowed: false, maximumFen: 500_000, reasons: [expect.objectContaining({ code: 'first-payment-above-maximum' })] });
    expect(replay.replayed).toMatchObject({ allowed: true, maximumFen: 600_000, parameterVersion: 'hebei-2030.1' });
    expect(replay.parameterChanges).toContainEqual({ path: 'disbursement.firstPaymentMaximumBasisPoints', before: 5_000, after: 6_000 });
    expect(replay.availableVersions).toContain('hebei-2030.1');
    // Nothing was paid, and another county cannot reach the project.
    expect(await app.as('xushui').projects.payments.list({ projectId: project.id })).toEqual([]);
    await expect(
      app.as('jingxiu').projects.payments.replay({ projectId: project.id, amountFen: 550_000, version: 'hebei-2030.1', regionCode: '130609' }),
    ).rejects.toMatchObject({ reason: 'out-of-scope' });
    await expect(app.as('xushui').projects.payments.replay({ projectId: project.id, amountFen: 550_000, version: 'hebei-2099.1' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
