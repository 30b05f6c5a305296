/**
 * Scores: the province computes a published scheme at today's date. Every indicator is read through
 * the core registry (`ctx.runtime.indicators`, by id — no other plugin's tables are imported), per
 * county, at its data date, counting the county only where it enabled the indicator's module;
 * elsewhere the indicator is "not applicable" and its weight is redistributed as the scheme says.
 * The inputs are sealed with the run and the scores computed from them by the pure `scoreRun`;
 * neither ever changes afterwards (also refused by the database), and `verifyRun` recomputes.
 *
 * Counties taking part are those of the province that enabled the assessment module; a reader sees
 * the scores of the counties of the requested region (ctx.access), cities as an aggregate.
 */
import { errors, isWithinRegion, ZxError } from '@zhenxing/core';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  ASSESSMENT_PLUGIN_ID,
  type CityScore,
  type CountyInput,
  type CountyScore,
  type IndicatorInput,
  type ProblemItem,
  type RecordDeductionInputSchema,
  type RunView,
  type SealedInputs,
} from '../index.ts';
import { provinceOfRequest, regionNames, requireProvinceUser, runNotFound } from './province.ts';
import { deductions, runs, schemes, scores, type DeductionRow, type RunRow, type SchemeRow } from './schema.ts';
import { loadScheme } from './schemes.ts';
import { aggregateCities, scoreRun } from './scoring.ts';
import type { AssessmentContext } from './settings.ts';

type Context = Pick<AssessmentContext, 'db' | 'access' | 'audit' | 'user' | 'actor' | 'clock' | 'runtime' | 'parameters' | 'today'>;

const notPublished = () =>
  new ZxError('PRECONDITION_FAILED', 'scheme-not-published', {
    'zh-CN': '方案尚未发布，不能据此评分或记录扣分。',
    en: 'The scheme is not published yet; it cannot be scored or take deductions.',
  });

async function publishedScheme(context: Pick<Context, 'db' | 'access' | 'user'>, schemeId: number): Promise<SchemeRow> {
  const scheme = await loadScheme(context, schemeId);
  if (scheme.status !== 'published') throw notPublished();
  return scheme;
}

/** The province records a deduction (通报 problem, late data call …) against a county taking part. */
export async function recordDeduction(context: Context, input: z.output<typeof RecordDeductionInputSchema>): Promise<DeductionRow> {
  requireProvinceUser(context);
  context.access.assertRegion(input.countyCode);
  const scheme = await publishedScheme(context, input.schemeId);
  if (!scheme.deductions.some((item) => item.code === input.code)) {
    throw errors.invalid(
      { 'zh-CN': '方案中没有这个扣分项', en: 'The scheme has no such deduction item' },
      { fieldErrors: { code: ['未知扣分项 / unknown deduction item'] } },
    );
  }
  const [row] = (await context.db
    .insert(deductions)
    .values({
      countyCode: input.countyCode,
      schemeId: scheme.id,
      code: input.code,
      occurrences: input.occurrences,
      note: input.note,
      recordedBy: context.actor.username,
    })
    .returning()) as [DeductionRow];
  await context.audit({ action: 'deduction.record', regionCode: input.countyCode, entityType: 'assessment-deduction', entityId: row.id, after: row });
  return row;
}

export async function listDeductions(context: Pick<Context, 'db' | 'access' | 'user'>, schemeId: number): Promise<DeductionRow[]> {
  const scheme = await loadScheme(context, schemeId);
  return context.db
    .select()
    .from(deductions)
    .where(and(eq(deductions.schemeId, scheme.id), context.access.where(deductions.countyCode)))
    .orderBy(asc(deductions.countyCode), asc(deductions.id));
}

/** The instant an indicator is read at: the end of its data date in Asia/Shanghai, or now if that is later. */
function readingInstant(dataDate: string, now: Date): Date {
  const end = new Date(`${dataDate}T23:59:59.999+08:00`);
  return end.getTime() < now.getTime() ? end : now;
}

