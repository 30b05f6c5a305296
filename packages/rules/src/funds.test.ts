import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { centralIndustryShareTest, fourLevelIndustryShareTest, IndustryShareTestSchema } from './funds.js';

const total = 10_000_000;

describe('centralIndustryShareTest (§4): central funds for industry ≥ 55% and not below last year', () => {
  it.each([
    ['54.99%', 5_499_000, false, 5_499, 2_223, 1_000],
    ['54.99999%', 5_499_999, false, 5_499, 3, 1],
    ['55%', 5_500_000, true, 5_500, 0, 0],
    ['55.01%', 5_501_000, true, 5_501, 0, 0],
  ])('%s passes: %s', (_share, industryFen, passed, shareBasisPoints, additional, reallocation) => {
    const test = centralIndustryShareTest({ thisYear: { industryFen, totalFen: total }, previousYear: null }, parameters2022);
    expect(test.passed).toBe(passed);
    expect(test.shareBasisPoints).toBe(shareBasisPoints);
    expect(test.additionalIndustryFundingNeededFen).toBe(additional);
    expect(test.reallocationNeededFen).toBe(reallocation);
    expect(test.reasons.map((item) => item.code)).toEqual([passed ? 'share-meets-minimum' : 'share-below-minimum', 'previous-year-unknown']);
    expect(IndustryShareTestSchema.parse(test)).toEqual(test);
  });

  it.each([
    [
      "above 55% but below last year's 60%",
      5_800_000,
      { industryFen: 6_000_000, totalFen: total },
      false,
      ['share-meets-minimum', 'share-below-previous-year'],
      500_000,
      200_000,
    ],
    ["equal to last year's 60%", 6_000_000, { industryFen: 6_000_000, totalFen: total }, true, ['share-meets-minimum', 'share-not-below-previous-year'], 0, 0],
    [
      "above last year's 50% but below 55%",
      5_400_000,
      { industryFen: 5_000_000, totalFen: total },
      false,
      ['share-below-minimum', 'share-not-below-previous-year'],
      222_223,
      100_000,
    ],
    ["below last year's exact 2/3", 6_666_666, { industryFen: 2, totalFen: 3 }, false, ['share-meets-minimum', 'share-below-previous-year'], 2, 1],
  ])('a share %s passes: %s', (_description, industryFen, previousYear, passed, codes, additional, reallocation) => {
    const test = centralIndustryShareTest({ thisYear: { industryFen, totalFen: total }, previousYear }, parameters2022);
    expect(test.passed).toBe(passed);
    expect(test.reasons.map((item) => item.code)).toEqual(codes);
    expect(test.additionalIndustryFundingNeededFen).toBe(additional);
    expect(test.reallocationNeededFen).toBe(reallocation);
  });

  it('says when no new money can reach a required share of 100%', () => {
    const test = centralIndustryShareTest({ thisYear: { industryFen: 9, totalFen: 10 }, previousYear: { industryFen: 5, totalFen: 5 } }, parameters2022);
    expect(test.passed).toBe(false);
    expect(test.additionalIndustryFundingNeededFen).toBeNull();
    expect(test.reallocationNeededFen).toBe(1);
  });

  it('says when the new money needed is beyond any safe fen amount (last year within a hair of 100%)', () => {
    const test = centralIndustryShareTest(
      {
        thisYear: { industryFen: 0, totalFen: 9_008 },
        previousYear: { industryFen: 999_999_999_972, totalFen: 999_999_999_973 },
      },
      parameters2022,
    );
    expect(test.additionalIndustryFundingNeededFen).toBeNull();
    expect(test.reallocationNeededFen).toBe(9_008);
  });

  it('skips last year when the parameter set does not require it', () => {
    const relaxed = { ...parameters2022, industryFunds: { ...parameters2022.industryFunds, centralNotBelowPreviousYear: false } };
    const test = centralIndustryShareTest({ thisYear: { industryFen: 5_500, totalFen: 10_000 }, previousYear: { industryFen: 9, totalFen: 10 } }, relaxed);
    expect(test.passed).toBe(true);
    expect(test.reasons.map((item) => item.code)).toEqual(['share-meets-minimum']);
  });

  it('refuses industry spending above the total', () => {
    expect(() => centralIndustryShareTest({ thisYear: { industryFen: 11, totalFen: 10 }, previousYear: null }, parameters2022)).toThrow(
      /cannot exceed totalFen/,
    );
  });
});

describe('fourLevelIndustryShareTest (§4): four levels together ≥ 52%', () => {
  it.each([
    [5_199_999, false],
    [5_200_000, true],
    [5_200_001, true],
  ])('%i of %i fen passes: %s', (industryFen, passed) => {
    const test = fourLevelIndustryShareTest({ industryFen, totalFen: total }, parameters2022);
    expect(test.passed).toBe(passed);
    expect(test.parameterVersion).toBe('hebei-2022.1');
  });
});

describe('industry share invariants', () => {
  const funds = fc
    .tuple(fc.integer({ min: 1, max: 1e12 }), fc.integer({ min: 0, max: 1e12 }))
    .map(([totalFen, industry]) => ({ totalFen, industryFen: industry % (totalFen + 1) }));

  it('never reports a share above 100%, and a pass exactly when the amounts needed are zero', () => {
    fc.assert(
      fc.property(funds, (thisYear) => {
        const test = fourLevelIndustryShareTest(thisYear, parameters2022);
        expect(test.shareBasisPoints).toBeLessThanOrEqual(10_000);
        expect(test.shareBasisPoints).toBeGreaterThanOrEqual(0);
        expect(test.passed).toBe(test.additionalIndustryFundingNeededFen === 0);
        expect(test.passed).toBe(test.reallocationNeededFen === 0);
      }),
    );
  });

  it('the amounts needed are the smallest that pass: one fen less still fails', () => {
    fc.assert(
      fc.property(funds, funds, (thisYear, previousYear) => {
        const test = centralIndustryShareTest({ thisYear, previousYear }, parameters2022);
        const retest = (industryFen: number, totalFen: number) =>
          centralIndustryShareTest({ thisYear: { industryFen, totalFen }, previousYear }, parameters2022).passed;
        const added = test.additionalIndustryFundingNeededFen;
        if (added !== null && added > 0) {
          expect(retest(thisYear.industryFen + added, thisYear.totalFen + added)).toBe(true);
          expect(retest(thisYear.industryFen + added - 1, thisYear.totalFen + added - 1)).toBe(false);
        }
        const moved = test.reallocationNeededFen;
        expect(thisYear.industryFen + moved).toBeLessThanOrEqual(thisYear.totalFen);
        if (moved > 0) {
          expect(retest(thisYear.industryFen + moved, thisYear.totalFen)).toBe(true);
          expect(retest(thisYear.industryFen + moved - 1, thisYear.totalFen)).toBe(false);
        }
      }),
    );
  });
});
