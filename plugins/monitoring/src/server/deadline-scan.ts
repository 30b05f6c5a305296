/**
 * Scheduled every 15 minutes: recomputes the deadline status of every open case (the rules'
 * identificationProgress on the tick's Asia/Shanghai date — never the wall clock) and escalates
 * overdue ones to county, city and province as the county configured. Changes are audited and
 * each escalation raises `monitoring.identification-escalated`.
 */
import type { JobContext } from '@zhenxing/core';
import { shanghaiDate } from '@zhenxing/rules';
import { and, eq, inArray } from 'drizzle-orm';
import { OPEN_CASE_STEPS, type EscalationLevel } from '../index.ts';
import { escalationFor, progressOf } from './deadlines.ts';
import { cases } from './schema.ts';
import type { MonitoringSettings } from './settings.ts';

export async function scanDeadlines({ db, tick, counties, settingsFor, audit, emit, parameters }: JobContext<MonitoringSettings>): Promise<void> {
  const today = shanghaiDate(tick);
  for (const countyCode of counties) {
    const settings = await settingsFor(countyCode);
    const open = await db
      .select()
      .from(cases)
      .where(and(eq(cases.countyCode, countyCode), inArray(cases.step, [...OPEN_CASE_STEPS])));
    for (const row of open) {
      const progress = progressOf(parameters, row, today, settings);
      const current = row.escalationLevel as EscalationLevel;
      const level = escalationFor(progress, current, settings);
      if (progress.status === row.deadlineStatus && level === current) continue;
      await db
        .update(cases)
        .set({ deadlineStatus: progress.status, escalationLevel: level, ...(level !== current ? { escalatedOn: today } : {}), updatedAt: tick })
        .where(eq(cases.id, row.id));
      await audit({
        action: 'case.deadline-status',
        regionCode: row.villageCode,
        entityType: 'case',
        entityId: row.id,
        before: { deadlineStatus: row.deadlineStatus, escalationLevel: current },
        after: { deadlineStatus: progress.status, escalationLevel: level, on: today },
      });
      if (level !== current) {
        emit('monitoring.identification-escalated', {
          countyCode: row.countyCode,
          villageCode: row.villageCode,
          householdId: row.householdId,
          caseId: row.id,
          level,
          deadlineOn: row.deadlineOn,
          daysOverdue: Math.max(0, -progress.daysRemaining),
        });
      }
    }
  }
}
