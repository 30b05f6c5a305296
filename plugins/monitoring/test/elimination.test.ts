import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases, eliminations, objects } from '../src/server/schema.ts';
import { at, captured, household, openCase, startApp, walkToCountyApproval, type App } from './helpers.ts';

describe('risk elimination after six months, village review and notice, county approval', () => {
  let app: App;
  let objectId: number;
  let householdId: number;
  beforeAll(async () => {
    app = await startApp();
    at(app, 0);
    const home = await household(app);
    householdId = home.id;
    const caseId = await openCase(app, home.id);
    await walkToCountyApproval(app, caseId, home.spouseId, 1);
    at(app, 7);
    await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'pass' });
    objectId = (await app.as('xushui').monitoring.cases.get({ id: caseId })).object?.id as number;
  });
  afterAll(() => app?.close());

  const facts = { incomeAboveLineSince: '2026-03-10', basicNeedsSecure: true, drinkingWaterSecure: true };

  it('is blocked before six months, with every reason from the rules', async () => {
    at(app, '2026-06-10');
    const check = await app.as('juwei').monitoring.eliminations.check({ objectId, ...facts });
    expect(check.decision?.eligible).toBe(false);
    expect(check.decision?.blockers.map((item) => item.code)).toEqual(['monitored-less-than-minimum', 'no-assistance-measure', 'income-not-above-line']);
    await expect(app.as('juwei').monitoring.eliminations.propose({ objectId, ...facts })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'elimination-blocked',
      details: { blockers: expect.arrayContaining([expect.objectContaining({ code: 'monitored-less-than-minimum' })]) },
    });
    expect(await app.as('xushui').monitoring.eliminations.list({})).toEqual([]);
  });

  it('counts measures (coverage) and income rising above the line, and a new risk blocks until resolved', async () => {
    const suggested = await app.as('juwei').monitoring.measures.suggest({ householdId });
    expect(suggested.suggestions.map((item) => item.measure)).toEqual(expect.arrayContaining(['medical-aid', 'insurance']));
    expect((await app.as('xushui').monitoring.dashboard.summary({})).coverage).toMatchObject({ monitored: 1, covered: 0, basisPoints: 0 });
    const measure = await app.as('juwei').monitoring.measures.add({
      householdId,
      kind: 'medical-aid',
      responsibleUnit: '区医保局',
      amountFen: 350_000,
      startOn: '2026-03-10',
      endOn: '2026-12-31',
    });
    expect(measure).toMatchObject({ greenChannel: false, objectId, amountFen: 350_000 });
    expect((await app.as('xushui').monitoring.dashboard.summary({})).coverage).toMatchObject({ monitored: 1, covered: 1, basisPoints: 10_000 });
    const values = await app.as('xushui').indicators.values({ regionCode: '130609' });
    expect(values.find((value) => value.key === 'monitoring.assistance-coverage')?.value).toBe(100);
    expect(values.find((value) => value.key === 'monitoring.average-days-to-inclusion')?.value).toBe(7);

    await app.as('xushui').registry.incomes.record({
      householdId,
      income: { year: 2026, wagesFen: 2_400_000, businessFen: 300_000, propertyFen: 0, transfersFen: 120_000, productionCostsFen: 100_000 },
    });
    const risk = await app.as('juwei').monitoring.signals.report({ householdId, source: 'visit', summary: '走访发现子女辍学风险' });
    at(app, '2026-09-10');
    const blocked = await app.as('juwei').monitoring.eliminations.check({ objectId, ...facts });
    expect(blocked.decision?.blockers.map((item) => item.code)).toEqual(['new-risk-found']);
    await app.as('juwei').monitoring.signals.resolve({ id: risk.signal.id, resolution: '已劝返入学，落实教育资助' });
    expect((await app.as('juwei').monitoring.eliminations.check({ objectId, ...facts })).decision).toMatchObject({ eligible: true, blockers: [] });
  });

  it('goes through village review, a 5-day notice and county approval; the record is kept', async () => {
    const proposed = await app.as('juwei').monitoring.eliminations.propose({ objectId, ...facts, comment: '收入稳定超过监测范围' });
    expect(proposed).toMatchObject({ step: 'village-review', eligibility: { eligible: true } });
    const eliminationId = proposed.id;
    await expect(app.as('juwei').monitoring.eliminations.propose({ objectId, ...facts })).rejects.toMatchObject({ code: 'CONFLICT' });
    await app.as('juwei').monitoring.eliminations.villageReview({ eliminationId, decision: 'pass', comment: '评议通过' });
    await app.as('juwei').monitoring.eliminations.postNotice({ eliminationId });
    const notice = await app.as('juwei').monitoring.eliminations.notice({ id: eliminationId });
    expect(notice).toMatchObject({ kind: 'elimination', earliestEndOn: '2026-09-15' });
    expect(JSON.stringify(notice)).not.toMatch(/慢性病|\d{17}[\dX]/);
    await expect(app.as('juwei').monitoring.eliminations.completeNotice({ eliminationId })).rejects.toMatchObject({ reason: 'notice-period-not-met' });
    at(app, '2026-09-15');
    await app.as('juwei').monitoring.eliminations.completeNotice({ eliminationId });
    await expect(app.as('juwei').monitoring.eliminations.approve({ eliminationId, decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await app.as('xushui').monitoring.eliminations.approve({ eliminationId, decision: 'return', comment: '请补充饮水安全核查' });
    await app.as('juwei').monitoring.eliminations.villageReview({ eliminationId, decision: 'pass' });
    await app.as('juwei').monitoring.eliminations.postNotice({ eliminationId });
    at(app, '2026-09-20');
    await app.as('juwei').monitoring.eliminations.completeNotice({ eliminationId });
    const approved = await app.as('xushui').monitoring.eliminations.approve({ eliminationId, decision: 'approve', comment: '审定风险消除' });
    expect(approved).toMatchObject({ step: 'approved', approvedOn: '2026-09-20' });

    const [object] = await app.as('xushui').monitoring.objects.list({ status: 'risk-eliminated' });
    expect(object).toMatchObject({ id: objectId, status: 'risk-eliminated', eliminatedOn: '2026-09-20' });
    // The registry's household leaves 监测户 status again (a 脱贫户 here).
    expect((await app.as('xushui').registry.households.get({ id: householdId })).household.status).toBe('left-poverty');
    await app.settle();
    expect(captured.find((event) => event.name === 'monitoring.risk-eliminated')?.payload).toMatchObject({
      countyCode: '130609',
      householdId,
      objectId,
      eliminatedOn: '2026-09-20',
    });
    // Never deleted: case, object and elimination rows all remain.
    expect(await app.db.select().from(cases)).toHaveLength(1);
    expect(await app.db.select().from(objects)).toHaveLength(1);
    expect(await app.db.select().from(eliminations)).toHaveLength(1);

    const trend = await app.as('baoding').monitoring.dashboard.trend({ months: 12 });
    expect(trend.months).toHaveLength(12);
    expect(trend.months.at(-1)?.month).toBe('2026-09');
    expect(trend.months.find((month) => month.month === '2026-03')).toMatchObject({ casesOpened: 1, included: 1 });
    expect(trend.months.find((month) => month.month === '2026-09')).toMatchObject({ eliminated: 1 });
    expect(trend.countiesWithoutModule).toEqual(['130602']);
  });

  it('summarises monitored households by type, category and status for a region', async () => {
    at(app, '2026-09-21');
    const home = await household(app);
    const caseId = await openCase(app, home.id, '2026-09-21');
    await walkToCountyApproval(app, caseId, home.spouseId, 203); // D + 203 = 2026-09-21
    await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'pass' });
    const summary = await app.as('province').monitoring.dashboard.summary({});
    expect(summary.monitoredByType).toEqual([{ key: 'unstable-poverty-exited', value: 1 }]);
    expect(summary.monitoredByRiskCategory).toEqual([{ key: 'major-illness', value: 1 }]);
    expect(summary.objectsByStatus).toEqual([
      { key: 'monitored', value: 1 },
      { key: 'risk-eliminated', value: 1 },
    ]);
    expect(summary.casesByStep).toEqual([{ key: 'included', value: 2 }]);
    expect(summary.cases).toMatchObject({ included: 2, includedOnTime: 2, overdue: 0 });
    expect(summary.countiesWithoutModule).toEqual(expect.arrayContaining(['130602', '130102']));
  });
});
