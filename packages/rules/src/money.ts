import { z } from 'zod';
import { ceilDivide, floorDivide, roundHalfUpDivide, toSafeNumber } from './rational.js';

/**
 * Money is always an integer number of fen (分, 1 yuan = 100 fen) — never a float.
 * Shares are integer basis points (1 bp = 0.01%, 10000 = 100%, 5500 = 55%).
 */
export const FenSchema = z.int().describe('amount in fen (分), an integer');
export type Fen = z.infer<typeof FenSchema>;

export const NonNegativeFenSchema = z.int().min(0).describe('non-negative amount in fen (分)');
export const PositiveFenSchema = z.int().min(1).describe('positive amount in fen (分)');

export const BasisPointsSchema = z.int().min(0).max(10_000).describe('share in basis points, 10000 = 100%');
export type BasisPoints = z.infer<typeof BasisPointsSchema>;

export const BASIS_POINTS_WHOLE = 10_000;

/** Whole yuan to fen: `yuan(7300)` is 730000. Only whole yuan, so no float ever becomes money. */
export function yuan(wholeYuan: number): number {
  if (!Number.isSafeInteger(wholeYuan)) {
    throw new RangeError(`yuan() takes whole yuan; got ${wholeYuan}. Pass fen amounts directly instead.`);
  }
  return wholeYuan * 100;
}

/** Formats fen as yuan with two decimals and thousands separators, e.g. 730000 → "¥7,300.00". */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const absolute = Math.abs(fen);
  const whole = Math.floor(absolute / 100).toLocaleString('en-US');
  const cents = String(absolute % 100).padStart(2, '0');
  return `${sign}¥${whole}.${cents}`;
}

/** Formats basis points as a percentage with two decimals, e.g. 5500 → "55.00%". */
export function formatBasisPoints(basisPoints: number): string {
  const sign = basisPoints < 0 ? '-' : '';
  const absolute = Math.abs(basisPoints);
  return `${sign}${Math.floor(absolute / 100)}.${String(absolute % 100).padStart(2, '0')}%`;
}

/**
 * Integer division of an amount, rounded to the nearest fen with halves rounded up (toward +∞).
 * Used for per-capita figures: 1000 fen ÷ 3 = 333, 1000 fen ÷ 8 = 125, 5 fen ÷ 2 = 3, −5 ÷ 2 = −2.
 */
export function divideRoundHalfUp(amount: number, divisor: number): number {
  return toSafeNumber(roundHalfUpDivide(BigInt(amount), BigInt(divisor)));
}

/** The share part / whole in basis points, rounded down, so a displayed share is never overstated. */
export function shareBasisPoints(part: number, whole: number): number {
  return toSafeNumber(floorDivide(BigInt(part) * 10_000n, BigInt(whole)));
}

/** amount × basisPoints / 10000, rounded down (for maxima: never pay more than the share). */
export function applyBasisPointsFloor(amount: number, basisPoints: number): number {
  return toSafeNumber(floorDivide(BigInt(amount) * BigInt(basisPoints), 10_000n));
}

/** amount × basisPoints / 10000, rounded up (for minima: never accept less than the share). */
export function applyBasisPointsCeil(amount: number, basisPoints: number): number {
  return toSafeNumber(ceilDivide(BigInt(amount) * BigInt(basisPoints), 10_000n));
}

/** amount × basisPoints / 10000, rounded half up (for standards stated as a share of an amount). */
export function applyBasisPointsRoundHalfUp(amount: number, basisPoints: number): number {
  return toSafeNumber(roundHalfUpDivide(BigInt(amount) * BigInt(basisPoints), 10_000n));
}
