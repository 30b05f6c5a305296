/**
 * 稳岗就业 (Hebei notice): 脱贫劳动力 by how they work — locally, as migrants, on a public-welfare
 * job, or unemployed — from the registry's members of 脱贫户, per village of the caller's region.
 * Members not of working age or not in the labour force (`not-working`) are not counted.
 */
import type { ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { Employment } from '@zhenxing/plugin-registry';
import { getHouseholdProfile, isPovertyExited, listHouseholdsForVisitDuty } from '@zhenxing/plugin-registry/server';
import { monthOf } from '@zhenxing/rules';
import type { EmploymentKind, EmploymentRow } from '../index.ts';

const KIND_OF: Record<Employment, EmploymentKind | null> = {
  farming: 'local',
  'local-work': 'local',
  'self-employed': 'local',
  'migrant-work': 'migrant',
  'public-welfare-job': 'public-welfare-job',
  unemployed: 'unemployed',
  'not-working': null,
};

const emptyCounts = (): Record<EmploymentKind, number> => ({ local: 0, migrant: 0, 'public-welfare-job': 0, unemployed: 0 });

/** Counts per village under `regionCode` in the given counties, plus a total row (regionCode = the region). */
export async function countEmployment(
  db: Executor,
  counties: readonly string[],
  regionCode: string,
  today: string,
): Promise<{ total: EmploymentRow; byVillage: EmploymentRow[] }> {
  const total: EmploymentRow = { regionCode, counts: emptyCounts(), labour: 0 };
  const villages = new Map<string, EmploymentRow>();
  const listed = await listHouseholdsForVisitDuty(db, counties, monthOf(today));
  for (const entry of listed) {
    if (!entry.villageCode.startsWith(regionCode)) continue;
    const profile = await getHouseholdProfile(db, entry.householdId, today);
    if (!profile || !isPovertyExited(profile.household)) continue;
    for (const member of profile.members) {
      const kind = KIND_OF[member.employment];
      if (!kind || member.age === null || member.age < 16) continue;
      const row = villages.get(entry.villageCode) ?? { regionCode: entry.villageCode, counts: emptyCounts(), labour: 0 };
      villages.set(entry.villageCode, row);
      row.counts[kind] += 1;
      row.labour += 1;
      total.counts[kind] += 1;
      total.labour += 1;
    }
  }
  return { total, byVillage: [...villages.values()].sort((left, right) => left.regionCode.localeCompare(right.regionCode)) };
}

/** The caller's region: only counties in `ctx.access` (enabled, in scope). */
export function employmentCounts(context: Pick<ModuleContext, 'db' | 'access' | 'today'>): Promise<{ total: EmploymentRow; byVillage: EmploymentRow[] }> {
  return countEmployment(context.db, context.access.counties, context.access.regionCode, context.today);
}

/** Share of 脱贫 labour in work (local, migrant, public-welfare job), basis points; null when there is no labour. */
export function employedBasisPoints(row: EmploymentRow): number | null {
  if (row.labour === 0) return null;
  return Math.floor(((row.labour - row.counts.unemployed) * 10_000) / row.labour);
}
