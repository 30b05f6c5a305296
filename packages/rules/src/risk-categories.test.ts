import { describe, expect, it } from 'vitest';
import { parameters2022, parameters2023 } from '../test/fixtures.js';
import { medicalWarningStandard, MedicalWarningStandardSchema } from './medical-warning.js';
import { yuan } from './money.js';
import {
  evaluateRiskCategories,
  lowIncomeHighSpendingCategory,
  majorIllnessCategory,
  RiskCategoriesEvaluationSchema,
  RiskCategoryResultSchema,
  severeDisabilityCategory,
  suddenDifficultyCategory,
} from './risk-categories.js';
import type { HouseholdMemberInput, RiskAssessmentInput } from './risk-categories.js';

const healthy: HouseholdMemberInput = { memberId: 'm1', povertyExited: true };

function household(change: Partial<RiskAssessmentInput> = {}): RiskAssessmentInput {
  return { members: [healthy], perCapitaIncomeFen: yuan(9_000), ...change };
}

function codes(result: { reasons: { code: string }[] }): string[] {
  return result.reasons.map((item) => item.code);
}

describe('medicalWarningStandard (§1 宽 ①)', () => {
  it("is 50% of last year's rural disposable income for 脱贫 people and 100% for other rural residents", () => {
    expect(medicalWarningStandard(true, parameters2022).standardFen).toBe(908_950);
    expect(medicalWarningStandard(false, parameters2022).standardFen).toBe(1_817_900);
    expect(medicalWarningStandard(true, parameters2023).standardFen).toBe(968_200);
    expect(MedicalWarningStandardSchema.parse(medicalWarningStandard(true, parameters2022)).parameterVersion).toBe('hebei-2022.1');
  });
});

describe('majorIllnessCategory (§1 宽 ①): out-of-pocket costs strictly above the warning standard', () => {
  const standardExited = 908_950;
  const standardOther = 1_817_900;
  it.each([
    ['no serious illness', { seriousIllness: 'none', outOfPocketMedicalFen: yuan(50_000) }, false, ['no-member-with-serious-illness']],
    [
      'a 脱贫 member exactly at the standard',
      { seriousIllness: 'major-disease', outOfPocketMedicalFen: standardExited },
      false,
      ['out-of-pocket-within-warning-standard'],
    ],
    [
      'a 脱贫 member one fen above the standard',
      { seriousIllness: 'major-disease', outOfPocketMedicalFen: standardExited + 1 },
      true,
      ['member-exceeds-medical-warning'],
    ],
    [
      'another rural member above the 脱贫 standard but at theirs',
      { povertyExited: false, seriousIllness: 'major-chronic-disease', outOfPocketMedicalFen: standardOther },
      false,
      ['out-of-pocket-within-warning-standard'],
    ],
    [
      'another rural member one fen above their standard',
      { povertyExited: false, seriousIllness: 'major-chronic-disease', outOfPocketMedicalFen: standardOther + 1 },
      true,
      ['member-exceeds-medical-warning'],
    ],
  ] as const)('%s', (_description, member, matched, expectedCodes) => {
    const result = majorIllnessCategory(household({ members: [{ ...healthy, ...member }] }), parameters2022);
    expect(result.matched).toBe(matched);
    expect(codes(result)).toEqual(expectedCodes);
    expect(RiskCategoryResultSchema.parse(result)).toEqual(result);
  });

  it('explains each ill member and matches when any one exceeds', () => {
    const result = majorIllnessCategory(
      household({
        members: [
          { memberId: 'father', povertyExited: true, seriousIllness: 'major-disease', outOfPocketMedicalFen: 100 },
          { memberId: 'mother', povertyExited: true, seriousIllness: 'major-disease', outOfPocketMedicalFen: standardExited + 1 },
        ],
      }),
      parameters2022,
    );
    expect(result.matched).toBe(true);
    expect(result.reasons.map((item) => item.data['memberId'])).toEqual(['father', 'mother']);
    expect(result.reasons[1]?.message['zh-CN']).toContain('超过预警标准');
    expect(result.reasons[1]?.message.en).toContain('above the warning standard');
  });
});

describe('severeDisabilityCategory (§1 宽 ②): grade 1 or 2 and income within the line', () => {
  it.each([
    ['grade 1 at the line', 1, yuan(7_300), true, ['severe-disability-with-income-within-line']],
    ['grade 2 one fen below the line', 2, yuan(7_300) - 1, true, ['severe-disability-with-income-within-line']],
    ['grade 2 one fen above the line', 2, yuan(7_300) + 1, false, ['income-above-monitoring-line']],
    ['grade 3 within the line', 3, yuan(5_000), false, ['no-member-with-grade-one-or-two-disability']],
    ['no disability and above the line', null, yuan(9_000), false, ['no-member-with-grade-one-or-two-disability', 'income-above-monitoring-line']],
  ] as const)('%s', (_description, disabilityGrade, perCapitaIncomeFen, matched, expectedCodes) => {
    const result = severeDisabilityCategory(household({ members: [{ ...healthy, disabilityGrade }], perCapitaIncomeFen }), parameters2022);
    expect(result.matched).toBe(matched);
    expect(codes(result)).toEqual(expectedCodes);
  });
});

