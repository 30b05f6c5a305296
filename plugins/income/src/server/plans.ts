/**
 * §2 增收计划: an income-increase plan for a household on the open ledger — measures, responsible
 * cadre, target per-capita income, dates, progress. Overdue: still active after its due date.
 */
import { errors, type ModuleContext } from '@zhenxing/core';
import { and, asc, desc, eq, lt } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreatePlanInputSchema, PlanRecord, RecordProgressInputSchema } from '../index.ts';
import { ledgerEntries, plans, type PlanRow } from './schema.ts';
import { visibleProfile } from './tracking.ts';

type PlanContext = Pick<ModuleContext, 'db' | 'access' | 'audit' | 'today' | 'actor' | 'clock'>;

const PLAN_WHAT = { 'zh-CN': '该增收计划', en: 'The income-increase plan' } as const;

export function planRecord(row: PlanRow, today: string): PlanRecord {
  return {
    id: row.id,
    countyCode: row.countyCode,
    villageCode: row.villageCode,
    householdId: row.householdId,
    ledgerEntryId: row.ledgerEntryId,
    measures: row.measures,
    cadreName: row.cadreName,
    targetPerCapitaFen: row.targetPerCapitaFen,
    startOn: row.startOn,
    dueOn: row.dueOn,
    progress: row.progress,
    status: row.status,
    overdue: row.status === 'active' && row.dueOn < today,
    note: row.note,
    createdBy: row.createdBy,
  };
}

/** A plan for a household with an open ledger entry (its latest one). */
export async function createPlan(context: PlanContext, input: z.output<typeof CreatePlanInputSchema>): Promise<PlanRecord> {
  const profile = await visibleProfile(context, input.householdId);
  context.access.assertRegion(profile.household.villageCode);
  const [entry] = await context.db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.householdId, input.householdId), eq(ledgerEntries.status, 'open')))
    .orderBy(desc(ledgerEntries.year))
    .limit(1);
  if (!entry) {
    throw errors.invalid(
      { 'zh-CN': '该户不在收入台账中，无需制定增收计划', en: 'The household is not on the income ledger' },
      { fieldErrors: { householdId: ['该户不在收入台账中 / not on the ledger'] } },
    );
  }
  const [row] = (await context.db
    .insert(plans)
    .values({
      countyCode: profile.household.countyCode,
      villageCode: profile.household.villageCode,
      householdId: input.householdId,
      ledgerEntryId: entry.id,
      measures: [...new Set(input.measures)],
      cadreName: input.cadreName,
      targetPerCapitaFen: input.targetPerCapitaFen,
      startOn: input.startOn,
      dueOn: input.dueOn,
      progress: 0,
      status: 'active',
      note: input.note,
      createdBy: context.actor.username,
    })
    .returning()) as [PlanRow];
  await context.audit({ action: 'plan.create', regionCode: row.villageCode, entityType: 'income-plan', entityId: row.id, after: row });
  return planRecord(row, context.today);
}

/** Progress of a plan (percent); 100 completes it. */
export async function recordProgress(context: PlanContext, input: z.output<typeof RecordProgressInputSchema>): Promise<PlanRecord> {
  const [existing] = await context.db
    .select()
    .from(plans)
    .where(and(eq(plans.id, input.planId), context.access.where(plans.countyCode, plans.villageCode)));
  if (!existing || !context.access.canSee(existing.villageCode)) throw errors.notFound(PLAN_WHAT);
  context.access.assertRegion(existing.villageCode);
  if (existing.status === 'completed') {
    throw errors.invalid({ 'zh-CN': '该计划已完成', en: 'The plan is already completed' }, { fieldErrors: { planId: ['计划已完成 / already completed'] } });
  }
  const [row] = (await context.db
    .update(plans)
    .set({
      progress: input.progress,
      status: input.progress === 100 ? 'completed' : 'active',
      note: input.note === '' ? existing.note : input.note,
      updatedAt: context.clock.now(),
    })
    .where(eq(plans.id, existing.id))
    .returning()) as [PlanRow];
  await context.audit({ action: 'plan.progress', regionCode: row.villageCode, entityType: 'income-plan', entityId: row.id, before: existing, after: row });
  return planRecord(row, context.today);
}

export async function listPlans(
  context: Pick<ModuleContext, 'db' | 'access' | 'today'>,
  householdId: number | undefined,
  overdueOnly: boolean,
): Promise<PlanRecord[]> {
  const rows = await context.db
    .select()
    .from(plans)
    .where(
      and(
        context.access.where(plans.countyCode, plans.villageCode),
        householdId === undefined ? undefined : eq(plans.householdId, householdId),
        overdueOnly ? and(eq(plans.status, 'active'), lt(plans.dueOn, context.today)) : undefined,
      ),
    )
    .orderBy(asc(plans.dueOn), asc(plans.id));
  return rows.map((row) => planRecord(row, context.today));
}
