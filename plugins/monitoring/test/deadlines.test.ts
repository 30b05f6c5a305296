import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, captured, D, household, openCase, startApp, walkToCountyApproval, type App } from './helpers.ts';

/** Runs the deadline-scan job for the tick at the current clock. */
async function scan(app: App) {
  const outcomes = await app.host.jobs.runDue();
  expect(outcomes.find((outcome) => outcome.job === 'monitoring.deadline-scan')?.outcome).toBe('ran');
  await app.settle();
}

describe('the 15-day clock: day 15 on time, day 16 overdue, escalation to city and province', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ '130609': ['registry', 'monitoring', 'listener'], '130602': ['registry', 'monitoring'] });
  });
  afterAll(() => app?.close());

  it('completes on day 15 on time and on day 16 late', async () => {
    at(app, 0);
    const onTime = await household(app);
    const late = await household(app);
    const onTimeCase = await openCase(app, onTime.id);
    const lateCase = await openCase(app, late.id);
    await walkToCountyApproval(app, onTimeCase, onTime.spouseId, 1);
    await walkToCountyApproval(app, lateCase, late.spouseId, 1);
    at(app, 15);
    const first = await app.as('xushui').monitoring.cases.approve({ caseId: onTimeCase, decision: 'pass' });
    expect(first).toMatchObject({ completedOn: '2026-03-17', deadlineStatus: 'done-on-time', progress: { daysElapsed: 15, daysRemaining: 0 } });
    at(app, 16);
    const second = await app.as('xushui').monitoring.cases.approve({ caseId: lateCase, decision: 'pass' });
    expect(second).toMatchObject({ completedOn: '2026-03-18', deadlineStatus: 'done-late', progress: { daysRemaining: -1 } });
    await app.settle();
    const included = captured.filter((event) => event.name === 'monitoring.household-included').map((event) => event.payload);
    expect(included.map((payload) => 'onTime' in payload && payload.onTime)).toEqual([true, false]);
  });

  it('keeps statuses current with the job: warning from day 10, overdue on day 16, then city and province', async () => {
    at(app, 20);
    const home = await household(app);
    const discovered = '2026-03-22';
    const caseId = await openCase(app, home.id, discovered);
    const view = async () => (await app.as('xushui').monitoring.cases.get({ id: caseId })).case;
    expect(await view()).toMatchObject({ deadlineOn: '2026-04-06', warningOn: '2026-04-01', deadlineStatus: 'on-track', escalationLevel: 'none' });

    at(app, '2026-03-31');
    await scan(app);
    expect((await view()).deadlineStatus).toBe('on-track');
    at(app, '2026-04-01');
    await scan(app);
    expect((await view()).deadlineStatus).toBe('warning');

    // Day 15 (the deadline day) is still not overdue.
    at(app, '2026-04-06');
    await scan(app);
    expect(await view()).toMatchObject({ deadlineStatus: 'warning', escalationLevel: 'none', progress: { daysRemaining: 0 } });
    expect((await app.as('xushui').monitoring.cases.overdue({})).cases).toEqual([]);

    // Day 16: overdue, escalated to the county.
    at(app, '2026-04-07');
    await scan(app);
    expect(await view()).toMatchObject({ deadlineStatus: 'overdue', escalationLevel: 'county', escalatedOn: '2026-04-07' });
    expect((await app.as('xushui').monitoring.cases.overdue({})).cases.map((item) => item.id)).toEqual([caseId]);
    expect((await app.as('baoding').monitoring.cases.overdue({})).cases).toEqual([]);
    expect((await app.as('xushui').monitoring.dashboard.summary({})).cases.overdue).toBe(1);

    // Five days past the deadline: the city; ten: the province (county defaults).
    at(app, '2026-04-10');
    await scan(app);
    expect((await view()).escalationLevel).toBe('county');
    at(app, '2026-04-11');
    await scan(app);
    expect((await view()).escalationLevel).toBe('city');
    expect((await app.as('baoding').monitoring.cases.overdue({})).cases.map((item) => item.id)).toEqual([caseId]);
    expect((await app.as('province').monitoring.cases.overdue({})).cases).toEqual([]);
    at(app, '2026-04-15');
    await scan(app);
    expect((await view()).escalationLevel).toBe('city');
    at(app, '2026-04-16');
    await scan(app);
    expect((await view()).escalationLevel).toBe('province');
    expect((await app.as('province').monitoring.cases.overdue({})).cases.map((item) => item.id)).toEqual([caseId]);
    // A neighbouring county never sees it.
    expect((await app.as('jingxiu').monitoring.cases.overdue({})).cases).toEqual([]);

    const escalations = captured.filter((event) => event.name === 'monitoring.identification-escalated').map((event) => event.payload);
    expect(escalations.map((payload) => 'level' in payload && payload.level)).toEqual(['county', 'city', 'province']);

    const values = await app.as('xushui').indicators.values({ regionCode: '130609' });
    expect(values.find((value) => value.key === 'monitoring.overdue-identifications')?.value).toBe(1);
  });

  it('warns as many days before the deadline as the county set', async () => {
    await app.host.runtime.modules.updateSettings(app.db, 'monitoring', '130609', { warningDaysBeforeDeadline: 2 }, null);
    at(app, '2026-04-20');
    const home = await household(app);
    const caseId = await openCase(app, home.id, '2026-04-20');
    const detail = await app.as('xushui').monitoring.cases.get({ id: caseId });
    expect(detail.case).toMatchObject({ deadlineOn: '2026-05-05', warningOn: '2026-05-03' });
    at(app, '2026-05-02');
    await scan(app);
    expect((await app.as('xushui').monitoring.cases.get({ id: caseId })).case.deadlineStatus).toBe('on-track');
    at(app, '2026-05-03');
    await scan(app);
    expect((await app.as('xushui').monitoring.cases.get({ id: caseId })).case.deadlineStatus).toBe('warning');
    await app.host.runtime.modules.updateSettings(app.db, 'monitoring', '130609', {}, null);
  });
});

