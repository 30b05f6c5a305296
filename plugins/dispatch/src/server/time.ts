import { addDays, shanghaiDate } from '@zhenxing/rules';
import type { Recurrence } from '../index.ts';

/** The UTC instant of a wall-clock time in Asia/Shanghai (UTC+8 all year, no daylight saving). */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}

/** The last instant of a Shanghai day: the period's end, when its indicators are read. */
export function endOfShanghaiDay(date: string): Date {
  return new Date(shanghaiInstant(addDays(date, 1), '00:00').getTime() - 1);
}

function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const total = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(total / 12);
  const targetMonth = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${String(targetMonth).padStart(2, '0')}-${String(Math.min(day, lastDay)).padStart(2, '0')}`;
}

/** Period `index` (0-based) of a recurrence starting at `first`: its first and last day. */
export function periodDates(recurrence: Recurrence, first: string, index: number): { startsOn: string; endsOn: string } {
  if (recurrence === 'weekly') {
    const startsOn = addDays(first, index * 7);
    return { startsOn, endsOn: addDays(startsOn, 6) };
  }
  const startsOn = addMonths(first, index);
  return { startsOn, endsOn: addDays(addMonths(first, index + 1), -1) };
}

/**
 * Whole minutes after the deadline, at minute precision in Asia/Shanghai: anything within the due
 * minute (10:00:00–10:00:59 for a 10:00 deadline) is on time (0); 10:01:00 is 1 minute late.
 */
export function minutesLate(dueAt: Date, at: Date): number {
  const minute = 60_000;
  return Math.max(0, Math.floor(at.getTime() / minute) - Math.floor(dueAt.getTime() / minute));
}

export { shanghaiDate };
