import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases, objects } from '../src/server/schema.ts';
import { highIncomeHousehold } from '../src/testing.ts';
import { at, household, illnessOverrides, openCase, startApp, VILLAGE, type App } from './helpers.ts';

/**
 * Issue 18, "evaluate under …" beyond the household evaluation: an identification case's recorded
 * comparison and a risk-elimination check, each beside a chosen published set, with what changed
 * and why. Read-only procedures.
 */
describe('replaying an identification case and an elimination check under another published set', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await app.addUser({ username: 'reviewer', role: 'province_admin', scopeCode: '13' });
    at(app, '2026-03-02');
    // hebei-2026.1: a line of 15,000 yuan and a medical-warning base of 30,000 yuan, from tomorrow.
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.1' });
    const { set } = await app.as('province').parameters.get({ version: 'hebei-2026.1' });
    const { version: _v, provinceCode: _p, effectiveFrom: _f, effectiveUntil: _u, ...values } = set;
    await app.as('province').parameters.updateDraft({
      id: draft.id,
      values: {
        ...values,
        monitoringLineFen: 1_500_000,
        medicalWarning: { ...values.medicalWarning, previousYearRuralDisposableIncomeFen: 3_000_000 },
      },
    });
    await app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom: '2026-03-03' });
  });
  afterAll(() => app?.close());

  it('shows a case’s recorded comparison beside the chosen set: the illness category and the proposed type change, with reasons', async () => {
    const home = await household(app);
    const caseId = await openCase(app, home.id);
    await app.as('juwei').monitoring.cases.verify({ caseId, consentSigned: true, findings: '入户核实：配偶慢性病', riskTypes: ['illness'], attachments: [] });
    await app.as('juwei').monitoring.cases.compare({ caseId, overrides: illnessOverrides(home.spouseId) });

    const replay = await app.as('xushui').monitoring.cases.replay({ caseId, version: 'hebei-2026.1' });
    expect(replay.recordedDecision).toMatchObject({
      parameterVersion: 'hebei-2025.1',
      riskCategories: ['major-illness'],
      objectType: { type: 'unstable-poverty-exited' },
    });
    expect(replay.replay).toMatchObject({ recordedVersion: 'hebei-2025.1', replayedVersion: 'hebei-2026.1' });
    const illness = replay.replay.categories.find((category) => category.category === 'major-illness');
    // The cadre's recorded 12,000 yuan out of pocket is carried into the replay: above 50% of 19,364, not of 30,000.
    expect(illness).toMatchObject({ recordedMatched: true, replayedMatched: false, changed: true });
    expect(illness?.replayedReasons.map((reason) => reason.code)).toEqual(['out-of-pocket-within-warning-standard']);
    expect(replay.replay.objectType).toMatchObject({ changed: true, replayed: { type: null } });
    expect(replay.replay.parameterChanges.map((change) => change.path)).toEqual(
      expect.arrayContaining(['monitoringLineFen', 'medicalWarning.previousYearRuralDisposableIncomeFen']),
    );

    // A case without a comparison has nothing to replay; another county cannot reach the case.
    const fresh = await openCase(app, (await household(app)).id);
    await expect(app.as('xushui').monitoring.cases.replay({ caseId: fresh, version: 'hebei-2026.1' })).rejects.toMatchObject({ reason: 'case-not-compared' });
    await expect(app.as('jingxiu').monitoring.cases.replay({ caseId, version: 'hebei-2026.1', regionCode: '130609' })).rejects.toMatchObject({
      reason: 'out-of-scope',
    });
  });

  it('shows an elimination check eligible under the set in force and blocked under a higher line, with the blocker', async () => {
    const created = await app.as('xushui').registry.households.create(highIncomeHousehold(VILLAGE, 301, 'left-poverty'));
    const householdId = created.household.id;
    // A monitoring object since 2025 with a completed measure (as the walked case would leave it).
    const caseId = await openCase(app, householdId);
    await app.db.update(cases).set({ step: 'included', completedOn: '2026-03-02', objectType: 'unstable-poverty-exited' }).where(eq(cases.id, caseId));
    const [object] = await app.db
      .insert(objects)
      .values({
        countyCode: '130609',
        villageCode: VILLAGE,
        householdId,
        caseId,
        objectType: 'unstable-poverty-exited',
        status: 'monitored',
        includedOn: '2025-01-02',
        createdAt: new Date(),
      })
      .returning({ id: objects.id });
    const objectId = (object as { id: number }).id;
    await app.as('juwei').monitoring.measures.add({ householdId, kind: 'employment', responsibleUnit: '区人社局', startOn: '2025-02-01', status: 'completed' });
    const facts = { incomeAboveLineSince: '2025-01-02', basicNeedsSecure: true, drinkingWaterSecure: true };

    const replay = await app.as('juwei').monitoring.eliminations.replay({ objectId, ...facts, version: 'hebei-2026.1' });
    expect(replay).toMatchObject({ recordedVersion: 'hebei-2025.1', replayedVersion: 'hebei-2026.1', changed: true });
    expect(replay.recorded).toMatchObject({ eligible: true, blockers: [] });
    expect(replay.replayed.eligible).toBe(false);
    // Why: 13,600 yuan a person is above 8,300 but not above 15,000.
    expect(replay.replayed.blockers.map((blocker) => blocker.code)).toContain('income-not-above-line');
    expect(replay.parameterChanges).toContainEqual({ path: 'monitoringLineFen', before: 830_000, after: 1_500_000 });
    // Nothing was written: the object is still monitored and no elimination exists.
    expect(await app.as('xushui').monitoring.eliminations.list({})).toEqual([]);
    await expect(app.as('jingxiu').monitoring.eliminations.replay({ objectId, ...facts, version: 'hebei-2026.1', regionCode: '130609' })).rejects.toMatchObject(
      { reason: 'out-of-scope' },
    );
  });
});
