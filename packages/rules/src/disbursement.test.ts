import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { DisbursementDecisionSchema, disbursementDecision } from './disbursement.js';
import type { DisbursementRequest } from './disbursement.js';

const budgetFen = 1_000_000;
const started: Omit<DisbursementRequest, 'requestedFen'> = {
  budgetFen,
  paidFen: 0,
  constructionStarted: true,
  progressBasisPoints: 0,
  accepted: false,
};

function codes(request: DisbursementRequest): string[] {
  return disbursementDecision(request, parameters2022).reasons.map((item) => item.code);
}

describe('disbursementDecision (§5): 动工即可拨付项目资金的30%-50%', () => {
  it.each([
    ['29.99%', 299_900, false, ['first-payment-below-minimum']],
    ['30%', 300_000, true, ['first-payment-allowed']],
    ['40%', 400_000, true, ['first-payment-allowed']],
    ['50%', 500_000, true, ['first-payment-allowed']],
    ['50.01%', 500_100, false, ['first-payment-above-maximum']],
  ])('a first payment of %s of the budget is allowed: %s', (_share, requestedFen, allowed, expected) => {
    const decision = disbursementDecision({ ...started, requestedFen }, parameters2022);
    expect(decision.allowed).toBe(allowed);
    expect(decision.kind).toBe('first');
    expect(decision.allowedFen).toBe(allowed ? requestedFen : 0);
    expect(decision.minimumFen).toBe(300_000);
    expect(decision.maximumFen).toBe(500_000);
    expect(decision.reasons.map((item) => item.code)).toEqual(expected);
    expect(DisbursementDecisionSchema.parse(decision)).toEqual(decision);
  });

  it('rounds the first-payment range inward to whole fen: at least 30% and at most 50%', () => {
    const decision = disbursementDecision({ ...started, budgetFen: 1_001, requestedFen: 301 }, parameters2022);
    expect(decision.minimumFen).toBe(301);
    expect(decision.maximumFen).toBe(500);
    expect(codes({ ...started, budgetFen: 1_001, requestedFen: 300 })).toEqual(['first-payment-below-minimum']);
    expect(codes({ ...started, budgetFen: 1_001, requestedFen: 501 })).toEqual(['first-payment-above-maximum']);
  });

  it('pays nothing before construction starts', () => {
    const decision = disbursementDecision({ ...started, constructionStarted: false, requestedFen: 300_000 }, parameters2022);
    expect(decision).toMatchObject({ allowed: false, allowedFen: 0, maximumFen: 0, kind: 'first' });
    expect(decision.reasons.map((item) => item.code)).toEqual(['construction-not-started']);
    expect(codes({ ...started, paidFen: 10, constructionStarted: false, requestedFen: 1 })).toEqual(['construction-not-started']);
  });
});

describe('disbursementDecision (§5): 按工程进度及时拨付资金, final payment after acceptance', () => {
  const afterFirst = { ...started, paidFen: 400_000 };
  it.each([
    ['up to 60% progress', 6_000, 200_000, true, ['progress-payment-allowed'], 200_000],
    ['one fen beyond 60% progress', 6_000, 200_001, false, ['exceeds-progress'], 200_000],
    ['up to the 90% paid before acceptance', 10_000, 500_000, true, ['progress-payment-allowed'], 500_000],
    ['into the 10% withheld until acceptance', 10_000, 500_001, false, ['final-payment-before-acceptance'], 500_000],
    ['beyond both progress and the withheld share', 8_000, 600_000, false, ['exceeds-progress', 'final-payment-before-acceptance'], 400_000],
    ['while progress is behind what was paid', 3_000, 1, false, ['exceeds-progress'], 0],
    ['beyond the budget', 10_000, 600_001, false, ['exceeds-progress', 'final-payment-before-acceptance', 'exceeds-budget'], 500_000],
  ])('a later payment %s is allowed: %s', (_description, progressBasisPoints, requestedFen, allowed, expected, maximumFen) => {
    const decision = disbursementDecision({ ...afterFirst, progressBasisPoints, requestedFen }, parameters2022);
    expect(decision.kind).toBe('progress');
    expect(decision.allowed).toBe(allowed);
    expect(decision.maximumFen).toBe(maximumFen);
    expect(decision.reasons.map((item) => item.code)).toEqual(expected);
  });

  it.each([
    ['the rest of the budget', 100_000, true, ['final-payment-allowed']],
    ['one fen beyond the budget', 100_001, false, ['exceeds-budget']],
  ])('after acceptance, paying %s is allowed: %s', (_description, requestedFen, allowed, expected) => {
    const decision = disbursementDecision({ ...started, paidFen: 900_000, progressBasisPoints: 10_000, accepted: true, requestedFen }, parameters2022);
    expect(decision.kind).toBe('final');
    expect(decision.maximumFen).toBe(100_000);
    expect(decision.allowed).toBe(allowed);
    expect(decision.reasons.map((item) => item.code)).toEqual(expected);
  });

  it('refuses records that are already overpaid', () => {
    expect(() => disbursementDecision({ ...started, paidFen: budgetFen + 1, requestedFen: 1 }, parameters2022)).toThrow(/already overpaid/);
  });

  it('never lets payments exceed the budget, nor the maximum exceed what is left', () => {
    const request = fc
      .record({
        budgetFen: fc.integer({ min: 1, max: 1e12 }),
        paidShare: fc.integer({ min: 0, max: 10_000 }),
        constructionStarted: fc.boolean(),
        progressBasisPoints: fc.integer({ min: 0, max: 10_000 }),
        accepted: fc.boolean(),
        requestedFen: fc.integer({ min: 1, max: 1e12 }),
      })
      .map(({ paidShare, ...rest }) => ({ ...rest, paidFen: Math.floor((rest.budgetFen * paidShare) / 10_000) }));
    fc.assert(
      fc.property(request, (input) => {
        const decision = disbursementDecision(input, parameters2022);
        expect(input.paidFen + decision.allowedFen).toBeLessThanOrEqual(input.budgetFen);
        expect(input.paidFen + decision.maximumFen).toBeLessThanOrEqual(input.budgetFen);
        if (decision.allowed) expect(decision.allowedFen).toBe(input.requestedFen);
        else expect(decision.allowedFen).toBe(0);
        if (!input.accepted) {
          expect(input.paidFen + decision.allowedFen).toBeLessThanOrEqual(Math.max(input.paidFen, input.budgetFen - Math.ceil(input.budgetFen / 10)));
        }
      }),
    );
  });
});
