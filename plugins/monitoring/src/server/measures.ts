/**
 * §1 实 — "缺什么补什么": suggestions from the rules (suggestMeasures) for the household's risk types
 * and §1 宽 categories; measures actually given, with kind, responsible unit, amount (fen), period
 * and status. A measure needs a monitored household, or an open green-channel case (先帮扶后程序).
 */
import { ZxError } from '@zhenxing/core';
import { suggestMeasures, type RiskCategory, type RiskType } from '@zhenxing/rules';
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { AddMeasureInputSchema, UpdateMeasureInputSchema } from '../index.ts';
import type { MonitoringContext } from './settings.ts';
import { householdNotFound, measureNotFound } from './errors.ts';
import { loadProfile } from './evaluation.ts';
import { openCaseFor } from './intake.ts';
import { measureRecord } from './records.ts';
import { measures, objects } from './schema.ts';

/** The household's monitoring object (monitored now), if any. */
async function monitoredObject(ctx: Pick<MonitoringContext, 'db'>, householdId: number) {
  const [row] = await ctx.db
    .select()
    .from(objects)
    .where(and(eq(objects.householdId, householdId), eq(objects.status, 'monitored')));
  return row;
}

/** Loads a household through the registry and checks the caller may see it. */
export async function visibleHousehold(ctx: Pick<MonitoringContext, 'db' | 'access' | 'today'>, householdId: number) {
  const profile = await loadProfile(ctx.db, householdId, ctx.today);
  if (!profile || !ctx.access.canSee(profile.household.villageCode)) throw householdNotFound();
  return profile;
}

export async function suggestionsFor(ctx: Pick<MonitoringContext, 'db' | 'access' | 'today'>, householdId: number) {
  await visibleHousehold(ctx, householdId);
  const object = await monitoredObject(ctx, householdId);
  const open = object ? undefined : await openCaseFor(ctx.db, householdId);
  const riskTypes = (object?.riskTypes ?? open?.riskTypes ?? []) as RiskType[];
  const riskCategories = (object?.riskCategories ?? open?.riskCategories ?? []) as RiskCategory[];
  return { householdId, riskTypes, riskCategories, suggestions: suggestMeasures({ riskTypes, riskCategories }) };
}

export async function addMeasure(ctx: MonitoringContext, input: z.output<typeof AddMeasureInputSchema>) {
  const profile = await visibleHousehold(ctx, input.householdId);
  const { villageCode, countyCode } = profile.household;
  ctx.access.assertRegion(villageCode);
  if (input.endOn !== null && input.endOn < input.startOn) {
    throw new ZxError(
      'BAD_REQUEST',
      'invalid-period',
      { 'zh-CN': '结束日期不能早于开始日期。', en: 'The end date is before the start date.' },
      { fieldErrors: { endOn: ['before startOn'] } },
    );
  }
  const object = await monitoredObject(ctx, input.householdId);
  const open = object ? undefined : await openCaseFor(ctx.db, input.householdId);
  if (!object && !open?.greenChannel) {
    throw new ZxError('PRECONDITION_FAILED', 'not-monitored', {
      'zh-CN': '该户尚未纳入监测，也没有开通绿色通道，不能登记帮扶措施。请先完成认定，或对突发风险开通绿色通道。',
      en: 'This household is not monitored and has no green-channel case, so no measure can be recorded. Complete identification first, or open the green channel for a sudden risk.',
    });
  }
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(measures)
    .values({
      countyCode,
      villageCode,
      householdId: input.householdId,
      caseId: object ? object.caseId : (open?.id ?? null),
      objectId: object?.id ?? null,
      kind: input.kind,
      responsibleUnit: input.responsibleUnit,
      amountFen: input.amountFen,
      startOn: input.startOn,
      endOn: input.endOn,
      status: input.status,
      note: input.note,
      greenChannel: !object,
      createdBy: ctx.actor.username,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  const measure = measureRecord(row as typeof measures.$inferSelect);
  await ctx.audit({ action: 'measure.add', regionCode: villageCode, entityType: 'measure', entityId: measure.id, after: measure });
  return measure;
}

/** Status changes only (records are never deleted). */
export async function updateMeasure(ctx: MonitoringContext, input: z.output<typeof UpdateMeasureInputSchema>) {
  const [row] = await ctx.db
    .select()
    .from(measures)
    .where(and(eq(measures.id, input.id), ctx.access.where(measures.countyCode, measures.villageCode)))
    .for('update');
  if (!row || !ctx.access.canSee(row.villageCode)) throw measureNotFound();
  ctx.access.assertRegion(row.villageCode);
  const now = ctx.clock.now();
  const [updated] = await ctx.db
    .update(measures)
    .set({
      status: input.status,
      ...(input.endOn !== undefined ? { endOn: input.endOn } : {}),
      ...(input.note !== undefined ? { note: input.note } : {}),
      updatedAt: now,
    })
    .where(eq(measures.id, row.id))
    .returning();
  const after = measureRecord(updated as typeof measures.$inferSelect);
  await ctx.audit({ action: 'measure.update', regionCode: row.villageCode, entityType: 'measure', entityId: row.id, before: measureRecord(row), after });
  return after;
}

export async function listMeasures(ctx: Pick<MonitoringContext, 'db' | 'access'>, householdId: number | undefined) {
  const rows = await ctx.db
    .select()
    .from(measures)
    .where(and(ctx.access.where(measures.countyCode, measures.villageCode), householdId ? eq(measures.householdId, householdId) : undefined))
    .orderBy(desc(measures.id))
    .limit(500);
  return rows.map(measureRecord);
}
