/**
 * 包联: households (or whole villages) assigned to cadres with effective dates. A new assignment of
 * the same household or village ends the current one the day before; rows are never overwritten.
 */
import type { ModuleContext } from '@zhenxing/core';
import { householdHeadNames } from '@zhenxing/plugin-registry/server';
import { addDays } from '@zhenxing/rules';
import { and, asc, eq, gte, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AssignInputSchema, AssignmentRecord, ListAssignmentsInputSchema } from '../index.ts';
import { fieldError } from './errors.ts';
import { dueHouseholds, visibleHousehold } from './households.ts';
import { assignmentRecord } from './records.ts';
import { assignments, visits, type AssignmentRow } from './schema.ts';

type WriteContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'clock' | 'today' | 'actor'>;
type ReadContext = Pick<ModuleContext, 'db' | 'access' | 'today'>;

export async function assign(context: WriteContext, input: z.output<typeof AssignInputSchema>): Promise<AssignmentRecord> {
  let villageCode: string;
  let householdId: number | null = null;
  if (input.householdId !== undefined) {
    const profile = await visibleHousehold(context, input.householdId);
    villageCode = profile.household.villageCode;
    householdId = profile.household.id;
  } else {
    villageCode = input.villageCode as string;
    if (!villageCode.startsWith(context.access.regionCode)) throw fieldError('villageCode', 'out-of-scope', OUTSIDE_VILLAGE);
  }
  context.access.assertRegion(villageCode);
  const countyCode = villageCode.slice(0, 6);
  const sameTarget =
    householdId !== null ? eq(assignments.householdId, householdId) : and(eq(assignments.villageCode, villageCode), isNull(assignments.householdId));
  const current = await context.db
    .select()
    .from(assignments)
    .where(and(eq(assignments.countyCode, countyCode), sameTarget, isNull(assignments.effectiveTo)))
    .for('update');
  for (const previous of current) {
    if (previous.effectiveFrom >= input.effectiveFrom) {
      throw fieldError('effectiveFrom', 'not-after-current', {
        'zh-CN': `生效日期须晚于当前包联的生效日期（${previous.effectiveFrom}）；历史记录不会被覆盖。`,
        en: `The start date must be after the current assignment's start (${previous.effectiveFrom}); history is never overwritten.`,
      });
    }
    const effectiveTo = addDays(input.effectiveFrom, -1);
    await context.db.update(assignments).set({ effectiveTo }).where(eq(assignments.id, previous.id));
    await context.audit({
      action: 'assignment.end',
      regionCode: villageCode,
      entityType: 'visits-assignment',
      entityId: previous.id,
      before: { effectiveTo: null },
      after: { effectiveTo },
    });
  }
  const [row] = await context.db
    .insert(assignments)
    .values({
      countyCode,
      villageCode,
      householdId,
      cadreName: input.cadreName,
      cadreUsername: input.cadreUsername ?? null,
      cadreKind: input.cadreKind,
      effectiveFrom: input.effectiveFrom,
      effectiveTo: null,
      assignedBy: context.actor.username,
      createdAt: context.clock.now(),
    })
    .returning();
  const record = assignmentRecord(row as AssignmentRow);
  await context.audit({ action: 'assignment.create', regionCode: villageCode, entityType: 'visits-assignment', entityId: record.id, after: record });
  return record;
}

const OUTSIDE_VILLAGE = {
  'zh-CN': '该村不在您的管辖范围内。',
  en: 'The village is outside your area.',
};

export async function listAssignments(context: ReadContext, input: z.output<typeof ListAssignmentsInputSchema>): Promise<AssignmentRecord[]> {
  const filters: (SQL | undefined)[] = [context.access.where(assignments.countyCode, assignments.villageCode)];
  if (input.householdId !== undefined) filters.push(eq(assignments.householdId, input.householdId));
  if (!input.history) filters.push(or(isNull(assignments.effectiveTo), gte(assignments.effectiveTo, context.today)));
  const rows = await context.db
    .select()
    .from(assignments)
    .where(and(...filters))
    .orderBy(asc(assignments.villageCode), asc(assignments.householdId), asc(assignments.effectiveFrom), asc(assignments.id))
    .limit(5000);
  // Household assignments named by the head (issue 23); the rows were read through `context.access`.
  const names = await householdHeadNames(
    context.db,
    rows.flatMap((row) => (row.householdId === null ? [] : [row.householdId])),
  );
  return rows.map((row) => ({ ...assignmentRecord(row), headName: row.householdId === null ? '' : (names.get(row.householdId) ?? '') }));
}

