import { describe, expect, it } from 'vitest';
import { diffParameterSets } from './diff.js';
import { hebei2021, hebei2022, hebei2023, hebei2025, hebeiParameterSets } from './hebei.js';
import { defaultParameterSets, defineParameterSets, isInForce, ParameterSetNotFoundError, parameterSetByVersion, parametersInForce } from './registry.js';
import { ParameterSetSchema, ParameterValuesSchema } from './schema.js';

describe('parametersInForce finds the one parameter set in force on a day', () => {
  it.each([
    ['2021-01-01', 'hebei-2021.1', 730_000],
    ['2022-03-31', 'hebei-2021.1', 730_000],
    ['2022-04-01', 'hebei-2022.1', 730_000],
    ['2022-06-30', 'hebei-2022.1', 730_000],
    ['2022-12-31', 'hebei-2022.1', 730_000],
    ['2023-01-01', 'hebei-2023.1', 830_000],
    ['2023-12-31', 'hebei-2023.1', 830_000],
    ['2024-01-01', 'hebei-2024.1', 830_000],
    ['2025-01-01', 'hebei-2025.1', 830_000],
    ['2030-06-30', 'hebei-2025.1', 830_000],
  ])('in Hebei on %s it is %s with a line of %i fen', (date, version, line) => {
    const set = parametersInForce('13', date);
    expect(set.version).toBe(version);
    expect(set.monitoringLineFen).toBe(line);
  });

  it('takes an instant on its Asia/Shanghai date', () => {
    // 16:30 UTC on 31 December 2022 is already 1 January 2023 in Shanghai.
    expect(parametersInForce('13', new Date('2022-12-31T16:30:00Z')).version).toBe('hebei-2023.1');
    expect(parametersInForce('13', new Date('2022-12-31T15:30:00Z')).version).toBe('hebei-2022.1');
  });

  it('throws a clear error the day before the first Hebei set starts', () => {
    expect(() => parametersInForce('13', '2020-12-31')).toThrow(ParameterSetNotFoundError);
    expect(() => parametersInForce('13', '2020-12-31')).toThrow(/No policy parameters are in force for province 13 on 2020-12-31.*hebei-2021\.1/);
  });

  it('throws a clear error for a province without parameter sets', () => {
    expect(() => parametersInForce('44', '2022-06-30')).toThrow(/No parameter set exists for this province/);
  });

  it('refuses malformed province codes and dates', () => {
    expect(() => parametersInForce('130609', '2022-06-30')).toThrow();
    expect(() => parametersInForce('13', '2022-02-30')).toThrow();
  });

  it('finds a set by its version for replay, and explains an unknown version', () => {
    expect(parameterSetByVersion('hebei-2023.1')).toEqual(hebei2023);
    expect(Object.isFrozen(parameterSetByVersion('hebei-2023.1').medicalWarning)).toBe(true);
    expect(() => parameterSetByVersion('hebei-2020.1')).toThrow(/Known versions: hebei-2021\.1, hebei-2022\.1, hebei-2023\.1/);
  });

  it('treats both ends of an effective period as in force', () => {
    expect(isInForce(hebei2022, '2022-04-01')).toBe(true);
    expect(isInForce(hebei2022, '2022-12-31')).toBe(true);
    expect(isInForce(hebei2022, '2023-01-01')).toBe(false);
    expect(isInForce(hebei2023, '2024-01-01')).toBe(false);
    expect(isInForce(hebei2025, '2099-12-31')).toBe(true);
  });
});

describe('the shipped Hebei parameter sets', () => {
  it('are valid and hold the numbers of the policy', () => {
    expect(defaultParameterSets.map((set) => set.version)).toEqual(['hebei-2021.1', 'hebei-2022.1', 'hebei-2023.1', 'hebei-2024.1', 'hebei-2025.1']);
    expect(hebeiParameterSets.length).toBeGreaterThan(0);
    for (const set of hebeiParameterSets) expect(ParameterSetSchema.parse(set)).toEqual(set);
    expect(hebei2022.identification).toEqual({ deadlineDays: 15, warningDay: 10, villageNoticeMinimumDays: 5 });
    expect(hebei2022.industryFunds.centralMinimumShareBasisPoints).toBe(5_500);
    expect(hebei2022.industryFunds.fourLevelMinimumShareBasisPoints).toBe(5_200);
    expect(hebei2022.disbursement.firstPaymentMinimumBasisPoints).toBe(3_000);
    expect(hebei2022.disbursement.firstPaymentMaximumBasisPoints).toBe(5_000);
    expect(hebei2022.riskElimination.minimumMonitoringMonths).toBe(6);
    expect(hebei2022.medicalWarning.povertyExitedShareBasisPoints).toBe(5_000);
    expect(hebei2022.medicalWarning.otherRuralShareBasisPoints).toBe(10_000);
  });
});

