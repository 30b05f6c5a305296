import { describe, expect, it } from 'vitest';
import { MEASURE_KINDS, MEASURES_BY_RISK_TYPE, MeasureSuggestionSchema, RISK_TYPES, suggestMeasures } from './measures.js';

describe('suggestMeasures (§1 实): 缺什么补什么', () => {
  it.each([
    ['illness', ['medical-aid', 'insurance']],
    ['disability', ['public-welfare-job', 'social-assistance', 'disability-subsidy']],
    ['schooling', ['education-aid']],
    ['accident', ['temporary-assistance', 'insurance']],
    ['industry-failure', ['industry', 'microcredit', 'insurance']],
    ['unstable-employment', ['employment', 'public-welfare-job']],
    ['lack-of-labour', ['industry', 'social-assistance']],
    ['housing-unsafe', ['housing-renovation']],
    ['drinking-water-unsafe', ['drinking-water']],
    ['natural-disaster', ['industry', 'temporary-assistance', 'insurance']],
    ['epidemic', ['employment', 'public-welfare-job', 'temporary-assistance']],
    ['other', []],
  ] as const)('for risk type %s suggests %j', (riskType, measures) => {
    expect(suggestMeasures({ riskTypes: [riskType] }).map((item) => item.measure)).toEqual(measures);
  });

  it.each([
    ['major-illness', ['medical-aid', 'insurance']],
    ['severe-disability', ['social-assistance', 'disability-subsidy']],
    ['sudden-difficulty', ['temporary-assistance', 'insurance']],
    ['low-income-high-spending', ['medical-aid', 'education-aid', 'temporary-assistance']],
  ] as const)('for §1 宽 category %s suggests %j', (category, measures) => {
    expect(suggestMeasures({ riskCategories: [category] }).map((item) => item.measure)).toEqual(measures);
  });

  it('answers checklist findings and merges the causes of each measure', () => {
    const suggestions = suggestMeasures({
      riskTypes: ['illness'],
      riskCategories: ['major-illness'],
      findings: ['member-uninsured', 'housing-dangerous', 'water-quality-unsafe', 'water-inconvenient', 'child-out-of-school', 'food-or-clothing-insecure'],
    });
    expect(suggestions.map((item) => item.measure)).toEqual([
      'medical-aid',
      'education-aid',
      'social-assistance',
      'temporary-assistance',
      'housing-renovation',
      'drinking-water',
      'insurance',
    ]);
    expect(suggestions[0]?.because).toEqual(['risk-type:illness', 'category:major-illness', 'finding:member-uninsured']);
    expect(suggestions.find((item) => item.measure === 'drinking-water')?.because).toEqual(['finding:water-quality-unsafe', 'finding:water-inconvenient']);
    for (const suggestion of suggestions) expect(MeasureSuggestionSchema.parse(suggestion)).toEqual(suggestion);
  });

  it('suggests nothing for nothing, and never the same measure twice', () => {
    expect(suggestMeasures({})).toEqual([]);
    const all = suggestMeasures({ riskTypes: [...RISK_TYPES, ...RISK_TYPES] });
    expect(new Set(all.map((item) => item.measure)).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((item) => MEASURE_KINDS.includes(item.measure))).toBe(true);
    expect(Object.keys(MEASURES_BY_RISK_TYPE).sort()).toEqual([...RISK_TYPES].sort());
  });

  it('labels each measure in both languages', () => {
    const [housing] = suggestMeasures({ riskTypes: ['housing-unsafe'] });
    expect(housing?.label).toEqual({ 'zh-CN': '危房改造', en: 'dangerous-housing renovation' });
  });
});
