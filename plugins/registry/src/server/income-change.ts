/**
 * The registry's income write for other plugins: a household's yearly income components moved by a
 * change another plugin observed (the visits plugin's "income changed since the last visit", §3).
 * It runs in the caller's transaction, so the change lands with the record that caused it or not at
 * all; it leaves a change-history row naming the source (e.g. `visits.visit:12`); the caller audits
 * its own action with what this returns.
 */
import type { Executor } from '@zhenxing/db';
import type { IncomeComponents } from '@zhenxing/rules';
import { and, desc, eq, lte } from 'drizzle-orm';
import { INCOME_COMPONENTS, type IncomeRecord } from '../index.ts';
import { writeHistory } from './history.ts';
import { incomeRecord } from './records.ts';
import { households, incomes } from './schema.ts';

const COMPONENTS = INCOME_COMPONENTS;

export interface IncomeChange {
  householdId: number;
  year: number;
  /** Signed change of each component, in fen (annual amounts); missing components do not change. */
  deltas: Partial<IncomeComponents>;
  /** What caused it, for the household's change history (≤ 48 characters, e.g. `visits.visit:12`). */
  source: string;
  at: Date;
  username: string | null;
}

export interface AppliedIncomeChange {
  /** The year's row before (null: none yet for that year). */
  before: IncomeRecord | null;
  after: IncomeRecord;
  /** The row of an earlier year the new year's row started from, when the year had none. */
  carriedFrom: number | null;
  /** Components a fall would have taken below zero, kept at zero instead. */
  clamped: (keyof IncomeComponents)[];
}

/**
 * Adds the deltas to the household's income of `year`. A year without a row starts from the latest
 * earlier year's (a change is measured against what the household had), or from zero. A component
 * never goes below zero (clamped, and reported). Returns null when there is no such household.
 */
export async function applyIncomeChange(db: Executor, change: IncomeChange): Promise<AppliedIncomeChange | null> {
  const [household] = await db
    .select({ countyCode: households.countyCode, villageCode: households.villageCode })
    .from(households)
    .where(eq(households.id, change.householdId));
  if (!household) return null;
  const [current] = await db
    .select()
    .from(incomes)
    .where(and(eq(incomes.householdId, change.householdId), lte(incomes.year, change.year)))
    .orderBy(desc(incomes.year))
    .limit(1);
  const base = current ? incomeRecord(current) : null;
  const before = base && base.year === change.year ? base : null;
  const clamped: (keyof IncomeComponents)[] = [];
  const components = Object.fromEntries(
    COMPONENTS.map((component) => {
      const value = (base?.[component] ?? 0) + (change.deltas[component] ?? 0);
      if (value < 0) clamped.push(component);
      return [component, Math.max(0, value)];
    }),
  ) as Record<(typeof COMPONENTS)[number], number>;
  await db
    .insert(incomes)
    .values({ householdId: change.householdId, countyCode: household.countyCode, villageCode: household.villageCode, year: change.year, ...components })
    .onConflictDoUpdate({ target: [incomes.householdId, incomes.year], set: components });
  const after: IncomeRecord = { householdId: change.householdId, year: change.year, ...components };
  await writeHistory(
    db,
    [
      {
        householdId: change.householdId,
        countyCode: household.countyCode,
        villageCode: household.villageCode,
        action: change.source.slice(0, 48),
        changes: { [`income:${change.year}`]: [before ?? (base ? { carriedFrom: base.year, ...base } : null), after] },
      },
    ],
    change.at,
    change.username,
  );
  return { before, after, carriedFrom: before ? null : (base?.year ?? null), clamped };
}
