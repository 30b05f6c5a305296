/**
 * 稳岗就业 (Hebei notice): 脱贫劳动力 by how they work — locally, as migrants, on a public-welfare
 * job, or unemployed — from the registry's members of 脱贫户, per village of the caller's region.
 * Members not of working age or not in the labour force (`not-working`) are not counted.
 */
import type { ModuleContext } from '@zhenxing/core';
import type { Executor } from '@zhenxing/db';
import type { Employment } from '@zhenxing/plugin-registry';
import { povertyExitedLabourByVillage } from '@zhenxing/plugin-registry/server';
import { regionNames } from './region-names.ts';
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

/** Counts per village under `regionCode` in the given counties, plus a total row (regionCode = the region), villages named. */
export async function countEmployment(
  db: Executor,
  counties: readonly string[],
  regionCode: string,
  today: string,
): Promise<{ total: EmploymentRow; byVillage: EmploymentRow[] }> {
  const total: EmploymentRow = { regionCode, regionName: '', counts: emptyCounts(), labour: 0 };
  const villages = new Map<string, EmploymentRow>();
  for (const tally of await povertyExitedLabourByVillage(db, counties, regionCode, today)) {
    const kind = KIND_OF[tally.employment];
    if (!kind) continue;
    const row = villages.get(tally.villageCode) ?? { regionCode: tally.villageCode, regionName: '', counts: emptyCounts(), labour: 0 };
    villages.set(tally.villageCode, row);
    row.counts[kind] += tally.people;
    row.labour += tally.people;
    total.counts[kind] += tally.people;
    total.labour += tally.people;
  }
  const names = await regionNames(db, [regionCode, ...villages.keys()]);
  total.regionName = names.get(regionCode) ?? regionCode;
  for (const row of villages.values()) row.regionName = names.get(row.regionCode) ?? row.regionCode;
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
