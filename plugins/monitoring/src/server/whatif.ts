/**
 * What-if for a region (issue 18): a draft (or published) parameter set run over a region's
 * households beside the set in force, as a background job with progress. For each household the
 * rules give the four categories (§1 宽) and the monitoring object type under both sets; the run
 * keeps the households whose outcome differs and, per village, how many would enter or leave each
 * category. It writes only `monitoring.whatif_runs` and `monitoring.whatif_changes` — never the
 * registry, cases, objects or anything else (`test/whatif.test.ts` fingerprints every other table).
 *
 * The job: `start` records a queued run in the request's transaction (audited) and, after the
 * commit, this process works through the households page by page on the root database handle,
 * committing progress after every page so a poll on any instance sees it. A run whose worker
 * stopped (the server restarted) shows as interrupted once its heartbeat is older than two minutes;
 * it can simply be started again.
 */
import type { Logger } from '@zhenxing/core';
import type { Database, Executor } from '@zhenxing/db';
import type { HouseholdProfile } from '@zhenxing/plugin-registry';
import { countHouseholds, householdHeads, householdProfilesPage, writeXlsx, type SheetColumn } from '@zhenxing/plugin-registry/server';
import { formatYuan, maskIdNumber, RISK_CATEGORIES, type ParameterSet } from '@zhenxing/rules';
import { eq } from 'drizzle-orm';
import { evaluateProfile, objectTypeOf } from './evaluation.ts';
import { whatIfChanges, whatIfRuns } from './schema.ts';

/** What a household's outcome is under one set: the categories matched and the object type (null: none). */
export interface WhatIfOutcome {
  categories: string[];
  objectType: string | null;
}

/** The keys counted per village: the four categories and "a monitoring object at all". */
export const WHAT_IF_KEYS = [...RISK_CATEGORIES, 'monitoring-object'] as const;
export type WhatIfKey = (typeof WHAT_IF_KEYS)[number];

export type WhatIfCounts = Record<string, { entering: number; leaving: number }>;

/** The rules' outcome for one household under one set (no cadre facts: registry data only). */
export function outcomeOf(profile: HouseholdProfile, parameters: ParameterSet): WhatIfOutcome {
  const evaluation = evaluateProfile(profile, { outOfPocketMedicalFen: {}, suddenEvent: null }, parameters);
  const type = objectTypeOf(profile, { riskCategories: evaluation.matchedCategories, riskTypes: [] }, parameters);
  return { categories: evaluation.matchedCategories, objectType: type.type };
}

/** Adds one household's move between the two outcomes to a village's counts; whether anything moved. */
export function countMove(counts: WhatIfCounts, before: WhatIfOutcome, after: WhatIfOutcome): boolean {
  let moved = false;
  const bump = (key: string, direction: 'entering' | 'leaving') => {
    const entry = counts[key] ?? { entering: 0, leaving: 0 };
    entry[direction] += 1;
    counts[key] = entry;
    moved = true;
  };
  for (const category of RISK_CATEGORIES) {
    const was = before.categories.includes(category);
    const is = after.categories.includes(category);
    if (!was && is) bump(category, 'entering');
    if (was && !is) bump(category, 'leaving');
  }
  if (before.objectType === null && after.objectType !== null) bump('monitoring-object', 'entering');
  if (before.objectType !== null && after.objectType === null) bump('monitoring-object', 'leaving');
  return moved || before.objectType !== after.objectType;
}

/** Adds counts into a total. */
export function addCounts(into: WhatIfCounts, from: WhatIfCounts): void {
  for (const [key, value] of Object.entries(from)) {
    const entry = into[key] ?? { entering: 0, leaving: 0 };
    entry.entering += value.entering;
    entry.leaving += value.leaving;
    into[key] = entry;
  }
}

export interface WhatIfJob {
  runId: number;
  countyCodes: readonly string[];
  regionCode: string;
  base: ParameterSet;
  chosen: ParameterSet;
  today: string;
  clock: { now(): Date };
  logger: Logger;
  pageSize?: number;
}

/** A run that has seen no heartbeat for this long has lost its worker. */
export const STALE_AFTER_MS = 120_000;

/**
 * Works through the region's households (the worker). Evaluates each page under both sets, then
 * commits that page's changed households and the progress in one short transaction. Resolves when
 * the run is done or failed; never throws (a failure is recorded on the run, logged without data).
 */
