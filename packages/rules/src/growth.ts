import { z } from 'zod';
import { compareFractions } from './rational.js';

/**
 * An income growth rate, given either as published (basis points, 630 = 6.30%, may be negative)
 * or as two income figures (the rate is then (current − previous) / previous, kept exact).
 */
export const GrowthSchema = z.union([z.object({ basisPoints: z.int() }), z.object({ previousFen: z.int().min(1), currentFen: z.int().min(0) })]);
export type Growth = z.infer<typeof GrowthSchema>;

/** The growth rate as an exact fraction [numerator, positive denominator]. */
function growthFraction(growth: Growth): [bigint, bigint] {
  if ('basisPoints' in growth) return [BigInt(growth.basisPoints), 10_000n];
  return [BigInt(growth.currentFen - growth.previousFen), BigInt(growth.previousFen)];
}

/** Compares two growth rates exactly: −1 when `left` grew slower, 0 when equal, 1 when faster. */
export function compareGrowth(left: Growth, right: Growth): -1 | 0 | 1 {
  const [leftNumerator, leftDenominator] = growthFraction(GrowthSchema.parse(left));
  const [rightNumerator, rightDenominator] = growthFraction(GrowthSchema.parse(right));
  return compareFractions(leftNumerator, leftDenominator, rightNumerator, rightDenominator);
}
