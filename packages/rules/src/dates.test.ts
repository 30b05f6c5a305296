import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, ageOn, CalendarDateSchema, daysBetween, IsoDateSchema, IsoMonthSchema, isIsoDate, monthOf, shanghaiDate } from './dates.js';

describe('ISO calendar dates', () => {
  it.each([
    ['2022-06-30', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2022-13-01', false],
    ['2022-6-30', false],
    ['2022-06-30T00:00:00Z', false],
  ])('"%s" is a calendar date: %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
    expect(IsoDateSchema.safeParse(value).success).toBe(expected);
  });

  it.each([
    ['2022-06', true],
    ['2022-12', true],
    ['2022-13', false],
    ['2022-00', false],
    ['2022-6', false],
  ])('"%s" is a month: %s', (value, expected) => {
    expect(IsoMonthSchema.safeParse(value).success).toBe(expected);
  });
});

describe('shanghaiDate gives the Asia/Shanghai calendar date of an instant', () => {
  it.each([
    ['2022-06-30T15:59:59.999Z', '2022-06-30'],
    ['2022-06-30T16:00:00.000Z', '2022-07-01'],
    ['2022-12-31T16:00:00.000Z', '2023-01-01'],
    ['2022-07-01T00:30:00+08:00', '2022-07-01'],
  ])('%s falls on %s', (instant, date) => {
    expect(shanghaiDate(new Date(instant))).toBe(date);
  });

  it('refuses an invalid Date', () => {
    expect(() => shanghaiDate(new Date('not a date'))).toThrow(/invalid Date/);
  });

  it('lets a schema accept either a date string or an instant', () => {
    expect(CalendarDateSchema.parse('2022-06-30')).toBe('2022-06-30');
    expect(CalendarDateSchema.parse(new Date('2022-06-30T16:00:00Z'))).toBe('2022-07-01');
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2022-06-30', 15)).toBe('2022-07-15');
    expect(addDays('2022-12-20', 15)).toBe('2023-01-04');
    expect(addDays('2024-02-20', 10)).toBe('2024-03-01');
    expect(addDays('2022-07-01', -1)).toBe('2022-06-30');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2022-06-30', '2022-06-30')).toBe(0);
    expect(daysBetween('2022-06-30', '2022-07-16')).toBe(16);
    expect(daysBetween('2022-07-16', '2022-06-30')).toBe(-16);
  });

  it('refuses a malformed date', () => {
    expect(() => addDays('2022-02-30', 1)).toThrow(/not a calendar date/);
    expect(() => addMonths('2022-02-30', 1)).toThrow(/not a calendar date/);
  });

  it.each([
    ['2022-01-15', 6, '2022-07-15'],
    ['2022-08-31', 6, '2023-02-28'],
    ['2023-08-31', 6, '2024-02-29'],
    ['2022-12-31', 2, '2023-02-28'],
    ['2022-03-31', -1, '2022-02-28'],
  ])('%s plus %i months is %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('gives the month and age of a date', () => {
    expect(monthOf('2022-06-30')).toBe('2022-06');
    expect(ageOn('2010-07-01', '2022-06-30')).toBe(11);
    expect(ageOn('2010-07-01', '2022-07-01')).toBe(12);
    expect(ageOn('2010-06-15', '2022-07-01')).toBe(12);
  });

  it('adding then counting days returns the same number', () => {
    const date = fc.date({ min: new Date('1950-01-01'), max: new Date('2080-12-31'), noInvalidDate: true }).map(shanghaiDate);
    fc.assert(
      fc.property(date, fc.integer({ min: -5_000, max: 5_000 }), (start, days) => {
        expect(daysBetween(start, addDays(start, days))).toBe(days);
      }),
    );
  });
});
