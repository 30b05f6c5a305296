import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { compareGrowth } from './growth.js';
import { countySupervision, PovertyCountySupervisionDecisionSchema, povertyCountySupervision, SupervisionDecisionSchema } from './supervision.js';

describe('compareGrowth compares growth rates exactly', () => {
  it.each([
    [{ basisPoints: 630 }, { basisPoints: 631 }, -1],
    [{ basisPoints: 630 }, { basisPoints: 630 }, 0],
    [{ previousFen: 1_000_000, currentFen: 1_063_000 }, { basisPoints: 630 }, 0],
    [{ previousFen: 1_000_000, currentFen: 1_062_999 }, { basisPoints: 630 }, -1],
    [{ previousFen: 3, currentFen: 4 }, { previousFen: 300, currentFen: 399 }, 1],
    [{ basisPoints: -120 }, { basisPoints: 0 }, -1],
  ] as const)('%j against %j is %i', (left, right, expected) => {
    expect(compareGrowth(left, right)).toBe(expected);
  });

  it('refuses a zero previous income', () => {
    expect(() => compareGrowth({ previousFen: 0, currentFen: 1 }, { basisPoints: 1 })).toThrow();
  });
});

describe('countySupervision (§2 a): 脱贫人口收入增速低于当地农民收入增速', () => {
  it.each([
    [629, 630, true, 'poverty-exited-growth-below-local-farmers'],
    [630, 630, false, 'poverty-exited-growth-not-below-local-farmers'],
    [631, 630, false, 'poverty-exited-growth-not-below-local-farmers'],
  ])('脱贫 growth %i bp against farmers %i bp: supervised %s', (exited, farmers, supervised, code) => {
    const decision = countySupervision({ povertyExitedGrowth: { basisPoints: exited }, localFarmersGrowth: { basisPoints: farmers } }, parameters2022);
    expect(decision.supervised).toBe(supervised);
    expect(decision.reasons.map((item) => item.code)).toEqual([code]);
    expect(SupervisionDecisionSchema.parse(decision)).toEqual(decision);
  });
});

describe('povertyCountySupervision (§2 b): supervised when below EITHER the national or the provincial rate', () => {
  it.each([
    [640, 630, 620, false, false, false, ['farmers-growth-not-below-benchmarks']],
    [630, 630, 630, false, false, false, ['farmers-growth-not-below-benchmarks']],
    [625, 630, 620, true, true, false, ['farmers-growth-below-national']],
    [625, 620, 630, true, false, true, ['farmers-growth-below-provincial']],
    [600, 630, 620, true, true, true, ['farmers-growth-below-national', 'farmers-growth-below-provincial']],
  ])('county %i, national %i, provincial %i: supervised %s', (county, national, provincial, supervised, belowNational, belowProvincial, codes) => {
    const decision = povertyCountySupervision(
      {
        countyFarmersGrowth: { basisPoints: county },
        nationalFarmersGrowth: { basisPoints: national },
        provincialFarmersGrowth: { basisPoints: provincial },
      },
      parameters2022,
    );
    expect(decision).toMatchObject({ supervised, belowNational, belowProvincial });
    expect(decision.reasons.map((item) => item.code)).toEqual(codes);
    expect(PovertyCountySupervisionDecisionSchema.parse(decision)).toEqual(decision);
  });

  it('keeps both comparisons, so the stricter "below both" reading can be derived', () => {
    const decision = povertyCountySupervision(
      {
        countyFarmersGrowth: { previousFen: 1_800_000, currentFen: 1_910_000 },
        nationalFarmersGrowth: { basisPoints: 630 },
        provincialFarmersGrowth: { basisPoints: 600 },
      },
      parameters2022,
    );
    expect(decision.belowNational && decision.belowProvincial).toBe(false);
    expect(decision.supervised).toBe(true);
    expect(decision.parameterVersion).toBe('hebei-2022.1');
  });

  it.each([
    [625, 630, 620, false, ['farmers-growth-below-national', 'farmers-growth-not-below-benchmarks']],
    [600, 630, 620, true, ['farmers-growth-below-national', 'farmers-growth-below-provincial']],
  ])(
    'under a province that reads it as "below both", county %i, national %i, provincial %i: supervised %s',
    (county, national, provincial, supervised, codes) => {
      const both = { ...parameters2022, supervision: { povertyCountyBenchmarks: 'both' as const } };
      const decision = povertyCountySupervision(
        {
          countyFarmersGrowth: { basisPoints: county },
          nationalFarmersGrowth: { basisPoints: national },
          provincialFarmersGrowth: { basisPoints: provincial },
        },
        both,
      );
      expect(decision.supervised).toBe(supervised);
      expect(decision.reasons.map((item) => item.code)).toEqual(codes);
    },
  );
});