/** Reads every input of the scheme for every county taking part: what the run seals. */
async function gatherInputs(context: Context, scheme: SchemeRow, provinceCode: string): Promise<SealedInputs> {
  const counties = (await context.runtime.modules.enabledCounties(context.db, ASSESSMENT_PLUGIN_ID, provinceCode)).sort();
  const names = await regionNames(context.db, [...counties, ...counties.map((county) => county.slice(0, 4))]);
  const now = context.clock.now();
  const enabledByPlugin = new Map<string, Set<string>>();
  const values = new Map<string, Map<string, IndicatorInput>>();
  for (const item of scheme.items) {
    const registered = context.runtime.indicators.get(item.indicator);
    const perCounty = new Map<string, IndicatorInput>();
    values.set(item.indicator, perCounty);
    for (const countyCode of counties) {
      if (!registered) {
        perCounty.set(countyCode, { indicator: item.indicator, value: null, applicable: false, notApplicableReason: 'not-installed', dataDate: item.dataDate });
        continue;
      }
      let enabled = enabledByPlugin.get(registered.plugin);
      if (!enabled) {
        enabled = new Set(await context.runtime.modules.enabledCounties(context.db, registered.plugin, provinceCode));
        enabledByPlugin.set(registered.plugin, enabled);
      }
      if (!enabled.has(countyCode)) {
        perCounty.set(countyCode, {
          indicator: item.indicator,
          value: null,
          applicable: false,
          notApplicableReason: 'module-not-enabled',
          dataDate: item.dataDate,
        });
        continue;
      }
      const value = await registered.indicator.compute({
        db: context.db,
        regionCode: countyCode,
        counties: [countyCode],
        now: readingInstant(item.dataDate, now),
        parameters: context.parameters,
      });
      perCounty.set(
        countyCode,
        Number.isFinite(value)
          ? { indicator: item.indicator, value, applicable: true, notApplicableReason: null, dataDate: item.dataDate }
          : { indicator: item.indicator, value: null, applicable: false, notApplicableReason: 'no-data', dataDate: item.dataDate },
      );
    }
  }
  const recorded = counties.length
    ? await context.db
        .select()
        .from(deductions)
        .where(and(eq(deductions.schemeId, scheme.id), inArray(deductions.countyCode, counties)))
        .orderBy(asc(deductions.id))
    : [];
  const countyInputs: CountyInput[] = counties.map((countyCode) => ({
    countyCode,
    countyName: names.get(countyCode) ?? countyCode,
    cityCode: countyCode.slice(0, 4),
    cityName: names.get(countyCode.slice(0, 4)) ?? countyCode.slice(0, 4),
    indicators: scheme.items.map((item) => values.get(item.indicator)?.get(countyCode) as IndicatorInput),
    deductions: recorded.filter((row) => row.countyCode === countyCode).map((row) => ({ code: row.code, occurrences: row.occurrences, note: row.note })),
  }));
  return {
    scheme: {
      id: scheme.id,
      year: scheme.year,
      version: scheme.version,
      title: scheme.title,
      totalPoints: scheme.totalPoints,
      redistribution: scheme.redistribution,
      items: scheme.items,
      deductions: scheme.deductions,
    },
    asOf: context.today,
    counties: countyInputs,
  };
}

function runView(row: RunRow): RunView {
  return {
    id: row.id,
    schemeId: row.schemeId,
    schemeTitle: row.inputs.scheme.title,
    year: row.inputs.scheme.year,
    version: row.inputs.scheme.version,
    asOf: row.asOf,
    computedBy: row.computedBy,
    computedAt: row.computedAt.toISOString(),
    counties: row.inputs.counties.length,
  };
}

/** Computes a published scheme now and seals the run: inputs and scores are stored and never change. */
export async function computeScores(context: Context, schemeId: number): Promise<RunView> {
  const provinceCode = requireProvinceUser(context);
  const scheme = await publishedScheme(context, schemeId);
  const inputs = await gatherInputs(context, scheme, provinceCode);
  if (inputs.counties.length === 0) {
    throw new ZxError('PRECONDITION_FAILED', 'no-counties', {
      'zh-CN': '本省没有启用考核评估模块的县（区），无法评分。',
      en: 'No county of the province has enabled the assessment module; there is nothing to score.',
    });
  }
  const result = scoreRun(inputs);
  const [run] = (await context.db
    .insert(runs)
    .values({ provinceCode, schemeId: scheme.id, asOf: inputs.asOf, inputs, computedBy: context.actor.username, computedAt: context.clock.now() })
    .returning()) as [RunRow];
  await context.db
    .insert(scores)
    .values(
      result.counties.map((score) => ({ runId: run.id, countyCode: score.countyCode, cityCode: score.cityCode, total: score.total, rank: score.rank, score })),
    );
  await context.audit({
    action: 'scores.compute',
    regionCode: provinceCode,
    entityType: 'assessment-run',
    entityId: run.id,
    after: {
      runId: run.id,
      schemeId: scheme.id,
      asOf: inputs.asOf,
      counties: result.counties.map(({ countyCode, total, rank }) => ({ countyCode, total, rank })),
    },
  });
  return runView(run);
}

async function loadRun(context: Pick<Context, 'db' | 'access'>, runId: number): Promise<RunRow> {
  const [row] = await context.db
    .select()
    .from(runs)
    .where(and(eq(runs.id, runId), eq(runs.provinceCode, provinceOfRequest(context))));
  if (!row) throw runNotFound();
  return row;
}

