import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSummaries, addTrends } from '../src/server/figures.ts';
import { liveSummary, liveTrend, scopeFor, type DashboardSummary } from '../src/server/dashboard.ts';
import { talliesOf } from '../src/server/figures.ts';
import { lowIncomeHousehold } from '../src/testing.ts';
import { at, household, openCase, startApp, walkToCountyApproval, type App } from './helpers.ts';

const JINGXIU_VILLAGE = '130602001002';
const PROVINCE = scopeFor('13', ['130602', '130609']);

/** The figures of a summary, without who asked (regionCode and the county lists). */
const figuresOf = ({ regionCode: _region, counties: _counties, countiesWithoutModule: _without, ...figures }: DashboardSummary) => figures;

describe('city and province dashboards add up stored county figures, and stay exact', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ '130609': ['registry', 'monitoring'], '130602': ['registry', 'monitoring'] });
    at(app, 0);
    // Xushui: one household included after the full procedure, one case still open.
    const included = await household(app);
    const caseId = await openCase(app, included.id);
    await walkToCountyApproval(app, caseId, included.spouseId, 1);
    at(app, 7);
    await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'pass' });
    await openCase(app, (await household(app)).id, at(app, 8));
    // Jingxiu: one open case, reported by its county admin.
    const home = await app.as('jingxiu').registry.households.create(lowIncomeHousehold(JINGXIU_VILLAGE, 71));
    await app
      .as('jingxiu')
      .monitoring.signals.report({ householdId: home.household.id, source: 'cadre-screening', summary: '排查发现因病支出大', riskTypes: ['illness'] });
  });
  afterAll(() => app?.close());

  it('adds county figures up exactly as one live pass over both counties', async () => {
    const xushui = await liveSummary(app.db, scopeFor('130609', ['130609']));
    const jingxiu = await liveSummary(app.db, scopeFor('130602', ['130602']));
    const both = await liveSummary(app.db, PROVINCE);
    expect(figuresOf(addSummaries(PROVINCE, [xushui, jingxiu]))).toEqual(figuresOf(both));
    expect(both.cases).toMatchObject({ open: 2, included: 1, inclusionDaysCount: 1, averageDaysToInclusion: 7 });
    const today = '2026-03-10';
    const trends = [await liveTrend(app.db, scopeFor('130609', ['130609']), today, 36), await liveTrend(app.db, scopeFor('130602', ['130602']), today, 36)];
    expect(addTrends(PROVINCE, 12, trends).months).toEqual((await liveTrend(app.db, PROVINCE, today, 12)).months);
  });

  it('serves the province from county tallies kept by every write, and a change shows at once', async () => {
    const before = await app.as('province').monitoring.dashboard.summary({});
    expect(figuresOf(before)).toEqual(figuresOf(await liveSummary(app.db, PROVINCE)));
    expect(before.cases.open).toBe(2);
    const trend = await app.as('province').monitoring.dashboard.trend({ months: 12 });
    expect(trend.months).toEqual((await liveTrend(app.db, PROVINCE, '2026-03-10', 12)).months);
    expect(trend.months.reduce((total, month) => total + month.casesOpened, 0)).toBe(3);
    expect((await talliesOf(app.db, ['130609']))['cases.open']).toBe(1);
    const baoding = await app.as('baoding').monitoring.dashboard.summary({});
    expect(baoding).toMatchObject({ regionCode: '1306', counties: ['130602', '130609'] });
    expect(figuresOf(baoding)).toEqual(figuresOf(before));

    // A new case in Jingxiu: the tallies changed in the same transaction, no job in between.
    const home = await app.as('jingxiu').registry.households.create(lowIncomeHousehold(JINGXIU_VILLAGE, 72));
    await app
      .as('jingxiu')
      .monitoring.signals.report({ householdId: home.household.id, source: 'cadre-screening', summary: '排查发现因灾损失', riskTypes: ['natural-disaster'] });
    const after = await app.as('province').monitoring.dashboard.summary({});
    expect(after.cases.open).toBe(before.cases.open + 1);
    expect(figuresOf(after)).toEqual(figuresOf(await liveSummary(app.db, PROVINCE)));
  });
});
