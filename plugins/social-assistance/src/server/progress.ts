/**
 * Progress against annual targets: per relationship (the drill-down's last level), and summed per
 * system, per pairing kind and per child region (cities for the province, counties for a city);
 * the counties lacking an active relationship of a system their settings require.
 */
import type { ModuleContext } from '@zhenxing/core';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  commitmentMet,
  indicatorsFor,
  PAIRING_KIND_LABELS,
  PAIRING_KINDS,
  SYSTEM_LABELS,
  SYSTEMS,
  type AssistanceSystem,
  type IndicatorCode,
  type PairingKind,
  type ProgressGroup,
  type ProgressSummary,
  type RelationshipProgress,
} from '../index.ts';
import { commitmentView } from './commitments.ts';
import { problemCounts } from './problems.ts';
import { activeInYear, regionNames, relationshipViews } from './relationships.ts';
import { commitments, problems, relationships, type CommitmentRow, type ProblemRow } from './schema.ts';
import type { SocialAssistanceSettings } from './settings.ts';

export type ProgressContext = Pick<ModuleContext<SocialAssistanceSettings>, 'db' | 'access' | 'today' | 'settingsFor'>;

export async function relationshipProgress(
  context: Pick<ModuleContext, 'db' | 'access' | 'today'>,
  filter: { year: number; system?: AssistanceSystem; kind?: PairingKind },
): Promise<RelationshipProgress[]> {
  const rows = await context.db
    .select()
    .from(relationships)
    .where(
      and(
        context.access.where(relationships.countyCode, relationships.villageCode),
        activeInYear(filter.year),
        filter.system ? eq(relationships.system, filter.system) : undefined,
        filter.kind ? eq(relationships.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(asc(relationships.countyCode), asc(relationships.system), asc(relationships.id));
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const commitmentRows = await context.db
    .select()
    .from(commitments)
    .where(and(inArray(commitments.relationshipId, ids), eq(commitments.year, filter.year), context.access.where(commitments.countyCode)));
  const problemRows = await context.db
    .select()
    .from(problems)
    .where(and(inArray(problems.relationshipId, ids), context.access.regionCode.length > 6 ? sql`false` : context.access.where(problems.countyCode)));
  const byRelationship = new Map<number, CommitmentRow[]>();
  for (const row of commitmentRows) byRelationship.set(row.relationshipId, [...(byRelationship.get(row.relationshipId) ?? []), row]);
  const problemsOf = new Map<number, ProblemRow[]>();
  for (const row of problemRows) problemsOf.set(row.relationshipId, [...(problemsOf.get(row.relationshipId) ?? []), row]);
  const views = await relationshipViews(context.db, rows, context.today);
  return rows.map((row, index) => {
    const own = new Map((byRelationship.get(row.id) ?? []).map((commitment) => [commitment.indicator, commitment] as const));
    const list = indicatorsFor(row.system, row.kind).map((indicator) => commitmentView(indicator, own.get(indicator)));
    const withTargets = list.filter((commitment) => commitment.target !== null);
    const metCount = withTargets.filter((commitment) => commitment.met).length;
    return {
      relationship: views[index] as RelationshipProgress['relationship'],
      commitments: list,
      met: withTargets.length > 0 && metCount === withTargets.length,
      withTargets: withTargets.length,
      metCount,
      problems: problemCounts(problemsOf.get(row.id) ?? [], filter.year, context.today),
    };
  });
}

function group(key: string, label: string, items: readonly RelationshipProgress[]): ProgressGroup {
  return {
    key,
    label,
    relationships: items.length,
    withTargets: items.filter((item) => item.withTargets > 0).length,
    met: items.filter((item) => item.met).length,
  };
}

/** The child region a county falls in, seen from the request's region. */
function childOf(regionCode: string, countyCode: string): string {
  if (regionCode.length <= 2) return countyCode.slice(0, 4);
  return countyCode;
}

export async function progressSummary(context: ProgressContext, year: number): Promise<ProgressSummary> {
  const items = await relationshipProgress(context, { year });
  const regionCode = context.access.regionCode;
  const bySystem = SYSTEMS.map((system) => ({
    ...group(
      system,
      SYSTEM_LABELS[system]['zh-CN'],
      items.filter((item) => item.relationship.system === system),
    ),
    system,
  }));
  const byKind = PAIRING_KINDS.map((kind) => ({
    ...group(
      kind,
      PAIRING_KIND_LABELS[kind]['zh-CN'],
      items.filter((item) => item.relationship.system === 'pairing' && item.relationship.kind === kind),
    ),
    kind,
  }));
  const childCodes = [...new Set(context.access.counties.map((county) => childOf(regionCode, county)))].sort();
  const names = await regionNames(context.db, [...childCodes, ...context.access.counties]);
  const byRegion = childCodes.map((code) => ({
    ...group(
      code,
      names.get(code) ?? code,
      items.filter((item) => childOf(regionCode, item.relationship.countyCode) === code),
    ),
    regionCode: code,
  }));
  const totals: ProgressSummary['totals'] = [];
  for (const system of SYSTEMS) {
    const sums = new Map<IndicatorCode, { target: number; actual: number }>();
    for (const item of items) {
      if (item.relationship.system !== system) continue;
      for (const commitment of item.commitments) {
        if (commitment.target === null && commitment.actual === null) continue;
        const sum = sums.get(commitment.indicator) ?? { target: 0, actual: 0 };
        sum.target += commitment.target ?? 0;
        sum.actual += commitment.actual ?? 0;
        sums.set(commitment.indicator, sum);
      }
    }
    for (const [indicator, sum] of sums) totals.push({ system, indicator, ...sum, met: commitmentMet(sum.target, sum.actual) });
  }
  const countiesLacking: ProgressSummary['countiesLacking'] = [];
  // Below a county, relationships of the county as a whole are not the reader's: nothing is listed.
  for (const county of regionCode.length > 6 ? [] : [...context.access.counties].sort()) {
    const settings = await context.settingsFor(county);
    const held = new Set(items.filter((item) => item.relationship.countyCode === county).map((item) => item.relationship.system));
    const missing = settings.requiredSystems.filter((system) => !held.has(system));
    if (missing.length > 0) countiesLacking.push({ countyCode: county, countyName: names.get(county) ?? county, missing });
  }
  const problemTotals = { found: 0, rectified: 0, open: 0, overdue: 0 };
  for (const item of items) for (const key of Object.keys(problemTotals) as (keyof typeof problemTotals)[]) problemTotals[key] += item.problems[key];
  return { year, regionCode, bySystem, byKind, byRegion, totals, countiesLacking, problems: problemTotals };
}
