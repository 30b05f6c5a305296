import { describe, expect, it } from 'vitest';
import { ceilDivide, compareFractions, floorDivide, roundHalfUpDivide, toSafeNumber } from './rational.js';

describe('exact integer arithmetic', () => {
  it.each([
    [7n, 2n, 3n, 4n],
    [-7n, 2n, -4n, -3n],
    [6n, 3n, 2n, 2n],
    [-6n, 3n, -2n, -2n],
  ])('floor and ceiling of %i / %i are %i and %i', (numerator, denominator, floor, ceiling) => {
    expect(floorDivide(numerator, denominator)).toBe(floor);
    expect(ceilDivide(numerator, denominator)).toBe(ceiling);
  });

  it('rounds halves up', () => {
    expect(roundHalfUpDivide(5n, 2n)).toBe(3n);
    expect(roundHalfUpDivide(-5n, 2n)).toBe(-2n);
  });

  it('compares fractions exactly by cross-multiplication', () => {
    expect(compareFractions(5_499_999n, 10_000_000n, 5_500n, 10_000n)).toBe(-1);
    expect(compareFractions(55n, 100n, 5_500n, 10_000n)).toBe(0);
    expect(compareFractions(1n, 1n, 5_500n, 10_000n)).toBe(1);
  });

  it('refuses a zero or negative denominator', () => {
    expect(() => floorDivide(1n, 0n)).toThrow(/positive/);
    expect(() => compareFractions(1n, -1n, 1n, 1n)).toThrow(/positive/);
  });

  it('refuses to turn an unsafe BigInt into a number', () => {
    expect(toSafeNumber(42n)).toBe(42);
    expect(() => toSafeNumber(2n ** 60n)).toThrow(/safe integer/);
    expect(() => toSafeNumber(-(2n ** 60n))).toThrow(/safe integer/);
  });
});
