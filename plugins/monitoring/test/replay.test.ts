import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at, household, illnessOverrides, startApp, type App } from './helpers.ts';

/**
 * Issue 18: one household's four categories replayed under another published parameter set, beside
 * the recorded one, with what changed and why; and the running rules take a newly published set
 * from its effective date on.
 */
describe('"evaluate under …": replaying one household under two parameter sets', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
    await app.addUser({ username: 'reviewer', role: 'province_admin', scopeCode: '13' });
  });
  afterAll(() => app?.close());

  /** A province admin drafts a set with a higher medical-warning base; a second one publishes it for tomorrow. */
  async function publishHigherWarningBase(effectiveFrom: string) {
    const draft = await app.as('province').parameters.createDraft({ basedOn: 'hebei-2025.1', version: 'hebei-2026.1' });
    const { set } = await app.as('province').parameters.get({ version: 'hebei-2026.1' });
    const { version: _version, provinceCode: _province, effectiveFrom: _from, effectiveUntil: _until, ...values } = set;
    await app.as('province').parameters.updateDraft({
      id: draft.id,
      values: { ...values, medicalWarning: { ...values.medicalWarning, previousYearRuralDisposableIncomeFen: 3_000_000 } },
    });
    return app.as('reviewer').parameters.publish({ id: draft.id, effectiveFrom });
  }

  it('shows a different outcome under each set, with the rules’ reasons and the numbers that differ', async () => {
    at(app, '2026-03-02');
    const home = await household(app);
    await publishHigherWarningBase('2026-03-03');

    const replay = await app.as('xushui').monitoring.households.replay({
      householdId: home.id,
      version: 'hebei-2026.1',
      recordedVersion: 'hebei-2025.1',
      overrides: illnessOverrides(home.spouseId),
    });
    expect(replay).toMatchObject({ recordedVersion: 'hebei-2025.1', replayedVersion: 'hebei-2026.1' });
    expect(replay.availableVersions).toEqual(['hebei-2021.1', 'hebei-2022.1', 'hebei-2023.1', 'hebei-2024.1', 'hebei-2025.1', 'hebei-2026.1']);
    expect(replay.recorded.matchedCategories).toContain('major-illness');
    expect(replay.replayed.matchedCategories).not.toContain('major-illness');
    const illness = replay.categories.find((category) => category.category === 'major-illness');
    expect(illness).toMatchObject({ recordedMatched: true, replayedMatched: false, changed: true });
    // Why: 12,000 yuan out of pocket exceeds 50% of 19,364 yuan, but not 50% of 30,000 yuan.
    expect(illness?.recordedReasons.map((reason) => reason.code)).toContain('member-exceeds-medical-warning');
    expect(illness?.replayedReasons.map((reason) => reason.code)).not.toContain('member-exceeds-medical-warning');
    expect(replay.parameterChanges).toEqual([{ path: 'medicalWarning.previousYearRuralDisposableIncomeFen', before: 1_936_400, after: 3_000_000 }]);
    expect(replay.categories.filter((category) => category.changed).map((category) => category.category)).toEqual(['major-illness']);
    // And so the identification decision: a 脱贫户 at risk is an unstable one; without a matched category, none.
    expect(replay.objectType).toMatchObject({ recorded: { type: 'unstable-poverty-exited' }, replayed: { type: null }, changed: true });

    // Replaying under a set with the same rule numbers (only its year and sources differ) changes no outcome.
    const same = await app
      .as('xushui')
      .monitoring.households.replay({ householdId: home.id, version: 'hebei-2024.1', overrides: illnessOverrides(home.spouseId) });
    expect(same).toMatchObject({ recordedVersion: 'hebei-2025.1', replayedVersion: 'hebei-2024.1' });
    expect(same.parameterChanges.map((change) => change.path)).toEqual(['sources', 'previousYear']);
    expect(same.categories.every((category) => !category.changed)).toBe(true);
  });

  it('lets the running rules use the newly published set from its effective date, not before', async () => {
    const home = await household(app);
    at(app, '2026-03-02');
    const today = await app.as('ansu').monitoring.households.evaluate({ householdId: home.id, overrides: illnessOverrides(home.spouseId) });
    expect(today.evaluation).toMatchObject({ parameterVersion: 'hebei-2025.1', matchedCategories: expect.arrayContaining(['major-illness']) });
    at(app, '2026-03-03');
    const tomorrow = await app.as('ansu').monitoring.households.evaluate({ householdId: home.id, overrides: illnessOverrides(home.spouseId) });
    expect(tomorrow.evaluation.parameterVersion).toBe('hebei-2026.1');
    expect(tomorrow.evaluation.matchedCategories).not.toContain('major-illness');
  });

  it('answers a risk discovered before the first parameter set with "no parameters in force", not a crash, and writes nothing', async () => {
    const home = await household(app);
    const report = app
      .as('juwei')
      .monitoring.signals.report({ householdId: home.id, source: 'self-report', summary: '补报：2020 年的风险', detectedOn: '2020-12-31' });
    await expect(report).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      reason: 'no-parameters-in-force',
      localized: { 'zh-CN': expect.stringMatching(/2020-12-31 在省份 13 没有生效的政策参数/), en: expect.stringMatching(/No policy parameters are in force/) },
    });
    expect(await app.as('xushui').monitoring.cases.list({})).not.toContainEqual(expect.objectContaining({ householdId: home.id }));
  });

  it('refuses an unknown or unpublished version, and another county’s household', async () => {
    const home = await household(app);
    await expect(app.as('xushui').monitoring.households.replay({ householdId: home.id, version: 'hebei-2099.1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await app.as('province').parameters.createDraft({ basedOn: 'hebei-2026.1', version: 'hebei-2027.1' });
    await expect(app.as('xushui').monitoring.households.replay({ householdId: home.id, version: 'hebei-2027.1' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(app.as('jingxiu').monitoring.households.replay({ householdId: home.id, version: 'hebei-2022.1', regionCode: '130609' })).rejects.toMatchObject(
      {
        reason: 'out-of-scope',
      },
    );
  });
});
