import { describe, expect, it } from 'vitest';
import * as rules from '../src/index.js';

describe('the public API of @zhenxing/rules', () => {
  it.each([
    'parametersInForce',
    'parameterSetByVersion',
    'diffParameterSets',
    'assertContiguous',
    'shanghaiDate',
    'perCapitaNetIncome',
    'monitoringObjectType',
    'evaluateRiskCategories',
    'identificationDeadline',
    'identificationProgress',
    'greenChannelEligibility',
    'riskEliminationEligibility',
    'suggestMeasures',
    'monthlyVisitDuty',
    'evaluateBasicNeedsChecklist',
    'incomeLedgerFlags',
    'countySupervision',
    'povertyCountySupervision',
    'centralIndustryShareTest',
    'fourLevelIndustryShareTest',
    'disbursementDecision',
    'validateIdNumber',
    'maskIdNumber',
    'redactPersonalData',
    'maskPerson',
    'ageInYears',
    'maskIdNumbersInText',
    'idNumberSearch',
    'checkDigit',
    'syntheticIdNumber',
  ])('exports the function %s', (name) => {
    expect(typeof (rules as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports the schemas the platform validates parameter sets and drafts with', () => {
    expect(typeof rules.ParameterSetSchema.safeParse).toBe('function');
    expect(typeof rules.ParameterValuesSchema.safeParse).toBe('function');
  });

  it('exports a zod schema beside each decision', () => {
    for (const name of Object.keys(rules).filter((key) => /^[A-Z].*Schema$/.test(key))) {
      const schema = (rules as Record<string, unknown>)[name] as { safeParse?: unknown };
      expect(typeof schema.safeParse, name).toBe('function');
    }
  });
});
