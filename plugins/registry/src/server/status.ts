/**
 * The one write other plugins may make to the registry: a household's monitoring status, set by
 * the monitoring plugin when it includes a household (监测户) or eliminates its risk. It runs in
 * the caller's transaction and leaves a change-history row; the caller audits its own action.
 */
import type { Executor } from '@zhenxing/db';
import { eq } from 'drizzle-orm';
import type { HouseholdStatus } from '../index.ts';
import { diff, writeHistory } from './history.ts';
import { households } from './schema.ts';

export interface StatusChange {
  householdId: number;
  status: HouseholdStatus;
  /** Why, for the household's change history (e.g. 'monitoring.include'). */
  action: string;
  at: Date;
  username: string | null;
}

/** Sets the status; returns the previous one, or null when there is no such household. */
export async function setHouseholdStatus(db: Executor, change: StatusChange): Promise<HouseholdStatus | null> {
  const [row] = await db
    .select({ status: households.status, countyCode: households.countyCode, villageCode: households.villageCode })
    .from(households)
    .where(eq(households.id, change.householdId));
  if (!row) return null;
  const before = row.status as HouseholdStatus;
  if (before !== change.status) {
    await db.update(households).set({ status: change.status, updatedAt: change.at }).where(eq(households.id, change.householdId));
    await writeHistory(
      db,
      [
        {
          householdId: change.householdId,
          countyCode: row.countyCode,
          villageCode: row.villageCode,
          action: change.action,
          changes: diff({ status: before }, { status: change.status }),
        },
      ],
      change.at,
      change.username,
    );
  }
  return before;
}
