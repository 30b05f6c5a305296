import type { ModuleContext } from '@zhenxing/core';
import { householdHeadNames } from '@zhenxing/plugin-registry/server';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ListVisitsInputSchema, VisitRecord } from '../index.ts';
import { visitView } from './records.ts';
import { visits } from './schema.ts';

type ReadContext = Pick<ModuleContext, 'db' | 'access'>;

/** Visits in the requested region, newest first. */
export async function listVisits(context: ReadContext, input: z.output<typeof ListVisitsInputSchema>, pii: boolean): Promise<VisitRecord[]> {
  const filters: SQL[] = [context.access.where(visits.countyCode, visits.villageCode)];
  if (input.month) filters.push(eq(visits.month, input.month));
  if (input.householdId !== undefined) filters.push(eq(visits.householdId, input.householdId));
  const rows = await context.db
    .select()
    .from(visits)
    .where(and(...filters))
    .orderBy(desc(visits.visitedAt), desc(visits.id))
    .limit(input.limit);
  // Named by the household head (issue 23); the rows were read through `context.access`.
  const names = await householdHeadNames(
    context.db,
    rows.map((row) => row.householdId),
  );
  return rows.map((row) => ({ ...visitView(row, pii), headName: names.get(row.householdId) ?? '' }));
}
