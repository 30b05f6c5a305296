/**
 * §3 → §2: a visit's income changes (`visits.income-changed`, raised by the visits module) become an
 * in-year adjustment of the household's income, and the ledger is re-evaluated. Runs only where
 * the visits module is installed and in counties that enable this module; one adjustment per visit.
 */
import { systemActor, type EventHandler } from '@zhenxing/core';
import type { VisitIncomeChanged } from '@zhenxing/plugin-visits';
import { eq } from 'drizzle-orm';
import { INCOME_COMPONENTS } from '../index.ts';
import { reevaluate } from './ledger.ts';
import { adjustmentRecord } from './tracking.ts';
import { adjustments, type AdjustmentRow } from './schema.ts';
import type { IncomeSettings } from './settings.ts';

export const onVisitIncomeChanged: EventHandler<'visits.income-changed', IncomeSettings> = async (change: VisitIncomeChanged, context) => {
  if (INCOME_COMPONENTS.every((component) => change.changes[component] === 0)) return;
  const [already] = await context.db.select({ id: adjustments.id }).from(adjustments).where(eq(adjustments.visitId, change.visitId));
  if (already) return;
  const [row] = (await context.db
    .insert(adjustments)
    .values({
      countyCode: change.countyCode,
      villageCode: change.villageCode,
      householdId: change.householdId,
      year: change.year,
      source: 'visit',
      visitId: change.visitId,
      ...change.changes,
      note: '',
      recordedOn: change.visitedOn,
      recordedBy: systemActor('visits').username,
    })
    .returning()) as [AdjustmentRow];
  await context.audit({
    action: 'income.adjust',
    regionCode: change.villageCode,
    entityType: 'income-adjustment',
    entityId: row.id,
    after: adjustmentRecord(row),
  });
  await reevaluate(context, change.householdId, change.year);
};