describe('green channel: assist first, the procedure follows and is tracked', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('gives assistance at once to a sudden-risk case and tracks the open procedure until inclusion', async () => {
    at(app, 0);
    const home = await household(app, { status: 'ordinary', income: 'high' });
    const opened = await app.as('juwei').monitoring.signals.report({
      householdId: home.id,
      source: 'self-report',
      summary: '户主务工途中遭遇车祸，住院治疗',
      riskTypes: ['accident'],
      suddenRisk: { sudden: true, causes: ['accident'] },
    });
    const caseId = opened.caseId as number;
    expect(opened.case).toMatchObject({ greenChannel: true, greenChannelDecision: { eligible: true, procedure: 'assist-first' } });

    // Suggestions from the rules, then a measure the same day, before any step of the procedure.
    const suggested = await app.as('juwei').monitoring.measures.suggest({ householdId: home.id });
    expect(suggested.suggestions.map((item) => item.measure)).toEqual(['temporary-assistance', 'insurance']);
    const measure = await app
      .as('juwei')
      .monitoring.measures.add({ householdId: home.id, kind: 'temporary-assistance', responsibleUnit: '区民政局', amountFen: 500_000, startOn: D });
    expect(measure).toMatchObject({ greenChannel: true, caseId, objectId: null, amountFen: 500_000, status: 'active' });
    expect((await app.as('xushui').monitoring.cases.greenChannelOpen({})).map((item) => item.id)).toEqual([caseId]);
    expect((await app.as('xushui').monitoring.dashboard.summary({})).cases.greenChannelOpen).toBe(1);

    // The procedure still runs: a sudden difficulty above the line → 突发严重困难户.
    await app.as('juwei').monitoring.cases.verify({ caseId, consentSigned: true, findings: '核实：住院，务工收入中断' });
    await app.as('juwei').monitoring.cases.compare({
      caseId,
      overrides: { suddenEvent: { cause: 'accident', incomeFellSharply: true, spendingRoseSharply: true, basicLivingAffected: true } },
    });
    await app.as('juwei').monitoring.cases.villageReview({ caseId, decision: 'pass' });
    await app.as('juwei').monitoring.cases.postNotice({ caseId });
    at(app, 5);
    await app.as('juwei').monitoring.cases.completeNotice({ caseId });
    await app.as('ansu').monitoring.cases.townshipReview({ caseId, decision: 'pass' });
    const included = await app.as('xushui').monitoring.cases.approve({ caseId, decision: 'pass' });
    expect(included).toMatchObject({ step: 'included', objectType: 'sudden-severe-difficulty', riskCategories: ['sudden-difficulty'] });
    expect(await app.as('xushui').monitoring.cases.greenChannelOpen({})).toEqual([]);
    const [linked] = await app.as('xushui').monitoring.measures.list({ householdId: home.id });
    expect(linked?.objectId).toBe((await app.as('xushui').monitoring.cases.get({ id: caseId })).object?.id);
  });

  it('refuses the green channel for a risk that is not sudden, and measures for households neither monitored nor green-channel', async () => {
    at(app, 6);
    const home = await household(app);
    const caseId = await openCase(app, home.id, '2026-03-08');
    const refused = await app.as('ansu').monitoring.cases.greenChannel({ caseId, sudden: false, causes: ['other'] });
    expect(refused.decision).toMatchObject({ eligible: false, procedure: 'standard' });
    expect(refused.decision.reasons.map((item) => item.code)).toEqual(['not-sudden', 'no-qualifying-cause']);
    await expect(
      app.as('juwei').monitoring.measures.add({ householdId: home.id, kind: 'medical-aid', responsibleUnit: '区医保局', startOn: '2026-03-08' }),
    ).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'not-monitored',
    });
    const opened = await app.as('ansu').monitoring.cases.greenChannel({ caseId, sudden: true, causes: ['epidemic'] });
    expect(opened.case.greenChannel).toBe(true);
    expect(
      (await app.as('juwei').monitoring.measures.add({ householdId: home.id, kind: 'medical-aid', responsibleUnit: '区医保局', startOn: '2026-03-08' }))
        .greenChannel,
    ).toBe(true);
  });
});
