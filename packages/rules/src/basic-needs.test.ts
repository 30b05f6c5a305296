import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { BasicNeedsChecklistResultSchema, evaluateBasicNeedsChecklist } from './basic-needs.js';
import type { BasicNeedsChecklistInput } from './basic-needs.js';

const secure: BasicNeedsChecklistInput = {
  checkedOn: '2022-09-01',
  foodAndClothingSecure: true,
  housingGrade: 'A',
  members: [{ memberId: 'adult', birthDate: '1980-05-01', schooling: 'not-applicable', medicalInsured: true }],
  water: { quantity: true, quality: true, reliability: true, convenience: true },
};

function codes(input: BasicNeedsChecklistInput): string[] {
  return evaluateBasicNeedsChecklist(input, parameters2022).findings.map((item) => item.code);
}

describe('evaluateBasicNeedsChecklist (§3): 两不愁三保障 and drinking water', () => {
  it('finds nothing for a secure household', () => {
    const result = evaluateBasicNeedsChecklist(secure, parameters2022);
    expect(result).toEqual({ findings: [], basicNeedsSecure: true, drinkingWaterSecure: true, parameterVersion: 'hebei-2022.1' });
    expect(BasicNeedsChecklistResultSchema.parse(result)).toEqual(result);
  });

  it.each([
    ['A', []],
    ['B', []],
    ['C', ['housing-dangerous']],
    ['D', ['housing-dangerous']],
  ] as const)('treats housing grade %s as %j', (housingGrade, expected) => {
    expect(codes({ ...secure, housingGrade })).toEqual(expected);
  });

  it.each([
    ['5 (turns 6 tomorrow)', '2016-09-02', 'out-of-school', []],
    ['6 (today)', '2016-09-01', 'out-of-school', ['child-out-of-school']],
    ['15', '2007-01-01', 'out-of-school', ['child-out-of-school']],
    ['16', '2006-09-01', 'out-of-school', []],
    ['10 and enrolled', '2012-01-01', 'enrolled', []],
    ['10 with teaching delivered at home', '2012-01-01', 'home-delivered', []],
  ] as const)('a child aged %s gives %j', (_age, birthDate, schooling, expected) => {
    expect(codes({ ...secure, members: [{ memberId: 'child', birthDate, schooling, medicalInsured: true }] })).toEqual(expected);
  });

  it('finds food and clothing insecurity and members without medical insurance', () => {
    const result = evaluateBasicNeedsChecklist(
      {
        ...secure,
        foodAndClothingSecure: false,
        members: [{ memberId: 'grandmother', birthDate: '1950-01-01', schooling: 'not-applicable', medicalInsured: false }],
      },
      parameters2022,
    );
    expect(result.findings.map((item) => item.code)).toEqual(['food-or-clothing-insecure', 'member-uninsured']);
    expect(result.findings[1]?.data['memberId']).toBe('grandmother');
    expect(result.basicNeedsSecure).toBe(false);
    expect(result.drinkingWaterSecure).toBe(true);
  });

  it('checks drinking water quantity, quality, reliability and convenience separately', () => {
    const result = evaluateBasicNeedsChecklist(
      { ...secure, water: { quantity: false, quality: false, reliability: false, convenience: false } },
      parameters2022,
    );
    expect(result.findings.map((item) => item.code)).toEqual([
      'water-quantity-insufficient',
      'water-quality-unsafe',
      'water-supply-unreliable',
      'water-inconvenient',
    ]);
    expect(result.drinkingWaterSecure).toBe(false);
    expect(result.basicNeedsSecure).toBe(true);
  });
});
