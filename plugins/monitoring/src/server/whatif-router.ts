/**
 * `monitoring.whatIf.*` (issue 18): a province, city or county admin runs a draft parameter set of
 * the province over the requested region's households (a background job with progress), then reads
 * how many would enter or leave each category, by region, and downloads the list (ID numbers masked
 * without registry.pii.view). Runs are visible under the region they cover; every count and row is
 * also filtered to the reader's enabled counties.
 */
import { candidateParameterSets, errors, regionCodeInput, ZxError, type PluginRouterTools } from '@zhenxing/core';
import { regions } from '@zhenxing/db';
import { diffParameterSets } from '@zhenxing/rules';
import { and, asc, count, desc, eq, inArray, like } from 'drizzle-orm';
import { StartWhatIfInputSchema, WhatIfChangesInputSchema, WhatIfRunInputSchema } from '../index.ts';
import { readsPii } from './cases.ts';
import { parametersFor } from './deadlines.ts';
import { whatIfChanges, whatIfRuns } from './schema.ts';
import type { MonitoringContext, MonitoringSettings } from './settings.ts';
import { countsByRegion, exportChanges, runWhatIf, shownStatus, type WhatIfRunRow } from './whatif.ts';
import { z } from 'zod';

/** Largest list in one download. */
const MAX_EXPORT_ROWS = 200_000;

/** Runs still working in this process (specs wait for them through `whatIfWorkersSettled`). */
const workers = new Set<Promise<void>>();

/** Resolves when every what-if worker started by this process has finished. */
export async function whatIfWorkersSettled(): Promise<void> {
  while (workers.size > 0) await Promise.all([...workers]);
}

const runNotFound = () => errors.notFound({ 'zh-CN': '试算任务', en: 'The what-if run' });

/** A run the caller may see: it covers the requested region or a region inside it. */
async function visibleRun(ctx: Pick<MonitoringContext, 'db' | 'access'>, id: number): Promise<WhatIfRunRow> {
  const [row] = await ctx.db.select().from(whatIfRuns).where(eq(whatIfRuns.id, id));
  if (!row || !row.regionCode.startsWith(ctx.access.regionCode)) throw runNotFound();
  if (!row.countyCodes.some((county) => ctx.access.counties.includes(county))) throw runNotFound();
  return row;
}

