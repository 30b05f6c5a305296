/**
 * Shared input helpers: every plugin declares region codes, dates, money and free text with these,
 * so an impossible value is a field error at the boundary instead of a database error (a 500).
 * Messages are fixed texts; none of them repeats the value that was sent.
 */
import { z } from 'zod';
import { REGION_CODE_PATTERN } from './regions.ts';

/** A region code as written in the hierarchy: 2, 4, 6, 9 or 12 digits (`.optional()` where a default scope applies). */
export const regionCodeInput = z
  .string()
  .regex(REGION_CODE_PATTERN, { message: '区划代码应为2、4、6、9或12位数字 / a region code has 2, 4, 6, 9 or 12 digits' });

/** Years a date may carry: wide enough for birth dates and plans, narrow enough for every column type. */
export const ISO_DATE_MIN_YEAR = 1900;
export const ISO_DATE_MAX_YEAR = 2100;

/** True when `YYYY-MM-DD` names a day that exists (2026-02-30 does not). */
export function isRealCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < ISO_DATE_MIN_YEAR || year > ISO_DATE_MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar date `YYYY-MM-DD` that really exists, years 1900–2100. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: '日期格式应为 YYYY-MM-DD / a date is written YYYY-MM-DD' })
  .refine(isRealCalendarDate, { message: '日期不存在 / no such date', abort: true });

/**
 * The largest amount of money accepted anywhere: 10^12 fen = 100 亿元. Far above any county's
 * yearly linkage funds, far below bigint and Number.MAX_SAFE_INTEGER, so sums of many amounts
 * stay exact in JavaScript and in the database.
 */
export const MAX_FEN = 1_000_000_000_000;

/** An amount of money in integer fen, 0 ≤ amount ≤ MAX_FEN (chain `.min(1)` where zero is meaningless). */
export const fenAmount = z
  .int({ message: '金额应为整数（分） / an amount is a whole number of fen' })
  .min(0, { message: '金额不能为负 / an amount cannot be negative' })
  .max(MAX_FEN, { message: '金额超出上限（100亿元） / the amount is above the limit (10^12 fen)' });

/** C0 control characters other than tab, line feed and carriage return (NUL included). */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const FORBIDDEN_CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/** True when the text holds a NUL or another control character a person does not type. */
export function hasForbiddenControlCharacter(value: string): boolean {
  return FORBIDDEN_CONTROL_CHARACTERS.test(value);
}

/** Free text of at most `max` characters without NUL or other control characters (\t \n \r allowed). */
export function plainText(max: number) {
  return z
    .string()
    .max(max)
    .refine((value) => !hasForbiddenControlCharacter(value), { message: '含有不允许的控制字符 / contains a control character that is not allowed' });
}
