import { describe, expect, it } from 'vitest';
import { monthlyVisitDuty, MonthlyVisitDutySchema, mustVisitMonthly, visitCompliance, VisitComplianceSchema } from './visits.js';

const households = [
  { householdId: 'exited', povertyExited: true, monitored: false },
  { householdId: 'monitored', povertyExited: false, monitored: true },
  { householdId: 'both', povertyExited: true, monitored: true },
  { householdId: 'ordinary', povertyExited: false, monitored: false },
];

describe('monthly visit duty (§3)', () => {
  it.each([
    [true, false, true],
    [false, true, true],
    [true, true, true],
    [false, false, false],
  ])('a household that left poverty: %s, monitored: %s, must be visited: %s', (povertyExited, monitored, expected) => {
    expect(mustVisitMonthly({ householdId: 'h', povertyExited, monitored })).toBe(expected);
  });

  it('lists every 监测户 and every 脱贫户 for the month, not ordinary households', () => {
    const duty = monthlyVisitDuty({ month: '2022-07', households });
    expect(duty).toEqual({ month: '2022-07', householdIds: ['exited', 'monitored', 'both'] });
    expect(MonthlyVisitDutySchema.parse(duty)).toEqual(duty);
  });

  it('refuses a malformed month', () => {
    expect(() => monthlyVisitDuty({ month: '2022-7', households })).toThrow();
  });
});

describe('visitCompliance (§3)', () => {
  it('counts only visits whose Asia/Shanghai date falls in the month', () => {
    const compliance = visitCompliance({
      month: '2022-07',
      households,
      visits: [
        { householdId: 'exited', visitedOn: '2022-07-31' },
        // 30 June 17:00 UTC is 1 July 01:00 in Shanghai: counts for July.
        { householdId: 'monitored', visitedOn: new Date('2022-06-30T17:00:00Z') },
        // 31 July 16:30 UTC is 1 August in Shanghai: does not count for July.
        { householdId: 'both', visitedOn: new Date('2022-07-31T16:30:00Z') },
        { householdId: 'ordinary', visitedOn: '2022-07-05' },
      ],
    });
    expect(compliance).toEqual({
      month: '2022-07',
      required: ['exited', 'monitored', 'both'],
      visited: ['exited', 'monitored'],
      missing: ['both'],
      complete: false,
    });
    expect(VisitComplianceSchema.parse(compliance)).toEqual(compliance);
  });

  it('is complete when every required household was visited', () => {
    const compliance = visitCompliance({ month: '2022-07', households: households.slice(0, 1), visits: [{ householdId: 'exited', visitedOn: '2022-07-01' }] });
    expect(compliance.complete).toBe(true);
  });
});
