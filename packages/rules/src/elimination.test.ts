import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { RiskEliminationDecisionSchema, riskEliminationEligibility } from './elimination.js';
import type { RiskEliminationInput } from './elimination.js';
import { yuan } from './money.js';

const ready: RiskEliminationInput = {
  monitoredSince: '2022-01-10',
  evaluatedOn: '2022-07-10',
  measureCount: 2,
  perCapitaIncomeFen: yuan(9_000),
  incomeAboveLineSince: '2022-01-10',
  basicNeedsSecure: true,
  drinkingWaterSecure: true,
  newRiskFound: false,
  hasWorkingAgeLabour: true,
};

describe('riskEliminationEligibility: every condition must hold', () => {
  it('is eligible on the day both half-year periods are complete', () => {
    const decision = riskEliminationEligibility(ready, parameters2022);
    expect(decision).toEqual({ eligible: true, blockers: [], earliestTimeConditionsMetOn: '2022-07-10', parameterVersion: 'hebei-2022.1' });
    expect(RiskEliminationDecisionSchema.parse(decision)).toEqual(decision);
  });

  it.each([
    ['monitored one day short of six months', { evaluatedOn: '2022-07-09' }, ['monitored-less-than-minimum', 'income-above-line-too-briefly']],
    ['monitored long enough but income above the line for less than six months', { incomeAboveLineSince: '2022-03-01' }, ['income-above-line-too-briefly']],
    ['income above the line since an unknown day', { incomeAboveLineSince: null }, ['income-above-line-too-briefly']],
    ['no measure', { measureCount: 0 }, ['no-assistance-measure']],
    ['income equal to the line', { perCapitaIncomeFen: yuan(7_300) }, ['income-not-above-line']],
    ['income one fen above the line', { perCapitaIncomeFen: yuan(7_300) + 1 }, []],
    ['basic needs not secure', { basicNeedsSecure: false }, ['basic-needs-not-secure']],
    ['drinking water not secure', { drinkingWaterSecure: false }, ['drinking-water-not-secure']],
    ['a new risk', { newRiskFound: true }, ['new-risk-found']],
    ['no working-age labour', { hasWorkingAgeLabour: false }, ['no-working-age-labour']],
  ] as const)('with %s the blockers are %j', (_description, change, codes) => {
    const decision = riskEliminationEligibility({ ...ready, ...change }, parameters2022);
    expect(decision.blockers.map((item) => item.code)).toEqual(codes);
    expect(decision.eligible).toBe(codes.length === 0);
  });

  it('lists every failing reason at once, in both languages', () => {
    const decision = riskEliminationEligibility(
      {
        monitoredSince: '2022-05-01',
        evaluatedOn: new Date('2022-06-30T20:00:00Z'),
        measureCount: 0,
        perCapitaIncomeFen: yuan(5_000),
        incomeAboveLineSince: null,
        basicNeedsSecure: false,
        drinkingWaterSecure: false,
        newRiskFound: true,
        hasWorkingAgeLabour: false,
      },
      parameters2022,
    );
    expect(decision.blockers).toHaveLength(7);
    expect(decision.earliestTimeConditionsMetOn).toBeNull();
    for (const blocker of decision.blockers) {
      expect(blocker.message['zh-CN'].length).toBeGreaterThan(0);
      expect(blocker.message.en.length).toBeGreaterThan(0);
    }
  });

  it('counts half a year in calendar months, ending a month early at a shorter month', () => {
    const base = { ...ready, monitoredSince: '2022-08-31', incomeAboveLineSince: '2022-08-31' };
    expect(riskEliminationEligibility({ ...base, evaluatedOn: '2023-02-27' }, parameters2022).eligible).toBe(false);
    const decision = riskEliminationEligibility({ ...base, evaluatedOn: '2023-02-28' }, parameters2022);
    expect(decision.eligible).toBe(true);
    expect(decision.earliestTimeConditionsMetOn).toBe('2023-02-28');
  });

  it('reports the later of the two time conditions as the earliest day', () => {
    const decision = riskEliminationEligibility({ ...ready, incomeAboveLineSince: '2022-04-01' }, parameters2022);
    expect(decision.earliestTimeConditionsMetOn).toBe('2022-10-01');
  });
});
