import { yuan } from '../money.js';
import type { ParameterSet } from './schema.js';

const sharedHebeiSources = [
  '冀乡振发〔2022〕14号 §1 简 (15 days), §4 (55% / 52%), §5 (30%–50%)',
  'Monitoring line: Hebei 7,300 yuan from 2022-04-01, 8,300 yuan in 2023 (context, docs/domain.md)',
  'DEFAULTS to verify: rural disposable income figures approximate published Hebei statistics; warning day 10, village notice 5 days, 10% withheld until acceptance, low-income threshold 10,000 yuan, 6-month elimination periods are county-practice defaults',
];

/** Hebei, 1 April 2022 – 31 December 2022: monitoring line 7,300 yuan. */
export const hebei2022: ParameterSet = {
  version: 'hebei-2022.1',
  provinceCode: '13',
  provinceName: { 'zh-CN': '河北省', en: 'Hebei' },
  effectiveFrom: '2022-04-01',
  effectiveUntil: '2022-12-31',
  sources: sharedHebeiSources,
  previousYear: 2021,
  monitoringLineFen: yuan(7_300),
  identification: { deadlineDays: 15, warningDay: 10, villageNoticeMinimumDays: 5 },
  medicalWarning: {
    previousYearRuralDisposableIncomeFen: yuan(18_179),
    povertyExitedShareBasisPoints: 5_000,
    otherRuralShareBasisPoints: 10_000,
  },
  incomeLedger: { lowIncomeThresholdFen: yuan(10_000) },
  greenChannel: { qualifyingCauses: ['epidemic', 'disaster', 'accident'] },
  supervision: { povertyCountyBenchmarks: 'either' },
  industryFunds: {
    centralMinimumShareBasisPoints: 5_500,
    centralNotBelowPreviousYear: true,
    fourLevelMinimumShareBasisPoints: 5_200,
  },
  disbursement: {
    firstPaymentMinimumBasisPoints: 3_000,
    firstPaymentMaximumBasisPoints: 5_000,
    withheldUntilAcceptanceBasisPoints: 1_000,
  },
  riskElimination: { minimumMonitoringMonths: 6, minimumStableIncomeMonths: 6 },
  basicNeeds: { compulsoryEducationMinimumAge: 6, compulsoryEducationMaximumAge: 15 },
};

/** Hebei from 1 January 2023: monitoring line 8,300 yuan; other numbers carried over as defaults. */
export const hebei2023: ParameterSet = {
  ...hebei2022,
  version: 'hebei-2023.1',
  effectiveFrom: '2023-01-01',
  effectiveUntil: null,
  previousYear: 2022,
  monitoringLineFen: yuan(8_300),
  medicalWarning: { ...hebei2022.medicalWarning, previousYearRuralDisposableIncomeFen: yuan(19_364) },
};

export const hebeiParameterSets: readonly ParameterSet[] = [hebei2022, hebei2023];
