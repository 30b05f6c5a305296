import { auditLog, eventOutbox } from '@zhenxing/db';
import { and, count, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdMonths, visits } from '../src/server/schema.ts';
import { household, incomeChanges, OTHER_VILLAGE, refusedFields, startApp, visit, type App } from './helpers.ts';

/** 2026-03-05 10:00 in Shanghai. */
const MORNING = '2026-03-05T02:00:00Z';

describe('§3 a monthly visit: recorded once, checked, and acted on', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    app.clock.set('2026-03-06T02:00:00Z');
  });
  afterAll(() => app?.close());

  const visitCount = async () => Number((await app.db.select({ n: count() }).from(visits))[0]?.n ?? 0);

  it('records a visit with the checklist evaluated by the rules and measures suggested, audited', async () => {
    const target = await household(app);
    const { visit: recorded, repeated } = await app.as('juwei').visits.record(
      visit(target, MORNING, {
        checklist: {
          foodAndClothingSecure: true,
          housingGrade: 'C',
          members: target.memberIds.map((memberId) => ({ memberId, schooling: 'enrolled', medicalInsured: true })),
          water: { quantity: true, quality: false, reliability: true, convenience: true },
        },
      }),
    );
    expect(repeated).toBe(false);
    expect(recorded).toMatchObject({ householdId: target.id, visitedOn: '2026-03-05', month: '2026-03', recordedBy: 'juwei' });
    expect(recorded.checklistResult.findings.map((finding) => finding.code)).toEqual(['housing-dangerous', 'water-quality-unsafe']);
    expect(recorded.checklistResult.basicNeedsSecure).toBe(false);
    expect(recorded.suggestedMeasures.map((measure) => measure.measure)).toEqual(['housing-renovation', 'drinking-water']);
    const entries = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'visits'), eq(auditLog.entityId, String(recorded.id))));
    expect(entries.map((entry) => entry.action)).toEqual(['visit.record']);
  });

  it('a finding opens a monitoring signal with source `visit` and a case for the household', async () => {
    const target = await household(app);
    const { visit: recorded } = await app.as('juwei').visits.record(
      visit(target, MORNING, {
        checklist: {
          foodAndClothingSecure: true,
          housingGrade: 'D',
          members: target.memberIds.map((memberId) => ({ memberId, schooling: 'enrolled', medicalInsured: true })),
          water: { quantity: true, quality: true, reliability: true, convenience: true },
        },
      }),
    );
    await app.settle();
    const signals = await app.as('xushui').monitoring.signals.list({ householdId: target.id });
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ source: 'visit', householdId: target.id, detectedOn: '2026-03-05', riskTypes: ['housing-unsafe'] });
    expect(signals[0]?.summary).toContain('住房为危房');
    expect(signals[0]?.evidence).toMatchObject({ visitId: recorded.id, findingCodes: ['housing-dangerous'] });
  });

  it('a risk the visitor ticks opens a signal too, named in Chinese', async () => {
    const target = await household(app);
    await app.as('juwei').visits.record(visit(target, MORNING, { riskTypes: ['illness'], findings: '户主住院' }));
    await app.settle();
    const [signal] = await app.as('xushui').monitoring.signals.list({ householdId: target.id });
    expect(signal).toMatchObject({ source: 'visit', riskTypes: ['illness'], summary: '走访发现：风险：因病' });
  });

  it('a quiet visit raises no signal', async () => {
    const target = await household(app);
    await app.as('juwei').visits.record(visit(target, MORNING));
    await app.settle();
    expect(await app.as('xushui').monitoring.signals.list({ householdId: target.id })).toHaveLength(0);
  });

  it('an income change reaches the registry: the year’s income moves in the visit’s transaction, with history and audit naming the visit; the event still goes out', async () => {
    const target = await household(app);
    const { visit: recorded } = await app
      .as('juwei')
      .visits.record(
        visit(target, MORNING, { incomeChanges: { wagesFen: -360_000, transfersFen: 50_000 }, employment: { state: 'declined', note: '工厂停工' } }),
      );
    await app.settle();
    expect(incomeChanges.filter((change) => change.householdId === target.id)).toEqual([
      {
        countyCode: '130609',
        villageCode: '130609100002',
        householdId: target.id,
        visitId: recorded.id,
        visitedOn: '2026-03-05',
        year: 2026,
        changes: { wagesFen: -360_000, businessFen: 0, propertyFen: 0, transfersFen: 50_000, productionCostsFen: 0 },
      },
    ]);
    // 2026 had no row: it starts from 2025's (wages 18 000 yuan, business 2 000, transfers 1 500, costs 500) plus the changes.
    const detail = await app.as('xushui').registry.households.get({ id: target.id });
    expect(detail.incomes.find((income) => income.year === 2026)).toMatchObject({
      wagesFen: 1_440_000,
      businessFen: 200_000,
      propertyFen: 0,
      transfersFen: 200_000,
      productionCostsFen: 50_000,
    });
    expect(detail.incomes.find((income) => income.year === 2025)).toMatchObject({ wagesFen: 1_800_000, transfersFen: 150_000 });
    const [history] = detail.history.filter((entry) => entry.action === `visits.visit:${recorded.id}`);
    expect(history).toMatchObject({ username: 'juwei' });
    expect(history?.changes['income:2026']?.[1]).toMatchObject({ year: 2026, wagesFen: 1_440_000 });
    const [audit] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.plugin, 'visits'), eq(auditLog.action, 'visit.income-applied'), eq(auditLog.entityId, `${target.id}:2026`)));
    expect(audit?.after).toMatchObject({ visitId: recorded.id, carriedFrom: 2025, wagesFen: 1_440_000 });

    // A second visit the same year adds to the 2026 row; a fall below zero stays at zero and is reported.
    const { visit: second } = await app
      .as('juwei')
      .visits.record(visit(target, '2026-03-05T03:00:00Z', { incomeChanges: { wagesFen: 60_000, propertyFen: -10_000 } }));
    const after = await app.as('xushui').registry.households.get({ id: target.id });
    expect(after.incomes.find((income) => income.year === 2026)).toMatchObject({ wagesFen: 1_500_000, propertyFen: 0, transfersFen: 200_000 });
    const [secondAudit] = await app.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'visit.income-applied'), eq(auditLog.entityId, `${target.id}:2026`)))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(secondAudit?.after).toMatchObject({ visitId: second.id, carriedFrom: null, clamped: ['propertyFen'] });

    const quiet = await household(app);
    await app.as('juwei').visits.record(visit(quiet, MORNING));
    await app.settle();
    expect(incomeChanges.filter((change) => change.householdId === quiet.id)).toEqual([]);
    expect((await app.as('xushui').registry.households.get({ id: quiet.id })).incomes.map((income) => income.year)).toEqual([2025]);
  });

  it('a refused visit leaves the registry income untouched (nothing half written)', async () => {
    const target = await household(app);
    const before = await app.as('xushui').registry.households.get({ id: target.id });
    const refused = app.as('juwei').visits.record(
      visit(target, MORNING, {
        incomeChanges: { wagesFen: 100_000 },
        checklist: {
          ...visit(target, MORNING).checklist,
          members: target.memberIds.slice(0, 1).map((memberId) => ({ memberId, schooling: 'enrolled', medicalInsured: true })),
        },
      }),
    );
    expect(await refusedFields(refused)).toEqual(['checklist.members']);
    const after = await app.as('xushui').registry.households.get({ id: target.id });
    expect(after.incomes).toEqual(before.incomes);
    expect(after.history).toEqual(before.history);
  });

  it('a second sync of the same client id returns the first visit and writes no second row or event', async () => {
    const target = await household(app);
    const input = visit(target, MORNING, { recordedOffline: true, startedAt: '2026-03-05T01:50:00Z', incomeChanges: { businessFen: 10_000 } });
    const first = await app.as('juwei').visits.record(input);
    await app.settle();
    const before = await visitCount();
    const second = await app.as('juwei').visits.record(input);
    expect(second.repeated).toBe(true);
    expect(second.visit).toEqual(first.visit);
    expect(await visitCount()).toBe(before);
    await app.settle();
    expect(incomeChanges.filter((change) => change.householdId === target.id)).toHaveLength(1);
    expect(first.visit).toMatchObject({ recordedOffline: true, startedAt: '2026-03-05T01:50:00.000Z' });
  });

  it('refuses a client id already used for another household', async () => {
    const first = await household(app);
    const second = await household(app);
    const input = visit(first, MORNING);
    await app.as('juwei').visits.record(input);
    expect(await refusedFields(app.as('juwei').visits.record({ ...visit(second, MORNING), clientId: input.clientId }))).toEqual(['clientId']);
  });

  it('a visit pre-filled from an older visit than the server’s latest is a CONFLICT (409), nothing written; a replay of the winner still answers', async () => {
    const target = await household(app);
    const first = await app.as('juwei').visits.record(visit(target, '2026-03-02T02:00:00Z', { basedOnVisitId: null }));
    // Two forms opened on the same prefill (last visit = first); one syncs, then the other.
    const winner = visit(target, MORNING, { basedOnVisitId: first.visit.id, recordedOffline: true });
    await app.as('juwei').visits.record(winner);
    const before = await visitCount();
    const late = app.as('juwei').visits.record(visit(target, MORNING, { basedOnVisitId: first.visit.id, recordedOffline: true }));
    await expect(late).rejects.toMatchObject({ code: 'CONFLICT', reason: 'visit-conflict' });
    expect(await visitCount()).toBe(before);
    // A form that saw no visit at all, once the household has one, conflicts too.
    await expect(app.as('juwei').visits.record(visit(target, MORNING, { basedOnVisitId: null }))).rejects.toMatchObject({ code: 'CONFLICT' });
    // The winner's own replay is a repeat, not a conflict.
    expect((await app.as('juwei').visits.record(winner)).repeated).toBe(true);
  });

  describe('bad input: a clear field error, nothing written', () => {
    it('a visit dated in the future', async () => {
      const target = await household(app);
      const before = await visitCount();
      expect(await refusedFields(app.as('juwei').visits.record(visit(target, '2026-03-07T02:00:00Z')))).toEqual(['visitedAt']);
      expect(await visitCount()).toBe(before);
    });

    it('a visit dated before the household existed', async () => {
      const target = await household(app);
      const before = await visitCount();
      const registryBefore = await app.as('xushui').registry.households.get({ id: target.id });
      const refused = app.as('juwei').visits.record(visit(target, '2026-02-20T02:00:00Z', { incomeChanges: { wagesFen: 50_000 } }));
      await expect(refused).rejects.toMatchObject({
        reason: 'invalid-input',
        details: { fieldErrors: { visitedAt: ['before-household'] } },
        localized: { 'zh-CN': expect.stringContaining('早于该户建档时间'), en: expect.stringContaining('before the household was registered') },
      });
      expect(await refusedFields(app.as('juwei').visits.record(visit(target, '2026-02-20T02:00:00Z')))).toEqual(['visitedAt']);
      // Nothing half written: no visit, no tallied month, no registry income row.
      expect(await visitCount()).toBe(before);
      expect(await app.db.select({ n: count() }).from(householdMonths).where(eq(householdMonths.householdId, target.id))).toEqual([{ n: 0 }]);
      const registryAfter = await app.as('xushui').registry.households.get({ id: target.id });
      expect(registryAfter.incomes).toEqual(registryBefore.incomes);
      expect(registryAfter.history).toEqual(registryBefore.history);
    });

    it('a household outside the cadre’s village answers not found, naming the field', async () => {
      const elsewhere = await household(app, { village: OTHER_VILLAGE });
      const before = await visitCount();
      const failure = app.as('juwei').visits.record(visit(elsewhere, MORNING));
      await expect(failure).rejects.toMatchObject({
        code: 'NOT_FOUND',
        localized: { 'zh-CN': expect.stringContaining('不在您包联的村'), en: expect.stringContaining('outside your villages') },
      });
      expect(await refusedFields(app.as('juwei').visits.record(visit(elsewhere, MORNING)))).toEqual(['householdId']);
      expect(await visitCount()).toBe(before);
      expect(await app.db.select({ n: count() }).from(householdMonths).where(eq(householdMonths.householdId, elsewhere.id))).toEqual([{ n: 0 }]);
    });

    it('invalid checklist values', async () => {
      const target = await household(app);
      const before = await visitCount();
      const [head] = target.memberIds;
      const missingMember = visit(target, MORNING, {
        checklist: {
          foodAndClothingSecure: true,
          housingGrade: 'A',
          members: [{ memberId: head as number, schooling: 'not-applicable', medicalInsured: true }],
          water: { quantity: true, quality: true, reliability: true, convenience: true },
        },
      });
      expect(await refusedFields(app.as('juwei').visits.record(missingMember))).toEqual(['checklist.members']);
      const badGrade = visit(target, MORNING);
      const broken = { ...badGrade, checklist: { ...badGrade.checklist, housingGrade: 'E' } } as unknown as typeof badGrade;
      expect(await refusedFields(app.as('juwei').visits.record(broken))).toEqual(['checklist.housingGrade']);
      expect(await refusedFields(app.as('juwei').visits.record(visit(target, MORNING, { incomeChanges: { wagesFen: 1.5 } })))).toEqual([
        'incomeChanges.wagesFen',
      ]);
      expect(await visitCount()).toBe(before);
      expect(await app.db.select({ n: count() }).from(eventOutbox)).toEqual([{ n: 0 }]);
    });
  });

  describe('region scoping', () => {
    it('another county can neither read nor write Xushui’s visits', async () => {
      const target = await household(app);
      const { visit: recorded } = await app.as('juwei').visits.record(visit(target, MORNING));
      await expect(app.as('jingxiu').visits.list({ regionCode: '130609' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await app.as('jingxiu').visits.list({})).map((row) => row.id)).not.toContain(recorded.id);
      await expect(app.as('jingxiu').visits.changes({ visitId: recorded.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(app.as('jingxiu').visits.prefill({ householdId: target.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(app.as('jingxiu').visits.record(visit(target, MORNING))).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        app.as('jingxiu').visits.assignments.assign({ householdId: target.id, cadreName: '越权', cadreKind: 'village-cadre', effectiveFrom: '2026-03-01' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        app
          .as('jingxiu')
          .visits.assignments.assign({ villageCode: '130609100002', cadreName: '越权', cadreKind: 'village-cadre', effectiveFrom: '2026-03-01' }),
      ).rejects.toThrow();
      expect((await app.as('baoding').visits.list({})).map((row) => row.id)).toContain(recorded.id);
    });

    it('the medical spending change is a health detail: hidden from readers without registry.pii.view', async () => {
      const target = await household(app);
      const { visit: recorded } = await app.as('juwei').visits.record(visit(target, MORNING, { spendingChanges: { medicalFen: 1_234_500, otherFen: 2_000 } }));
      expect(recorded.spendingChanges.medicalFen).toBe(1_234_500);
      const seenByCity = (await app.as('baoding').visits.list({ householdId: target.id }))[0];
      expect(seenByCity).toMatchObject({ healthHidden: true, spendingChanges: { medicalFen: null, otherFen: 2_000 } });
      const changes = await app.as('baoding').visits.changes({ visitId: recorded.id });
      expect(JSON.stringify(changes)).not.toContain('1234500');
    });
  });

  it('prefill opens the form with the last visit and the registry values; changes shows what differs', async () => {
    const target = await household(app);
    const empty = await app.as('juwei').visits.prefill({ householdId: target.id });
    expect(empty.lastVisit).toBeNull();
    expect(empty.income).toMatchObject({ year: 2025, wagesFen: 1_800_000 });
    expect(empty.members.map((member) => member.schooling)).toEqual(['not-applicable', 'enrolled']);
    expect(JSON.stringify(empty)).not.toMatch(/\d{17}[\dX]/);
    expect(JSON.stringify(empty)).not.toContain('2014-09-01');
    const first = await app.as('juwei').visits.record(visit(target, '2026-03-01T02:00:00Z'));
    const second = await app
      .as('juwei')
      .visits.record(visit(target, MORNING, { employment: { state: 'declined', note: '' }, spendingChanges: { medicalFen: 80_000 } }));
    const filled = await app.as('juwei').visits.prefill({ householdId: target.id });
    expect(filled).toMatchObject({ lastVisit: { id: second.visit.id, visitedOn: '2026-03-05' }, dueThisMonth: true, visitedThisMonth: true });
    const { previous, changes } = await app.as('xushui').visits.changes({ visitId: second.visit.id });
    expect(previous?.id).toBe(first.visit.id);
    expect(changes.map((change) => [change.field, change.before, change.after])).toEqual([
      ['spendingChanges.medicalFen', 0, 80_000],
      ['employment.state', 'stable', 'declined'],
    ]);
  });
});