function runView(row: WhatIfRunRow, now: Date) {
  return {
    id: row.id,
    regionCode: row.regionCode,
    version: row.version,
    versionStatus: row.versionStatus,
    baseVersion: row.baseVersion,
    asOf: row.asOf,
    status: shownStatus(row, now),
    householdsTotal: row.householdsTotal,
    householdsDone: row.householdsDone,
    householdsChanged: row.householdsChanged,
    householdsSkipped: row.householdsSkipped,
    percent: row.householdsTotal > 0 ? Math.min(100, Math.floor((row.householdsDone * 100) / row.householdsTotal)) : row.status === 'done' ? 100 : 0,
    startedByName: row.startedByName,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function whatIfRouter({ router, procedure }: PluginRouterTools<MonitoringSettings>) {
  const run = procedure.meta({ permission: 'whatif.run' });
  return router({
    /** The sets a what-if may run (the province's drafts and published sets), each with what it changes from the set in force today. */
    sets: run.input(z.object({ regionCode: regionCodeInput.optional() })).query(async ({ ctx }) => {
      const region = ctx.access.regionCode;
      const base = parametersFor(ctx.parameters, region, ctx.today);
      const candidates = await candidateParameterSets(ctx.db, base.provinceCode);
      return {
        baseVersion: base.version,
        sets: candidates
          .filter((candidate) => candidate.version !== base.version)
          .map((candidate) => ({
            version: candidate.version,
            status: candidate.status,
            effectiveFrom: candidate.status === 'published' ? candidate.set.effectiveFrom : null,
            note: candidate.note,
            changes: diffParameterSets(base, candidate.set),
          })),
      };
    }),

    /** Starts a run over the requested region; the work happens after the commit, page by page. */
    start: run.input(StartWhatIfInputSchema).mutation(async ({ ctx, input }) => {
      const region = ctx.access.regionCode;
      const counties = [...ctx.access.counties];
      if (counties.length === 0) throw errors.outOfScope(region);
      const base = parametersFor(ctx.parameters, region, ctx.today);
      const chosen = (await candidateParameterSets(ctx.db, base.provinceCode)).find((candidate) => candidate.version === input.version);
      if (!chosen) throw errors.notFound({ 'zh-CN': '参数版本', en: 'The parameter set' });
      const now = ctx.clock.now();
      const running = await ctx.db
        .select()
        .from(whatIfRuns)
        .where(and(eq(whatIfRuns.regionCode, region), inArray(whatIfRuns.status, ['queued', 'running'])));
      if (running.some((row) => shownStatus(row, now) !== 'interrupted')) {
        throw new ZxError('CONFLICT', 'whatif-running', {
          'zh-CN': '该区划已有一个试算正在进行，请等待它完成。',
          en: 'A what-if run is already under way for this region; wait for it to finish.',
        });
      }
      const [created] = await ctx.db
        .insert(whatIfRuns)
        .values({
          regionCode: region,
          countyCodes: counties,
          version: chosen.version,
          versionStatus: chosen.status,
          baseVersion: base.version,
          asOf: ctx.today,
          status: 'queued',
          startedBy: ctx.user.id,
          startedByName: ctx.user.username,
          createdAt: now,
          heartbeatAt: now,
        })
        .returning();
      const row = created as WhatIfRunRow;
      await ctx.audit({
        action: 'whatif.start',
        regionCode: region,
        entityType: 'whatif-run',
        entityId: row.id,
        after: { version: chosen.version, versionStatus: chosen.status, baseVersion: base.version, counties: counties.length },
      });
      const job = {
        runId: row.id,
        countyCodes: counties,
        regionCode: region,
        base,
        chosen: chosen.set,
        today: ctx.today,
        clock: ctx.clock,
        logger: ctx.logger,
      };
      const database = ctx.database.db;
      ctx.afterCommit(() => {
        const worker = runWhatIf(database, job).finally(() => workers.delete(worker));
        workers.add(worker);
      });
      return runView(row, now);
    }),

    /** Runs over the requested region or inside it, newest first. */
    list: run.input(z.object({ regionCode: regionCodeInput.optional() })).query(async ({ ctx }) => {
      const rows = await ctx.db
        .select()
        .from(whatIfRuns)
        .where(like(whatIfRuns.regionCode, `${ctx.access.regionCode}%`))
        .orderBy(desc(whatIfRuns.id))
        .limit(20);
      const now = ctx.clock.now();
      return rows.filter((row) => row.countyCodes.some((county) => ctx.access.counties.includes(county))).map((row) => runView(row, now));
    }),

    /** A run's progress and, once done, how many would enter or leave each category, by region. */
    get: run.input(WhatIfRunInputSchema).query(async ({ ctx, input }) => {
      const row = await visibleRun(ctx, input.id);
      const counts = countsByRegion(row.summary, row.regionCode, (village) => ctx.access.canSee(village));
      const codes = counts.regions.map((entry) => entry.regionCode);
      const names = codes.length > 0 ? await ctx.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, codes)) : [];
      const nameOf = new Map(names.map((entry) => [entry.code, entry.name]));
      return {
        run: runView(row, ctx.clock.now()),
        total: counts.total,
        regions: counts.regions.map((entry) => ({ ...entry, name: nameOf.get(entry.regionCode) ?? entry.regionCode })),
      };
    }),

    /** The households whose outcome changes (no personal data: household number, village, before and after). */
    changes: run.input(WhatIfChangesInputSchema).query(async ({ ctx, input }) => {
      const row = await visibleRun(ctx, input.id);
      const where = and(eq(whatIfChanges.runId, row.id), ctx.access.where(whatIfChanges.countyCode, whatIfChanges.villageCode));
      const [rows, [counted]] = await Promise.all([
        ctx.db
          .select()
          .from(whatIfChanges)
          .where(where)
          .orderBy(asc(whatIfChanges.villageCode), asc(whatIfChanges.householdId))
          .limit(input.limit)
          .offset(input.offset),
        ctx.db.select({ count: count() }).from(whatIfChanges).where(where),
      ]);
      return {
        total: counted?.count ?? 0,
        rows: rows.map((change) => ({
          householdId: change.householdId,
          villageCode: change.villageCode,
          perCapitaIncomeFen: change.perCapitaIncomeFen,
          before: change.before,
          after: change.after,
        })),
      };
    }),

    /** The list as .xlsx, heads' ID numbers masked without registry.pii.view; audited. */
    export: run.input(WhatIfRunInputSchema).mutation(async ({ ctx, input }) => {
      const row = await visibleRun(ctx, input.id);
      if (row.status !== 'done') {
        throw new ZxError('PRECONDITION_FAILED', 'whatif-not-done', { 'zh-CN': '试算尚未完成。', en: 'The what-if run has not finished.' });
      }
      const rows = await ctx.db
        .select()
        .from(whatIfChanges)
        .where(and(eq(whatIfChanges.runId, row.id), ctx.access.where(whatIfChanges.countyCode, whatIfChanges.villageCode)))
        .orderBy(asc(whatIfChanges.villageCode), asc(whatIfChanges.householdId))
        .limit(MAX_EXPORT_ROWS);
      const pii = readsPii(ctx);
      const content = await exportChanges(ctx.db, row, rows, pii);
      await ctx.audit({
        action: 'whatif.export',
        regionCode: ctx.access.regionCode,
        entityType: 'whatif-run',
        entityId: row.id,
        after: { rows: rows.length, masked: !pii },
      });
      return {
        fileName: `政策参数试算-${row.version}-${ctx.access.regionCode}.xlsx`,
        rows: rows.length,
        masked: !pii,
        contentBase64: content.toString('base64'),
      };
    }),
  });
}
