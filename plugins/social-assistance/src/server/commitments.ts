/**
 * Annual commitments: per relationship, year and indicator, the province's target and the
 * recipient county's result. Met when the result reaches the target (met exactly at target counts).
 */
import { errors } from '@zhenxing/core';
import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import {
  commitmentMet,
  indicatorsFor,
  INDICATORS,
  progressBasisPoints,
  type CommitmentView,
  type IndicatorCode,
  type RecordResultsInputSchema,
  type SetTargetsInputSchema,
} from '../index.ts';
import { getRelationship, type ReadContext, type WriteContext } from './relationships.ts';
import { commitments, type CommitmentRow, type RelationshipRow } from './schema.ts';

export function commitmentView(indicator: IndicatorCode, row: Pick<CommitmentRow, 'target' | 'actual' | 'reportedOn'> | undefined): CommitmentView {
  const target = row?.target ?? null;
  const actual = row?.actual ?? null;
  return {
    indicator,
    unit: INDICATORS[indicator].unit,
    target,
    actual,
    met: target !== null && commitmentMet(target, actual),
    basisPoints: target === null ? 0 : progressBasisPoints(target, actual),
    reportedOn: row?.reportedOn ?? null,
  };
}

/** Refuses an indicator the relationship's system (and kind) does not measure, naming the field. */
function checkIndicators(relationship: RelationshipRow, indicators: readonly IndicatorCode[], field: 'targets' | 'actuals'): void {
  const allowed = new Set(indicatorsFor(relationship.system, relationship.kind));
  const fieldErrors: Record<string, string[]> = {};
  const seen = new Set<IndicatorCode>();
  indicators.forEach((indicator, index) => {
    if (!allowed.has(indicator))
      fieldErrors[`${field}.${index}.indicator`] = [`此类帮扶不考核“${INDICATORS[indicator].label['zh-CN']}” / not an indicator of this relationship`];
    else if (seen.has(indicator)) fieldErrors[`${field}.${index}.indicator`] = ['指标重复 / the indicator appears twice'];
    seen.add(indicator);
  });
  if (Object.keys(fieldErrors).length > 0)
    throw errors.invalid({ 'zh-CN': '指标与帮扶类型不符，未保存', en: 'Indicators do not fit the relationship; nothing was saved' }, { fieldErrors });
}

export async function listCommitments(
  context: ReadContext,
  relationshipId: number,
  year: number,
): Promise<{ relationshipId: number; countyCode: string; year: number; commitments: CommitmentView[] }> {
  const relationship = await getRelationship(context, relationshipId);
  const rows = await context.db
    .select()
    .from(commitments)
    .where(and(eq(commitments.relationshipId, relationshipId), eq(commitments.year, year), context.access.where(commitments.countyCode)))
    .orderBy(asc(commitments.id));
  const byIndicator = new Map(rows.map((row) => [row.indicator, row] as const));
  return {
    relationshipId,
    countyCode: relationship.countyCode,
    year,
    commitments: indicatorsFor(relationship.system, relationship.kind).map((indicator) => commitmentView(indicator, byIndicator.get(indicator))),
  };
}

async function upsert(
  context: WriteContext,
  relationship: RelationshipRow,
  year: number,
  indicator: IndicatorCode,
  values: { target: number } | { actual: number },
): Promise<CommitmentRow> {
  const [before] = await context.db
    .select()
    .from(commitments)
    .where(and(eq(commitments.relationshipId, relationship.id), eq(commitments.year, year), eq(commitments.indicator, indicator)))
    .for('update');
  const set =
    'target' in values
      ? { target: values.target, targetSetBy: context.actor.username, updatedAt: context.clock.now() }
      : { actual: values.actual, reportedBy: context.actor.username, reportedOn: context.today, updatedAt: context.clock.now() };
  const [row] = (await context.db
    .insert(commitments)
    .values({ countyCode: relationship.countyCode, relationshipId: relationship.id, year, indicator, ...set })
    .onConflictDoUpdate({ target: [commitments.relationshipId, commitments.year, commitments.indicator], set })
    .returning()) as [CommitmentRow];
  await context.audit({
    action: 'target' in values ? 'commitment.target' : 'commitment.result',
    regionCode: relationship.villageCode ?? relationship.countyCode,
    entityType: 'assistance-commitment',
    entityId: row.id,
    before: before ?? null,
    after: row,
  });
  return row;
}

/** The province sets a year's targets for a relationship (all rows or none). */
export async function setTargets(context: WriteContext, input: z.output<typeof SetTargetsInputSchema>): Promise<CommitmentView[]> {
  const relationship = await getRelationship(context, input.relationshipId, true);
  context.access.assertRegion(relationship.villageCode ?? relationship.countyCode);
  checkIndicators(
    relationship,
    input.targets.map((target) => target.indicator),
    'targets',
  );
  const views: CommitmentView[] = [];
  for (const target of input.targets)
    views.push(commitmentView(target.indicator, await upsert(context, relationship, input.year, target.indicator, { target: target.target })));
  return views;
}

/** The recipient county records a year's results for a relationship it receives (all rows or none). */
export async function recordResults(context: WriteContext, input: z.output<typeof RecordResultsInputSchema>): Promise<CommitmentView[]> {
  const relationship = await getRelationship(context, input.relationshipId, true);
  context.access.assertRegion(relationship.villageCode ?? relationship.countyCode);
  return recordResultsFor(context, relationship, input.year, input.actuals, 'actuals');
}

export async function recordResultsFor(
  context: WriteContext,
  relationship: RelationshipRow,
  year: number,
  actuals: readonly { indicator: IndicatorCode; actual: number }[],
  field: 'actuals' | 'targets',
): Promise<CommitmentView[]> {
  checkIndicators(
    relationship,
    actuals.map((actual) => actual.indicator),
    field,
  );
  const views: CommitmentView[] = [];
  for (const actual of actuals)
    views.push(commitmentView(actual.indicator, await upsert(context, relationship, year, actual.indicator, { actual: actual.actual })));
  return views;
}