export async function listRuns(context: Pick<Context, 'db' | 'access'>, schemeId: number | undefined): Promise<RunView[]> {
  const conditions = [eq(runs.provinceCode, provinceOfRequest(context))];
  if (schemeId !== undefined) conditions.push(eq(runs.schemeId, schemeId));
  // The scheme of a run is published (only published schemes are scored), so every reader may list runs.
  const rows = await context.db
    .select()
    .from(runs)
    .innerJoin(schemes, eq(schemes.id, runs.schemeId))
    .where(and(...conditions))
    .orderBy(desc(runs.id));
  return rows.map((row) => runView(row.runs));
}

export interface RunScores {
  run: RunView;
  counties: CountyScore[];
  /** Cities as an aggregate over all their counties taking part; only for readers who see every county of the city. */
  cities: CityScore[];
}

/** The sealed scores of a run for the counties of the requested region the caller may see. */
export async function runScores(context: Pick<Context, 'db' | 'access'>, runId: number): Promise<RunScores> {
  const run = await loadRun(context, runId);
  const rows = await context.db
    .select()
    .from(scores)
    .where(and(eq(scores.runId, run.id), context.access.where(scores.countyCode)))
    .orderBy(asc(scores.rank), asc(scores.countyCode));
  const counties = rows.map((row) => row.score);
  // A city's aggregate needs all its counties: shown when the reader sees each of them.
  const visible = new Set(counties.map((county) => county.countyCode));
  const all = run.inputs.counties;
  const wholeCities = new Set(
    [...new Set(all.map((county) => county.cityCode))].filter((city) =>
      all.filter((county) => county.cityCode === city).every((county) => visible.has(county.countyCode)),
    ),
  );
  const cities = aggregateCities(
    all
      .map((county) => ({ cityCode: county.cityCode, cityName: county.cityName, total: totalOf(rows, county.countyCode) }))
      .filter((row) => row.total !== null) as {
      cityCode: string;
      cityName: string;
      total: number;
    }[],
  ).filter((city) => wholeCities.has(city.cityCode));
  return { run: runView(run), counties, cities };
}

function totalOf(rows: readonly { countyCode: string; total: number }[], countyCode: string): number | null {
  return rows.find((row) => row.countyCode === countyCode)?.total ?? null;
}

/** One county's sealed score with its explanation (every point traced to value, rule and data date). */
export async function explainScore(context: Pick<Context, 'db' | 'access'>, runId: number, countyCode: string): Promise<{ run: RunView; score: CountyScore }> {
  const run = await loadRun(context, runId);
  if (!context.access.canSee(countyCode) || !isWithinRegion(countyCode, context.access.regionCode)) throw runNotFound();
  const [row] = await context.db
    .select()
    .from(scores)
    .where(and(eq(scores.runId, run.id), eq(scores.countyCode, countyCode), context.access.where(scores.countyCode)));
  if (!row) throw runNotFound();
  return { run: runView(run), score: row.score };
}

/** JSON with object keys sorted (jsonb does not keep key order), for comparing a stored score with a recomputed one. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );
}

/** Recomputes the run from its sealed inputs and says whether every stored score is reproduced exactly. */
export async function verifyRun(context: Pick<Context, 'db' | 'access'>, runId: number): Promise<{ runId: number; reproduced: boolean; counties: string[] }> {
  const run = await loadRun(context, runId);
  const stored = await context.db
    .select()
    .from(scores)
    .where(and(eq(scores.runId, run.id), context.access.where(scores.countyCode)));
  const recomputed = new Map(scoreRun(run.inputs).counties.map((score) => [score.countyCode, score]));
  const reproduced = stored.every((row) => canonical(recomputed.get(row.countyCode)) === canonical(row.score));
  return { runId: run.id, reproduced, counties: stored.map((row) => row.countyCode).sort() };
}

/**
 * The run's problem list for notices: per county, every indicator short of full points (threshold
 * missed, below the linear best, not first among peers) and every deduction. Names places and
 * indicators, never persons.
 */
export async function problemList(context: Pick<Context, 'db' | 'access'>, runId: number): Promise<ProblemItem[]> {
  const { counties } = await runScores(context, runId);
  const problems: ProblemItem[] = [];
  for (const county of counties) {
    for (const line of county.lines) {
      if (!line.applicable || line.attainment === null || line.attainment >= 1) continue;
      problems.push({
        regionCode: county.countyCode,
        regionName: county.countyName,
        kind: 'indicator',
        key: line.indicator,
        text: `${line.title}：${line.explanation['zh-CN']}`,
      });
    }
    for (const deduction of county.deductions) {
      problems.push({
        regionCode: county.countyCode,
        regionName: county.countyName,
        kind: 'deduction',
        key: deduction.code,
        text: `${deduction.title} ${deduction.occurrences} 次，扣 ${deduction.points} 分`,
      });
    }
  }
  return problems.sort((a, b) => a.regionCode.localeCompare(b.regionCode));
}
