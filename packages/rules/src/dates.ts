import { z } from 'zod';

/**
 * Calendar dates are ISO `YYYY-MM-DD` strings. Day counting is calendar arithmetic on those dates;
 * an instant (a JavaScript `Date`) is first turned into the calendar date it has in Asia/Shanghai,
 * because every deadline of the policy is counted in Chinese calendar days.
 */

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH_PATTERN = /^(\d{4})-(\d{2})$/;
const MILLISECONDS_PER_DAY = 86_400_000;

export const SHANGHAI_TIME_ZONE = 'Asia/Shanghai';

/** True when `value` is a real calendar date written `YYYY-MM-DD` (2023-02-29 is not). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'Expected a calendar date written YYYY-MM-DD, e.g. 2022-06-30.' })
  .describe('calendar date YYYY-MM-DD');
export type IsoDate = z.infer<typeof IsoDateSchema>;

export const IsoMonthSchema = z
  .string()
  .refine(
    (value) => {
      const match = ISO_MONTH_PATTERN.exec(value);
      return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
    },
    { message: 'Expected a month written YYYY-MM, e.g. 2022-06.' },
  )
  .describe('calendar month YYYY-MM');
export type IsoMonth = z.infer<typeof IsoMonthSchema>;

/**
 * Accepts either an ISO calendar date or an instant; an instant becomes its Asia/Shanghai date.
 * Output is always an ISO date string.
 */
export const CalendarDateSchema = z.union([IsoDateSchema, z.date()]).transform((value) => (typeof value === 'string' ? value : shanghaiDate(value)));
export type CalendarDateInput = z.input<typeof CalendarDateSchema>;

const shanghaiFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: SHANGHAI_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date an instant falls on in Asia/Shanghai, e.g. 2022-06-30T16:00:00Z → "2022-07-01". */
export function shanghaiDate(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('shanghaiDate() received an invalid Date; pass a valid instant.');
  }
  const parts = shanghaiFormatter.formatToParts(instant);
  const part = (type: 'year' | 'month' | 'day'): string => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

function toEpochDay(date: IsoDate): number {
  if (!isIsoDate(date)) {
    throw new RangeError(`"${date}" is not a calendar date written YYYY-MM-DD.`);
  }
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / MILLISECONDS_PER_DAY;
}

function fromEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * MILLISECONDS_PER_DAY).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (negative goes back): addDays("2022-06-30", 15) = "2022-07-15". */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar days from `from` to `to`: 0 for the same day, 1 for the next day, negative if `to` is earlier. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * The same day `months` calendar months later; when that month is shorter the last day is used:
 * addMonths("2022-08-31", 6) = "2023-02-28".
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  toEpochDay(date);
  const targetMonthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(targetMonthIndex / 12);
  const targetMonth = targetMonthIndex - targetYear * 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const clampedDay = Math.min(day, lastDay);
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth + 1).padStart(2, '0')}-${String(clampedDay).padStart(2, '0')}`;
}

/** The month a date falls in: "2022-06-30" → "2022-06". */
export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

/** Whole years of age on `onDate` for someone born on `birthDate` (a birthday counts on the day itself). */
export function ageOn(birthDate: IsoDate, onDate: IsoDate): number {
  const [birthYear, birthMonth, birthDay] = birthDate.split('-').map(Number) as [number, number, number];
  const [year, month, day] = onDate.split('-').map(Number) as [number, number, number];
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  return year - birthYear - (hadBirthday ? 0 : 1);
}