export async function runWhatIf(database: Database, job: WhatIfJob): Promise<void> {
  const pageSize = job.pageSize ?? 2000;
  const byVillage: Record<string, WhatIfCounts> = {};
  try {
    const total = await countHouseholds(database, job.countyCodes, job.regionCode);
    await database.update(whatIfRuns).set({ status: 'running', householdsTotal: total, heartbeatAt: job.clock.now() }).where(eq(whatIfRuns.id, job.runId));
    let afterId = 0;
    let done = 0;
    let changed = 0;
    let skipped = 0;
    for (;;) {
      const page = await householdProfilesPage(database, { countyCodes: job.countyCodes, regionPrefix: job.regionCode, afterId, limit: pageSize }, job.today);
      if (page.length === 0) break;
      const rows: (typeof whatIfChanges.$inferInsert)[] = [];
      for (const profile of page) {
        if (!profile.perCapita) {
          skipped += 1;
          continue;
        }
        const before = outcomeOf(profile, job.base);
        const after = outcomeOf(profile, job.chosen);
        const { villageCode, countyCode, id } = profile.household;
        const counts = (byVillage[villageCode] ??= {});
        if (countMove(counts, before, after)) {
          rows.push({ runId: job.runId, householdId: id, countyCode, villageCode, before, after, perCapitaIncomeFen: profile.perCapita.perCapitaFen });
        }
      }
      afterId = (page.at(-1) as HouseholdProfile).household.id;
      done += page.length;
      changed += rows.length;
      await database.transaction(async (tx) => {
        if (rows.length > 0) await tx.insert(whatIfChanges).values(rows);
        await tx
          .update(whatIfRuns)
          .set({ householdsDone: done, householdsChanged: changed, householdsSkipped: skipped, heartbeatAt: job.clock.now() })
          .where(eq(whatIfRuns.id, job.runId));
      });
    }
    const summary = Object.fromEntries(Object.entries(byVillage).filter(([, counts]) => Object.keys(counts).length > 0));
    await database
      .update(whatIfRuns)
      .set({ status: 'done', householdsDone: done, summary, finishedAt: job.clock.now(), heartbeatAt: job.clock.now() })
      .where(eq(whatIfRuns.id, job.runId));
  } catch (error) {
    job.logger.error({ runId: job.runId, err: error instanceof Error ? error.name : 'unknown' }, 'what-if run failed');
    await database
      .update(whatIfRuns)
      .set({ status: 'failed', error: 'run-failed', finishedAt: job.clock.now() })
      .where(eq(whatIfRuns.id, job.runId))
      .catch(() => undefined);
  }
}

export type WhatIfRunRow = typeof whatIfRuns.$inferSelect;

/** The run's status as shown: a running or queued run without a recent heartbeat has been interrupted. */
export function shownStatus(row: WhatIfRunRow, now: Date): string {
  if (row.status !== 'running' && row.status !== 'queued') return row.status;
  const last = row.heartbeatAt ?? row.createdAt;
  return now.getTime() - last.getTime() > STALE_AFTER_MS ? 'interrupted' : row.status;
}

/** The region level below `regionCode` (province → city → county → township → village). */
export function childLength(regionCode: string): number {
  return regionCode.length < 4 ? 4 : regionCode.length < 6 ? 6 : regionCode.length < 9 ? 9 : 12;
}

/** Per-village counts added up per child region of `regionCode`, only villages the reader may see. */
export function countsByRegion(
  summary: Record<string, WhatIfCounts>,
  regionCode: string,
  canSee: (villageCode: string) => boolean,
): { total: WhatIfCounts; regions: { regionCode: string; counts: WhatIfCounts }[] } {
  const total: WhatIfCounts = {};
  const byChild = new Map<string, WhatIfCounts>();
  const length = childLength(regionCode);
  for (const [village, counts] of Object.entries(summary)) {
    if (!village.startsWith(regionCode) || !canSee(village)) continue;
    addCounts(total, counts);
    const child = village.slice(0, length);
    const into = byChild.get(child) ?? {};
    addCounts(into, counts);
    byChild.set(child, into);
  }
  return { total, regions: [...byChild.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, counts]) => ({ regionCode: code, counts })) };
}

const CATEGORY_LABELS: Record<string, string> = {
  'major-illness': '因病',
  'severe-disability': '因残',
  'sudden-difficulty': '因灾因意外',
  'low-income-high-spending': '刚性支出大',
};
const TYPE_LABELS: Record<string, string> = {
  'unstable-poverty-exited': '脱贫不稳定户',
  'edge-prone': '边缘易致贫户',
  'sudden-severe-difficulty': '突发严重困难户',
};
const outcomeText = (outcome: { categories: string[]; objectType: string | null }) =>
  [outcome.objectType ? (TYPE_LABELS[outcome.objectType] ?? outcome.objectType) : '非监测对象', ...outcome.categories.map((c) => CATEGORY_LABELS[c] ?? c)].join(
    '；',
  );

interface ExportRow {
  change: typeof whatIfChanges.$inferSelect;
  head: { name: string; idNumber: string } | undefined;
}

/** The list of changed households as .xlsx; the head's ID number masked unless `pii`. */
export async function exportChanges(db: Executor, run: WhatIfRunRow, rows: readonly (typeof whatIfChanges.$inferSelect)[], pii: boolean): Promise<Buffer> {
  const heads = await householdHeads(
    db,
    rows.map((row) => row.householdId),
  );
  const columns: SheetColumn<ExportRow>[] = [
    { header: '农户编号', width: 10, value: (row) => row.change.householdId },
    { header: '县（区）代码', width: 12, text: true, value: (row) => row.change.countyCode },
    { header: '村代码', width: 16, text: true, value: (row) => row.change.villageCode },
    { header: '户主', width: 10, value: (row) => row.head?.name ?? '' },
    { header: '户主身份证号', width: 22, text: true, value: (row) => (row.head ? (pii ? row.head.idNumber : maskIdNumber(row.head.idNumber)) : '') },
    { header: '人均纯收入（元）', width: 14, value: (row) => formatYuan(row.change.perCapitaIncomeFen) },
    { header: `现行参数 ${run.baseVersion}`, width: 30, value: (row) => outcomeText(row.change.before) },
    { header: `试算参数 ${run.version}`, width: 30, value: (row) => outcomeText(row.change.after) },
  ];
  return writeXlsx(
    '试算变化清单',
    columns,
    rows.map((change) => ({ change, head: heads.get(change.householdId) })),
  );
}
