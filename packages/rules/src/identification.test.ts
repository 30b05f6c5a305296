import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parameters2022 } from '../test/fixtures.js';
import { addDays } from './dates.js';
import {
  forbiddenNoticeFields,
  identificationDeadline,
  IdentificationDeadlineSchema,
  identificationProgress,
  IdentificationProgressSchema,
  villageNoticePeriod,
  VillageNoticePeriodSchema,
} from './identification.js';

const discoveredOn = '2022-06-30';

describe('identificationDeadline (§1 简): discovered on D, the deadline is D + 15', () => {
  it('gives the warning day (D + 10) and the deadline (D + 15)', () => {
    const deadline = identificationDeadline(discoveredOn, parameters2022);
    expect(deadline).toEqual({ discoveredOn, warningOn: '2022-07-10', deadlineOn: '2022-07-15', parameterVersion: 'hebei-2022.1' });
    expect(IdentificationDeadlineSchema.parse(deadline)).toEqual(deadline);
  });

  it('counts from the Asia/Shanghai date of an instant', () => {
    // 17:00 UTC on 30 June is 01:00 on 1 July in Shanghai.
    expect(identificationDeadline(new Date('2022-06-30T17:00:00Z'), parameters2022).deadlineOn).toBe('2022-07-16');
    expect(identificationDeadline(new Date('2022-06-30T15:00:00Z'), parameters2022).deadlineOn).toBe('2022-07-15');
  });
});

describe('identificationProgress (§1 简): day 15 is on time, day 16 is overdue', () => {
  it.each([
    [0, 'on-track', 15],
    [9, 'on-track', 6],
    [10, 'warning', 5],
    [14, 'warning', 1],
    [15, 'warning', 0],
    [16, 'overdue', -1],
    [40, 'overdue', -25],
  ] as const)('an open case on day %i is %s with %i days remaining', (day, status, daysRemaining) => {
    const progress = identificationProgress({ discoveredOn, today: addDays(discoveredOn, day) }, parameters2022);
    expect(progress.status).toBe(status);
    expect(progress.daysElapsed).toBe(day);
    expect(progress.daysRemaining).toBe(daysRemaining);
    expect(IdentificationProgressSchema.parse(progress)).toEqual(progress);
  });

  it.each([
    [0, 'done-on-time'],
    [14, 'done-on-time'],
    [15, 'done-on-time'],
    [16, 'done-late'],
  ] as const)('a case completed on day %i is %s, whatever today is', (day, status) => {
    const progress = identificationProgress({ discoveredOn, completedOn: addDays(discoveredOn, day), today: '2023-01-01' }, parameters2022);
    expect(progress.status).toBe(status);
    expect(progress.daysElapsed).toBe(day);
  });

  it('takes instants as Asia/Shanghai dates: completed at 23:30 Shanghai time on day 15 is on time', () => {
    const progress = identificationProgress(
      {
        discoveredOn: new Date('2022-06-30T02:00:00+08:00'),
        completedOn: new Date('2022-07-15T23:30:00+08:00'),
        today: new Date('2022-07-20T00:00:00+08:00'),
      },
      parameters2022,
    );
    expect(progress.status).toBe('done-on-time');
  });

  it('refuses dates before the discovery', () => {
    expect(() => identificationProgress({ discoveredOn, completedOn: '2022-06-29', today: '2022-07-01' }, parameters2022)).toThrow(
      /completedOn is before discoveredOn/,
    );
    expect(() => identificationProgress({ discoveredOn, today: '2022-06-29' }, parameters2022)).toThrow(/today is before discoveredOn/);
  });

  it('agrees with the deadline for any open case: overdue exactly when more than 15 days have passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), (day) => {
        const progress = identificationProgress({ discoveredOn, today: addDays(discoveredOn, day) }, parameters2022);
        expect(progress.status === 'overdue').toBe(day > 15);
        expect(progress.status === 'on-track').toBe(day < 10);
      }),
    );
  });
});

describe('villageNoticePeriod: a village notice stays posted at least 5 days', () => {
  it.each([
    ['2022-07-01', '2022-07-05', false, 4],
    ['2022-07-01', '2022-07-06', true, 5],
    ['2022-07-01', '2022-07-07', true, 6],
  ])('posted %s and ended %s: met %s after %i days', (postedOn, endedOn, met, daysPosted) => {
    const period = villageNoticePeriod({ postedOn, endedOn }, parameters2022);
    expect(period).toEqual({ met, daysPosted, minimumDays: 5, earliestEndOn: '2022-07-06', parameterVersion: 'hebei-2022.1' });
    expect(VillageNoticePeriodSchema.parse(period)).toEqual(period);
  });

  it('refuses an end before the posting', () => {
    expect(() => villageNoticePeriod({ postedOn: '2022-07-05', endedOn: '2022-07-01' }, parameters2022)).toThrow(/endedOn is before postedOn/);
  });

  it('lists the fields a village notice must never show', () => {
    expect(forbiddenNoticeFields(['name', 'idNumber', 'village', 'phone', 'bankAccount', 'healthCondition'])).toEqual([
      'idNumber',
      'phone',
      'bankAccount',
      'healthCondition',
    ]);
    expect(forbiddenNoticeFields(['name', 'monitoringType'])).toEqual([]);
  });
});
