import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyBasisPointsCeil,
  applyBasisPointsFloor,
  applyBasisPointsRoundHalfUp,
  BasisPointsSchema,
  divideRoundHalfUp,
  formatBasisPoints,
  formatYuan,
  shareBasisPoints,
  yuan,
} from './money.js';

describe('money is integer fen', () => {
  it('converts whole yuan to fen and refuses fractions of a yuan', () => {
    expect(yuan(7_300)).toBe(730_000);
    expect(() => yuan(7_300.5)).toThrow(/whole yuan/);
  });

  it.each([
    [730_000, '¥7,300.00'],
    [5, '¥0.05'],
    [-123_456, '-¥1,234.56'],
    [0, '¥0.00'],
  ])('formats %i fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([
    [5_500, '55.00%'],
    [5_499, '54.99%'],
    [7, '0.07%'],
    [-630, '-6.30%'],
  ])('formats %i basis points as %s', (basisPoints, text) => {
    expect(formatBasisPoints(basisPoints)).toBe(text);
  });

  it('accepts basis points from 0 to 10000 only', () => {
    expect(BasisPointsSchema.safeParse(10_000).success).toBe(true);
    expect(BasisPointsSchema.safeParse(10_001).success).toBe(false);
    expect(BasisPointsSchema.safeParse(55.5).success).toBe(false);
  });
});

describe('per-capita division rounds to the nearest fen, halves up', () => {
  it.each([
    [1_000, 3, 333],
    [2_000, 3, 667],
    [1_000, 8, 125],
    [5, 2, 3],
    [-5, 2, -2],
    [-7, 2, -3],
    [2_190_001, 3, 730_000],
    [2_190_002, 3, 730_001],
  ])('%i ÷ %i = %i', (amount, divisor, expected) => {
    expect(divideRoundHalfUp(amount, divisor)).toBe(expected);
  });

  it('is never more than half a fen away from the exact quotient', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 20 }), (amount, divisor) => {
        const rounded = divideRoundHalfUp(amount, divisor);
        const error = Math.abs(rounded * divisor - amount);
        expect(2 * error).toBeLessThanOrEqual(divisor);
      }),
    );
  });
});

describe('shares in basis points', () => {
  it('rounds a share down, so 54.999% shows as 5499 and never as 5500', () => {
    expect(shareBasisPoints(54_999, 100_000)).toBe(5_499);
    expect(shareBasisPoints(55_000, 100_000)).toBe(5_500);
  });

  it('applies a share rounding down for maxima, up for minima, half up for standards', () => {
    expect(applyBasisPointsFloor(100_001, 5_000)).toBe(50_000);
    expect(applyBasisPointsCeil(100_001, 3_000)).toBe(30_001);
    expect(applyBasisPointsRoundHalfUp(1_817_901, 5_000)).toBe(908_951);
    expect(applyBasisPointsRoundHalfUp(1_817_900, 5_000)).toBe(908_950);
  });

  it('never reports a share above 100% of the whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e13 }), fc.double({ min: 0, max: 1, noNaN: true }), (whole, fraction) => {
        const part = Math.floor(whole * fraction);
        const share = shareBasisPoints(Math.min(part, whole), whole);
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(10_000);
      }),
    );
  });
});