describe('defineParameterSets keeps the registry unambiguous', () => {
  it('refuses two sets with the same version', () => {
    expect(() => defineParameterSets([hebei2022, { ...hebei2022, provinceCode: '14' }])).toThrow(/defined twice/);
  });

  it('refuses overlapping periods in one province', () => {
    const overlapping = { ...hebei2023, version: 'hebei-2022.2', effectiveFrom: '2022-12-01' };
    expect(() => defineParameterSets([hebei2022, overlapping])).toThrow(/overlap for province 13/);
    const openEnded = { ...hebei2022, version: 'hebei-2020.1', effectiveFrom: '2020-01-01', effectiveUntil: null };
    expect(() => defineParameterSets([openEnded, hebei2023])).toThrow(/overlap/);
  });

  it('refuses a gap between two periods of one province', () => {
    const late = { ...hebei2023, effectiveFrom: '2023-01-02' };
    expect(() => defineParameterSets([hebei2022, late])).toThrow(/leave a gap for province 13.*before 2023-01-02/);
  });

  it('marks every seed that carries numbers over as to verify', () => {
    for (const set of [hebei2021, ...hebeiParameterSets.slice(3)]) expect(set.sources[0]).toMatch(/^TO VERIFY/);
  });

  it('accepts the same period in different provinces', () => {
    const shanxi = { ...hebei2022, version: 'shanxi-2022.1', provinceCode: '14' };
    expect(defineParameterSets([hebei2022, shanxi])).toHaveLength(2);
  });

  it.each([
    ['an end before the start', { effectiveUntil: '2022-01-01' }],
    ['a warning after the deadline', { identification: { deadlineDays: 15, warningDay: 16, villageNoticeMinimumDays: 5 } }],
    [
      'a first-payment minimum above the maximum',
      { disbursement: { firstPaymentMinimumBasisPoints: 6_000, firstPaymentMaximumBasisPoints: 5_000, withheldUntilAcceptanceBasisPoints: 1_000 } },
    ],
    [
      'nothing withheld until acceptance',
      { disbursement: { firstPaymentMinimumBasisPoints: 3_000, firstPaymentMaximumBasisPoints: 5_000, withheldUntilAcceptanceBasisPoints: 0 } },
    ],
    ['an empty school-age range', { basicNeeds: { compulsoryEducationMinimumAge: 16, compulsoryEducationMaximumAge: 15 } }],
    ['a malformed version', { version: 'Hebei 2022' }],
  ])('refuses a set with %s', (_description, change) => {
    expect(ParameterSetSchema.safeParse({ ...hebei2022, ...change }).success).toBe(false);
  });
});

describe('diffParameterSets', () => {
  it('lists every changed number by its path, leaving out the version and the period', () => {
    expect(diffParameterSets(hebei2022, hebei2023)).toEqual([
      { path: 'previousYear', before: 2021, after: 2022 },
      { path: 'monitoringLineFen', before: 730_000, after: 830_000 },
      { path: 'medicalWarning.previousYearRuralDisposableIncomeFen', before: 1_817_900, after: 1_936_400 },
    ]);
  });

  it('compares lists whole and reports nothing for identical numbers', () => {
    expect(diffParameterSets(hebei2022, { ...hebei2022, version: 'hebei-2022.2', effectiveFrom: '2022-05-01' })).toEqual([]);
    const narrower = { ...hebei2022, greenChannel: { qualifyingCauses: ['disaster' as const] } };
    expect(diffParameterSets(hebei2022, narrower)).toEqual([
      { path: 'greenChannel.qualifyingCauses', before: ['epidemic', 'disaster', 'accident'], after: ['disaster'] },
    ]);
  });
});

describe('ParameterValuesSchema (the body of a draft)', () => {
  const { version: _version, provinceCode: _province, effectiveFrom: _from, effectiveUntil: _until, ...values } = hebei2023;

  it('accepts the numbers of a set without its identity, and describes every number for the form', () => {
    expect(ParameterValuesSchema.parse(values)).toEqual(values);
    expect(ParameterValuesSchema.shape.monitoringLineFen.description).toMatch(/防止返贫监测范围.*§1 宽/);
    expect(ParameterValuesSchema.shape.identification.shape.deadlineDays.description).toMatch(/§1 简/);
  });

  it('applies the same cross-field checks as a whole set', () => {
    const late = { ...values, identification: { ...values.identification, warningDay: 20 } };
    expect(ParameterValuesSchema.safeParse(late).success).toBe(false);
  });
});