describe('suddenDifficultyCategory (§1 宽 ③)', () => {
  const event = { cause: 'epidemic', incomeFellSharply: true, spendingRoseSharply: false, basicLivingAffected: true } as const;
  it.each([
    ['no sudden event', null, false, ['no-sudden-event']],
    ['an epidemic income drop affecting basic living', event, true, ['sudden-event-affects-basic-living']],
    [
      'a disaster spending rise affecting basic living',
      { ...event, cause: 'disaster', incomeFellSharply: false, spendingRoseSharply: true },
      true,
      ['sudden-event-affects-basic-living'],
    ],
    ['an accident without sharp change', { ...event, cause: 'accident', incomeFellSharply: false }, false, ['no-sharp-income-or-spending-change']],
    ['a sharp drop that does not affect basic living', { ...event, basicLivingAffected: false }, false, ['basic-living-not-affected']],
    [
      'neither',
      { ...event, cause: 'other', incomeFellSharply: false, basicLivingAffected: false },
      false,
      ['no-sharp-income-or-spending-change', 'basic-living-not-affected'],
    ],
  ] as const)('%s', (_description, suddenEvent, matched, expectedCodes) => {
    const result = suddenDifficultyCategory(household({ suddenEvent }), parameters2022);
    expect(result.matched).toBe(matched);
    expect(codes(result)).toEqual(expectedCodes);
  });
});

describe("lowIncomeHighSpendingCategory (§1 宽 ④): last year within the line, spending above last year's total income", () => {
  const previousYear = { perCapitaIncomeFen: yuan(7_300), totalIncomeFen: yuan(21_900) };
  it.each([
    ['previous year unknown', null, yuan(30_000), false, ['previous-year-unknown']],
    ["spending one fen above last year's total", previousYear, yuan(21_900) + 1, true, ['spending-above-previous-year-income']],
    ["spending equal to last year's total", previousYear, yuan(21_900), false, ['spending-not-above-previous-year-income']],
    ['last year one fen above the line', { ...previousYear, perCapitaIncomeFen: yuan(7_300) + 1 }, yuan(30_000), false, ['previous-year-income-above-line']],
    [
      'both conditions failing',
      { ...previousYear, perCapitaIncomeFen: yuan(8_000) },
      0,
      false,
      ['previous-year-income-above-line', 'spending-not-above-previous-year-income'],
    ],
  ] as const)('%s', (_description, previous, illnessFen, matched, expectedCodes) => {
    const result = lowIncomeHighSpendingCategory(
      household({
        previousYear: previous,
        spending: { illnessFen, schoolingFen: 0, accidentFen: 0 },
      }),
      parameters2022,
    );
    expect(result.matched).toBe(matched);
    expect(codes(result)).toEqual(expectedCodes);
  });

  it('adds illness, schooling and accident spending together and names the reference year', () => {
    const result = lowIncomeHighSpendingCategory(
      household({
        previousYear,
        spending: { illnessFen: yuan(10_000), schoolingFen: yuan(8_000), accidentFen: yuan(3_900) + 1 },
      }),
      parameters2022,
    );
    expect(result.matched).toBe(true);
    expect(result.reasons[0]?.message['zh-CN']).toContain('2021年');
  });
});

describe('evaluateRiskCategories runs all four categories', () => {
  it('lists the matched categories in clause order', () => {
    const evaluation = evaluateRiskCategories(
      {
        members: [
          { memberId: 'a', povertyExited: true, seriousIllness: 'major-disease', outOfPocketMedicalFen: yuan(20_000) },
          { memberId: 'b', povertyExited: true, disabilityGrade: 1 },
        ],
        perCapitaIncomeFen: yuan(6_000),
        previousYear: { perCapitaIncomeFen: yuan(6_500), totalIncomeFen: yuan(13_000) },
        spending: { illnessFen: yuan(20_000), schoolingFen: 0, accidentFen: 0 },
        suddenEvent: null,
      },
      parameters2022,
    );
    expect(evaluation.matchedCategories).toEqual(['major-illness', 'severe-disability', 'low-income-high-spending']);
    expect(evaluation.results).toHaveLength(4);
    expect(RiskCategoriesEvaluationSchema.parse(evaluation)).toEqual(evaluation);
  });

  it('refuses a household without members', () => {
    expect(() => evaluateRiskCategories({ members: [], perCapitaIncomeFen: 0 }, parameters2022)).toThrow();
  });
});