/** Assignments in force on `day` in the requested region. */
export async function assignmentsOn(context: ReadContext, day: string): Promise<AssignmentRow[]> {
  return context.db
    .select()
    .from(assignments)
    .where(
      and(
        context.access.where(assignments.countyCode, assignments.villageCode),
        lte(assignments.effectiveFrom, day),
        or(isNull(assignments.effectiveTo), gte(assignments.effectiveTo, day)),
      ),
    );
}

/** Household id → its cadre on `day`: the household's own assignment, else its village's. */
export function cadreResolver(rows: readonly AssignmentRow[]): (household: { householdId: number; villageCode: string }) => AssignmentRow | null {
  const byHousehold = new Map<number, AssignmentRow>();
  const byVillage = new Map<string, AssignmentRow>();
  for (const row of rows) {
    if (row.householdId !== null) byHousehold.set(row.householdId, row);
    else byVillage.set(row.villageCode, row);
  }
  return (household) => byHousehold.get(household.householdId) ?? byVillage.get(household.villageCode) ?? null;
}

/** Due households of the month with no cadre in force today. */
export async function unassignedHouseholds(context: ReadContext, month: string) {
  const due = await dueHouseholds(context, month);
  const cadreOf = cadreResolver(await assignmentsOn(context, context.today));
  return due.filter((household) => cadreOf(household) === null);
}

export interface Workload {
  cadreName: string;
  cadreUsername: string | null;
  cadreKind: string;
  /** Households in the cadre's care (their own assignments, plus due households of their villages). */
  assigned: number;
  dueThisMonth: number;
  doneThisMonth: number;
  /** The villages (12-digit codes) of the cadre's assignments in force. */
  villageCodes: string[];
}

/** Per cadre in force today: assigned households, due this month, visited this month. */
export async function workload(context: ReadContext, month: string): Promise<Workload[]> {
  const rows = await assignmentsOn(context, context.today);
  const cadreOf = cadreResolver(rows);
  const due = await dueHouseholds(context, month);
  const dueIds = new Set(due.map((household) => household.householdId));
  const visited = new Set(
    (
      await context.db
        .select({ householdId: visits.householdId })
        .from(visits)
        .where(and(context.access.where(visits.countyCode, visits.villageCode), eq(visits.month, month)))
    ).map((row) => row.householdId),
  );
  const cadreKey = (row: AssignmentRow) => `${row.cadreUsername ?? ''}\u0000${row.cadreName}`;
  const result = new Map<string, Omit<Workload, 'villageCodes'> & { households: Set<number>; villages: Set<string> }>();
  const entry = (row: AssignmentRow) => {
    const key = cadreKey(row);
    let item = result.get(key);
    if (!item) {
      item = {
        cadreName: row.cadreName,
        cadreUsername: row.cadreUsername,
        cadreKind: row.cadreKind,
        assigned: 0,
        dueThisMonth: 0,
        doneThisMonth: 0,
        households: new Set(),
        villages: new Set(),
      };
      result.set(key, item);
    }
    return item;
  };
  for (const row of rows) {
    const item = entry(row);
    item.villages.add(row.villageCode);
    if (row.householdId !== null && cadreOf({ householdId: row.householdId, villageCode: row.villageCode }) === row) item.households.add(row.householdId);
  }
  for (const household of due) {
    const row = cadreOf(household);
    if (row) entry(row).households.add(household.householdId);
  }
  return [...result.values()]
    .map(({ households, villages, ...item }) => ({
      ...item,
      villageCodes: [...villages].sort(),
      assigned: households.size,
      dueThisMonth: [...households].filter((id) => dueIds.has(id)).length,
      doneThisMonth: [...households].filter((id) => dueIds.has(id) && visited.has(id)).length,
    }))
    .sort((a, b) => a.cadreName.localeCompare(b.cadreName, 'zh-CN'));
}
