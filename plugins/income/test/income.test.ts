import { auditLog } from '@zhenxing/db';
import { MAX_FEN } from '@zhenxing/core/inputs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { household, OTHER_COUNTY_VILLAGE, QUIET_VILLAGE, refusedFields, startApp, type App } from './helpers.ts';

describe('§2 income tracking and the income ledger (台账)', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  });
  afterAll(() => app?.close());

  it('reads the registry years, adds in-year changes per component, per capita through the rules', async () => {
    const target = await household(app);
    const before = await app.as('xushui').income.household({ householdId: target.id, year: 2026 });
    // 2026: 800,000 + 100,000 + 100,000 fen for two people; 2025: 2,200,000 fen.
    expect(before).toMatchObject({
      perCapitaFen: 500_000,
      basePerCapitaFen: 500_000,
      previousYearPerCapitaFen: 1_100_000,
      yearOnYearChangeFen: -600_000,
      inYearChangeFen: 0,
    });
    const { adjustment } = await app
      .as('xushui')
      .income.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-03-01', wagesFen: 400_000, note: '新找到工作' });
    expect(adjustment).toMatchObject({ source: 'manual', wagesFen: 400_000, recordedBy: 'xushui' });
    const after = await app.as('xushui').income.household({ householdId: target.id, year: 2026 });
    expect(after.current.wagesFen).toBe(1_200_000);
    expect(after).toMatchObject({ perCapitaFen: 700_000, inYearChangeFen: 200_000, yearOnYearChangeFen: -400_000 });
    // The year before: the registry's 2025 figures, no in-year change.
    expect(await app.as('xushui').income.household({ householdId: target.id, year: 2025 })).toMatchObject({
      perCapitaFen: 1_100_000,
      basePerCapitaFen: 1_100_000,
      adjustments: [],
    });
    const audited = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'income'), eq(auditLog.action, 'income.adjust'), eq(auditLog.entityId, String(adjustment.id))));
    expect(audited).toHaveLength(1);
  });

  it('flags a household whose income fell and is low, with the rules reasons and parameter version; closes when the flags clear', async () => {
    const target = await household(app);
    const summary = await app.as('xushui').income.ledger.rerun({ year: 2026 });
    expect(summary.opened).toBeGreaterThanOrEqual(1);
    const [entry] = (await app.as('xushui').income.ledger.list({ year: 2026 })).filter((row) => row.householdId === target.id);
    expect(entry).toMatchObject({
      status: 'open',
      fell: true,
      low: true,
      perCapitaFen: 500_000,
      previousYearPerCapitaFen: 1_100_000,
      parameterVersion: 'hebei-2025.1',
      hasPlan: false,
    });
    expect(entry?.reasons.map((reason) => reason.code)).toEqual(['income-fell', 'income-within-line', 'income-below-low-threshold']);
    // A second run changes nothing for it.
    const again = await app.as('xushui').income.ledger.rerun({ year: 2026 });
    expect(again.opened).toBe(0);
    // Wages back up: per capita 1,500,000 fen, above last year and every threshold — the entry closes at once.
    const { ledger } = await app.as('xushui').income.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-03-02', wagesFen: 2_000_000 });
    expect(ledger).toBe('closed');
    const [closed] = (await app.as('xushui').income.ledger.list({ year: 2026, status: 'closed' })).filter((row) => row.householdId === target.id);
    expect(closed).toMatchObject({ status: 'closed', fell: false, low: false, closedOn: '2026-03-02', reasons: [] });
    expect(closed?.history.map((item) => item.status)).toEqual(['open', 'closed']);
  });

  it('replays a flag under another parameter version (a different monitoring line, another reason list)', async () => {
    // 1,600,000 fen for two people: 8,000 yuan per capita, no 2025 record.
    const target = await household(app, { wages2026: 1_400_000, wages2025: null });
    await app.as('xushui').income.ledger.rerun({ year: 2026 });
    const [entry] = (await app.as('xushui').income.ledger.list({ year: 2026 })).filter((row) => row.householdId === target.id);
    expect(entry?.fell).toBe(false);
    expect(entry?.reasons.map((reason) => reason.code)).toEqual(['income-within-line', 'income-below-low-threshold']);
    const replay = await app.as('xushui').income.ledger.replay({ entryId: entry?.id ?? 0, parameterVersion: 'hebei-2022.1' });
    expect(replay.recorded.parameterVersion).toBe('hebei-2025.1');
    expect(replay.replayed).toMatchObject({ parameterVersion: 'hebei-2022.1', low: true, fell: false });
    expect(replay.replayed.reasons.map((reason) => reason.code)).toEqual(['income-below-low-threshold']);
  });

  it('a plan: refused off the ledger, created for a ledger household, coverage reaches 100 %, overdue, completed', async () => {
    const target = await household(app, { village: QUIET_VILLAGE });
    const off = await household(app, { village: QUIET_VILLAGE, wages2026: 3_000_000 });
    await app.as('xushui').income.ledger.rerun({ year: 2026 });
    const plan = {
      measures: ['employment', 'skills-training'] as const,
      cadreName: '王建国',
      targetPerCapitaFen: 1_200_000,
      startOn: '2026-03-02',
      dueOn: '2026-06-30',
    };
    expect(await refusedFields(app.as('xushui').income.plans.create({ ...plan, measures: [...plan.measures], householdId: off.id }))).toEqual(['householdId']);
    const coverageBefore = await app.as('xushui').income.ledger.coverage({ regionCode: QUIET_VILLAGE, year: 2026 });
    expect(coverageBefore).toMatchObject({ open: 1, withPlan: 0, coverageBasisPoints: 0 });
    const created = await app.as('xushui').income.plans.create({ ...plan, measures: [...plan.measures], householdId: target.id });
    expect(created).toMatchObject({ status: 'active', progress: 0, overdue: false, measures: ['employment', 'skills-training'] });
    const coverage = await app.as('xushui').income.ledger.coverage({ regionCode: QUIET_VILLAGE, year: 2026 });
    expect(coverage).toMatchObject({ open: 1, withPlan: 1, coverageBasisPoints: 10_000, plansOverdue: 0 });
    await app.as('xushui').income.plans.recordProgress({ planId: created.id, progress: 60, note: '已参加培训' });
    app.clock.set('2026-07-01T02:00:00Z');
    const overdue = await app.as('xushui').income.plans.list({ regionCode: QUIET_VILLAGE, overdueOnly: true });
    expect(overdue.map((row) => [row.id, row.progress, row.overdue])).toEqual([[created.id, 60, true]]);
    const done = await app.as('xushui').income.plans.recordProgress({ planId: created.id, progress: 100 });
    expect(done).toMatchObject({ status: 'completed', overdue: false });
    expect(await refusedFields(app.as('xushui').income.plans.recordProgress({ planId: created.id, progress: 90 }))).toEqual(['planId']);
    const audited = await app.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'income'), eq(auditLog.entityType, 'income-plan'), eq(auditLog.entityId, String(created.id))));
    expect(audited.map((row) => row.action)).toEqual(['plan.create', 'plan.progress', 'plan.progress']);
    app.clock.set('2026-03-02T01:00:00Z');
  });

  it('region scoping: another county is refused and does not see the ledger, plans or incomes', async () => {
    const target = await household(app);
    const theirs = await household(app, { village: OTHER_COUNTY_VILLAGE });
    await app.as('xushui').income.ledger.rerun({ year: 2026 });
    await app.as('jingxiu').income.ledger.rerun({ year: 2026 });
    await expect(app.as('jingxiu').income.household({ householdId: target.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').income.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-03-01', wagesFen: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      app.as('jingxiu').income.plans.create({
        householdId: target.id,
        measures: ['industry'],
        cadreName: '越权',
        targetPerCapitaFen: 1,
        startOn: '2026-03-02',
        dueOn: '2026-04-01',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').income.ledger.list({ regionCode: '130609' })).rejects.toThrow();
    const theirLedger = await app.as('jingxiu').income.ledger.list({ year: 2026 });
    expect(theirLedger.map((row) => row.householdId)).toEqual([theirs.id]);
    const cityLedger = await app.as('baoding').income.ledger.list({ year: 2026 });
    expect(cityLedger.map((row) => row.householdId)).toEqual(expect.arrayContaining([target.id, theirs.id]));
  });

  it('refuses bad input as field errors: impossible dates, amounts past the fen limit, NUL bytes, a due date before the start', async () => {
    const target = await household(app);
    const caller = app.as('xushui').income;
    expect(await refusedFields(caller.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-02-30', wagesFen: 1 }))).toEqual(['recordedOn']);
    expect(await refusedFields(caller.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-03-01', wagesFen: MAX_FEN + 1 }))).toEqual(['wagesFen']);
    expect(await refusedFields(caller.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-03-01', wagesFen: 1, note: '坏\u0000字节' }))).toEqual([
      'note',
    ]);
    expect(await refusedFields(caller.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-03-01' }))).toEqual(['wagesFen']);
    expect(await refusedFields(caller.adjust({ householdId: target.id, year: 2026, recordedOn: '2026-12-01', wagesFen: 1 }))).toEqual(['recordedOn']);
    const plan = {
      householdId: target.id,
      measures: ['industry' as const],
      cadreName: '王建国',
      targetPerCapitaFen: 1_000_000,
      startOn: '2026-03-02',
      dueOn: '2026-06-30',
    };
    expect(await refusedFields(caller.plans.create({ ...plan, dueOn: '2026-02-29' }))).toEqual(['dueOn']);
    expect(await refusedFields(caller.plans.create({ ...plan, dueOn: '2026-03-01' }))).toEqual(['dueOn']);
    expect(await refusedFields(caller.plans.create({ ...plan, targetPerCapitaFen: MAX_FEN + 1 }))).toEqual(['targetPerCapitaFen']);
    expect(await refusedFields(caller.plans.create({ ...plan, cadreName: '王\u0000' }))).toEqual(['cadreName']);
    const adjustments = await caller.household({ householdId: target.id });
    expect(adjustments.adjustments).toEqual([]);
  });

  it('the nightly job re-runs the ledger over every enabled county', async () => {
    const target = await household(app);
    expect((await app.as('xushui').income.ledger.list({ year: 2026 })).map((entry) => entry.householdId)).not.toContain(target.id);
    const outcomes = await app.host.jobs.runDue();
    expect(outcomes.find((outcome) => outcome.job === 'income.ledger-rerun')?.outcome).toBe('ran');
    const [entry] = (await app.as('xushui').income.ledger.list({ year: 2026 })).filter((row) => row.householdId === target.id);
    expect(entry).toMatchObject({ status: 'open', fell: true, low: true });
  });
});
