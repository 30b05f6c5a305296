/**
 * §6 → §2: registry members placed in jobs through social assistance's 劳务协作 pairings
 * (`social-assistance.job-placed`) are counted in 稳岗就业 per county and year as `pairingPlaced`
 * (distinct members). Idempotent on the placement id — a re-delivered event counts once — and a
 * removed placement (`social-assistance.job-placement-removed`) is uncounted. Runs only where social
 * assistance is installed and in counties that enable this module.
 */
import type { EventHandler } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { JobPlaced, JobPlacementRemoved } from '@zhenxing/plugin-social-assistance';
import { and, countDistinct, eq, inArray } from 'drizzle-orm';
import { assistancePlacements } from './schema.ts';
import type { IncomeSettings } from './settings.ts';

export const onJobPlaced: EventHandler<'social-assistance.job-placed', IncomeSettings> = async (placement: JobPlaced, context) => {
  const [row] = await context.db
    .insert(assistancePlacements)
    .values({
      countyCode: placement.countyCode,
      villageCode: placement.villageCode,
      year: placement.year,
      placementId: placement.placementId,
      householdId: placement.householdId,
      memberId: placement.memberId,
      placedOn: placement.placedOn,
    })
    .onConflictDoNothing()
    .returning();
  if (row) {
    await context.audit({
      action: 'employment.placement-counted',
      regionCode: row.villageCode,
      entityType: 'income-assistance-placement',
      entityId: row.id,
      after: row,
    });
  }
};

export const onJobPlacementRemoved: EventHandler<'social-assistance.job-placement-removed', IncomeSettings> = async (removed: JobPlacementRemoved, context) => {
  const [row] = await context.db
    .delete(assistancePlacements)
    .where(and(eq(assistancePlacements.countyCode, removed.countyCode), eq(assistancePlacements.placementId, removed.placementId)))
    .returning();
  if (row) {
    await context.audit({
      action: 'employment.placement-uncounted',
      regionCode: row.villageCode,
      entityType: 'income-assistance-placement',
      entityId: row.id,
      before: row,
    });
  }
};

/** Distinct members placed through pairings per county for `year` (0 where none). */
export async function pairingPlacedByCounty(db: Executor, counties: readonly string[], year: number): Promise<Map<string, number>> {
  if (counties.length === 0) return new Map();
  const rows = await db
    .select({ countyCode: assistancePlacements.countyCode, placed: countDistinct(assistancePlacements.memberId) })
    .from(assistancePlacements)
    .where(and(inArray(assistancePlacements.countyCode, [...counties]), eq(assistancePlacements.year, year)))
    .groupBy(assistancePlacements.countyCode);
  return new Map(rows.map((row) => [row.countyCode, Number(row.placed)] as const));
}
