/**
 * Exact integer arithmetic on BigInt. Shares, growth rates and budget fractions are compared by
 * cross-multiplication here, never with floating point, so boundaries such as 55% are exact.
 */

/** Floor of a / b for b > 0 (rounds toward −∞, unlike BigInt `/`, which truncates). */
export function floorDivide(numerator: bigint, denominator: bigint): bigint {
  assertPositive(denominator);
  const quotient = numerator / denominator;
  return numerator % denominator !== 0n && numerator < 0n ? quotient - 1n : quotient;
}

/** Ceiling of a / b for b > 0. */
export function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return -floorDivide(-numerator, denominator);
}

/** a / b rounded to the nearest integer, halves rounded up (toward +∞), for b > 0. */
export function roundHalfUpDivide(numerator: bigint, denominator: bigint): bigint {
  return floorDivide(2n * numerator + denominator, 2n * denominator);
}

/** Compares the fractions a/b and c/d (b, d > 0): −1 when a/b < c/d, 0 when equal, 1 when greater. */
export function compareFractions(leftNumerator: bigint, leftDenominator: bigint, rightNumerator: bigint, rightDenominator: bigint): -1 | 0 | 1 {
  assertPositive(leftDenominator);
  assertPositive(rightDenominator);
  const left = leftNumerator * rightDenominator;
  const right = rightNumerator * leftDenominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Converts a BigInt result back to a number, refusing values outside the safe integer range. */
export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Result ${value} is outside the safe integer range; split the amount.`);
  }
  return Number(value);
}

function assertPositive(denominator: bigint): void {
  if (denominator <= 0n) {
    throw new RangeError(`Denominator must be positive, got ${denominator}.`);
  }
}
