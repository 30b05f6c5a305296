import { describe, expect, it } from 'vitest';
import { parameters2022, parameters2023 } from '../test/fixtures.js';
import { isWithinMonitoringLine, perCapitaNetIncome, PerCapitaNetIncomeSchema } from './income.js';
import { yuan } from './money.js';

const noIncome = { wagesFen: 0, businessFen: 0, propertyFen: 0, transfersFen: 0, productionCostsFen: 0 };

describe('perCapitaNetIncome', () => {
  it.each([
    ['wages only', { ...noIncome, wagesFen: yuan(21_900) }, 3, yuan(21_900), yuan(7_300)],
    [
      'all five components',
      { wagesFen: yuan(20_000), businessFen: yuan(8_000), propertyFen: yuan(500), transfersFen: yuan(3_000), productionCostsFen: yuan(4_000) },
      4,
      yuan(27_500),
      687_500,
    ],
    ['a third of a fen rounds down', { ...noIncome, wagesFen: 1_000 }, 3, 1_000, 333],
    ['two thirds of a fen rounds up', { ...noIncome, wagesFen: 2_000 }, 3, 2_000, 667],
    ['half a fen rounds up', { ...noIncome, wagesFen: 5 }, 2, 5, 3],
    ['costs above income give a negative figure', { ...noIncome, businessFen: 100, productionCostsFen: 1_000 }, 2, -900, -450],
  ])('computes %s', (_description, components, householdSize, total, perCapita) => {
    const result = perCapitaNetIncome({ components, householdSize });
    expect(result).toEqual({ totalNetIncomeFen: total, householdSize, perCapitaFen: perCapita });
    expect(PerCapitaNetIncomeSchema.parse(result)).toEqual(result);
  });

  it('refuses an empty household and fractional fen', () => {
    expect(() => perCapitaNetIncome({ components: noIncome, householdSize: 0 })).toThrow();
    expect(() => perCapitaNetIncome({ components: { ...noIncome, wagesFen: 1.5 }, householdSize: 1 })).toThrow();
  });
});

describe('isWithinMonitoringLine: an income equal to the line is within it', () => {
  it.each([
    ['2022', yuan(7_300) - 1, true],
    ['2022', yuan(7_300), true],
    ['2022', yuan(7_300) + 1, false],
    ['2023', yuan(8_300) - 1, true],
    ['2023', yuan(8_300), true],
    ['2023', yuan(8_300) + 1, false],
  ])('under the %s parameters, %i fen is within the line: %s', (year, perCapita, expected) => {
    expect(isWithinMonitoringLine(perCapita, year === '2022' ? parameters2022 : parameters2023)).toBe(expected);
  });
});
