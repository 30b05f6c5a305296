import { describe, expect, it } from 'vitest';
import {
  evaluateRiskCategories,
  incomeLedgerFlags,
  monitoringObjectType,
  parameterSetByVersion,
  parametersInForce,
  perCapitaNetIncome,
  riskEliminationEligibility,
  yuan,
} from '../src/index.js';
import type { RiskAssessmentInput } from '../src/index.js';

/**
 * One household — three people, a grade-1 disabled member, per-capita net income 8,000 yuan —
 * decided under the Hebei 2022 parameters (line 7,300 yuan) and replayed under 2023 (8,300 yuan).
 */
const income = perCapitaNetIncome({
  components: { wagesFen: yuan(18_000), businessFen: yuan(5_000), propertyFen: yuan(200), transfersFen: yuan(2_800), productionCostsFen: yuan(2_000) },
  householdSize: 3,
});

const household: RiskAssessmentInput = {
  members: [
    { memberId: 'father', povertyExited: true },
    { memberId: 'mother', povertyExited: true, disabilityGrade: 1 },
    { memberId: 'son', povertyExited: true },
  ],
  perCapitaIncomeFen: income.perCapitaFen,
};

describe('replaying one household under two parameter versions', () => {
  it('has a per-capita income of 8,000 yuan, between the two lines', () => {
    expect(income.perCapitaFen).toBe(yuan(8_000));
  });

  it('is not a severe-disability case under 2022 (above 7,300) but is one under 2023 (within 8,300)', () => {
    const decided2022 = evaluateRiskCategories(household, parametersInForce('13', '2022-06-30'));
    expect(decided2022.parameterVersion).toBe('hebei-2022.1');
    expect(decided2022.matchedCategories).toEqual([]);
    expect(decided2022.results[1]?.reasons.map((item) => item.code)).toContain('income-above-monitoring-line');

    // Replay the same decision under the version another flag used, or under next year's.
    const replayed2023 = evaluateRiskCategories(household, parameterSetByVersion('hebei-2023.1'));
    expect(replayed2023.parameterVersion).toBe('hebei-2023.1');
    expect(replayed2023.matchedCategories).toEqual(['severe-disability']);
  });

  it('becomes a monitoring object only under 2023', () => {
    const classify = (version: string) => {
      const parameters = parameterSetByVersion(version);
      const atRisk = evaluateRiskCategories(household, parameters).matchedCategories.length > 0;
      return monitoringObjectType({ baseStatus: 'poverty-exited', perCapitaIncomeFen: income.perCapitaFen, atRisk, suddenSevereDifficulty: false }, parameters);
    };
    expect(classify('hebei-2022.1')).toMatchObject({ type: null, parameterVersion: 'hebei-2022.1' });
    expect(classify('hebei-2023.1')).toMatchObject({ type: 'unstable-poverty-exited', parameterVersion: 'hebei-2023.1' });
  });

  it('gets a §2 ledger entry in both years, for different reasons', () => {
    const reasons = (version: string) =>
      incomeLedgerFlags({ perCapitaIncomeFen: income.perCapitaFen, previousYearPerCapitaIncomeFen: null }, parameterSetByVersion(version)).reasons.map(
        (item) => item.code,
      );
    expect(reasons('hebei-2022.1')).toEqual(['income-below-low-threshold']);
    expect(reasons('hebei-2023.1')).toEqual(['income-within-line', 'income-below-low-threshold']);
  });

  it('could have its risk eliminated under 2022 but not under 2023', () => {
    const input = {
      monitoredSince: '2022-01-01',
      evaluatedOn: '2022-12-31',
      measureCount: 1,
      perCapitaIncomeFen: income.perCapitaFen,
      incomeAboveLineSince: '2022-01-01',
      basicNeedsSecure: true,
      drinkingWaterSecure: true,
      newRiskFound: false,
      hasWorkingAgeLabour: true,
    };
    expect(riskEliminationEligibility(input, parameterSetByVersion('hebei-2022.1')).eligible).toBe(true);
    const under2023 = riskEliminationEligibility(input, parameterSetByVersion('hebei-2023.1'));
    expect(under2023.eligible).toBe(false);
    expect(under2023.blockers.map((item) => item.code)).toEqual(['income-not-above-line']);
  });
});
