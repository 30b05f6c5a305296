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

/** Hebei, 1 January – 31 December 2023: monitoring line 8,300 yuan; other numbers carried over as defaults. */
export const hebei2023: ParameterSet = {
  ...hebei2022,
  version: 'hebei-2023.1',
  effectiveFrom: '2023-01-01',
  effectiveUntil: '2023-12-31',
  previousYear: 2022,
  monitoringLineFen: yuan(8_300),
  medicalWarning: { ...hebei2022.medicalWarning, previousYearRuralDisposableIncomeFen: yuan(19_364) },
};

/**
 * Hebei, 1 January 2021 – 31 March 2022 (before the 2022 measures). No published Hebei figure for
 * this period is known to us: every number is carried over from hebei-2022.1 and marked to verify.
 */
export const hebei2021: ParameterSet = {
  ...hebei2022,
  version: 'hebei-2021.1',
  effectiveFrom: '2021-01-01',
  effectiveUntil: '2022-03-31',
  sources: [
    'TO VERIFY: no published Hebei monitoring line or rural disposable income for 2021 found; every number is carried over from hebei-2022.1',
    ...sharedHebeiSources,
  ],
  previousYear: 2020,
};

/** Hebei, 1 January – 31 December 2024. No published 2024 figures known: carried over from hebei-2023.1, to verify. */
export const hebei2024: ParameterSet = {
  ...hebei2023,
  version: 'hebei-2024.1',
  effectiveFrom: '2024-01-01',
  effectiveUntil: '2024-12-31',
  sources: [
    'TO VERIFY: no published Hebei 2024 monitoring line or 2023 rural disposable income found; every number is carried over from hebei-2023.1',
    ...sharedHebeiSources,
  ],
  previousYear: 2023,
};

/** Hebei from 1 January 2025 (open-ended). No published 2025 figures known: carried over from hebei-2023.1, to verify. */
export const hebei2025: ParameterSet = {
  ...hebei2023,
  version: 'hebei-2025.1',
  effectiveFrom: '2025-01-01',
  effectiveUntil: null,
  sources: [
    'TO VERIFY: no published Hebei 2025 monitoring line or 2024 rural disposable income found; every number is carried over from hebei-2023.1',
    ...sharedHebeiSources,
  ],
  previousYear: 2024,
};

/** The seeds, oldest first: contiguous periods (each ends the day before the next starts), the last open-ended. */
export const hebeiParameterSets: readonly ParameterSet[] = [hebei2021, hebei2022, hebei2023, hebei2024, hebei2025];
