/**
 * The households a request may act on, read through the registry's public API (never its tables):
 * the §3 duty list of the month, narrowed to the requested region, and one household by id.
 */
import type { ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { HouseholdProfile, VisitDutyHousehold } from '@zhenxing/plugin-registry';
import { getHouseholdProfile, listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { householdNotFound } from './errors.ts';

type ReadContext = Pick<ModuleContext, 'db' | 'access' | 'today'>;

/** §3 (monthlyVisitDuty, via the registry): every 监测户 and 脱贫户 of these counties under `regionCode`. */
export async function dutyIn(db: Executor, counties: readonly string[], regionCode: string, month: string): Promise<VisitDutyHousehold[]> {
  const rows = await listHouseholdsForVisitDuty(db, counties, month);
  return rows.filter((row) => row.villageCode.startsWith(regionCode));
}

/** The duty households of the requested region that the caller may see. */
export async function dueHouseholds(context: ReadContext, month: string): Promise<VisitDutyHousehold[]> {
  const { access } = context;
  return (await dutyIn(context.db, access.counties, access.regionCode, month)).filter((row) => access.canSee(row.villageCode));
}

/** One household the caller may see (unmasked: server-side use only), else the not-found field error. */
export async function visibleHousehold(context: ReadContext, householdId: number): Promise<HouseholdProfile> {
  const profile = await getHouseholdProfile(context.db, householdId, context.today);
  if (!profile || !context.access.canSee(profile.household.villageCode) || !profile.household.villageCode.startsWith(context.access.regionCode)) {
    throw householdNotFound();
  }
  return profile;
}
