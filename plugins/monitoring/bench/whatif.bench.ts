/**
 * Benchmark (issue 18): a what-if — a parameter set with a higher monitoring line run over N
 * households of a province beside the set in force (runWhatIf: page by page, the rules under both
 * sets, the changed households and the progress written) — against a baseline measured in the same
 * run on the same data: a plain scan reading the same columns page by page (the registry's
 * householdProfilesPage, without the rules and without writing). Ratio = what-if / scan.
 *
 *   pnpm exec tsx plugins/monitoring/bench/whatif.bench.ts postgres://postgres@127.0.0.1:5432/test 1000000
 *
 * A scratch database is created next to `databaseUrl` and dropped at the end. Data is generated in
 * SQL (INSERT … SELECT generate_series), synthetic only: two members and two income years a household.
 */
import { createHost, seedParameterSets, silentLogger } from '@zhenxing/core';
import { openDatabase, queryRows } from '@zhenxing/db';
import { householdProfilesPage, registryPlugin } from '@zhenxing/plugin-registry/server';
import { defaultParameterSets, type ParameterSet } from '@zhenxing/rules';
import { eq, sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { monitoringPlugin } from '../src/server/plugin.ts';
import { whatIfRuns } from '../src/server/schema.ts';
import { runWhatIf } from '../src/server/whatif.ts';

export interface WhatIfBenchResult {
  households: number;
  /** The what-if end to end, ms. */
  whatIfMs: number;
  /** The plain scan of the same columns, ms: the faster of one pass before and one after the what-if. */
  scanMs: number;
  ratio: number;
  changed: number;
  householdsPerSecond: number;
}

const COUNTY_COUNT = 100;
const PAGE = 2000;

export async function benchWhatIf({ databaseUrl, households = 10_000 }: { databaseUrl: string; households?: number }): Promise<WhatIfBenchResult> {
  const scratch = `zx_bench_whatif_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openDatabase({ driver: 'postgres', url: databaseUrl, poolSize: 1 });
  await admin.db.execute(sql.raw(`create database "${scratch}"`));
  const url = new URL(databaseUrl);
  url.pathname = `/${scratch}`;
  const database = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 2 });
  try {
    await createHost({ database, plugins: [registryPlugin, monitoringPlugin] }).migrate();
    await seedParameterSets(database, new Date());
    const db = database.db;
    const county = sql.raw(`'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000')`);
    const village = sql.raw(`'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000') || '100' || to_char(1 + (i / ${COUNTY_COUNT}) % 40, 'FM000')`);
    await db.execute(sql`
      insert into registry.households (county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity)
      select ${county}, ${village}, 'K' || i, '合成地址', case when i % 3 = 0 then 'left-poverty' else 'ordinary' end,
        case when i % 3 = 0 then 2019 end, 'has-labour'
      from generate_series(1, ${households}) as i`);
    await db.execute(sql`
      insert into registry.members (household_id, county_code, village_code, name, id_number, relation, birth_date, sex, disability_grade, serious_illness, schooling, employment)
      select h.id, h.county_code, h.village_code, '合成', lpad((h.id * 2 + r)::text, 18, '0'), case when r = 0 then 'head' else 'spouse' end,
        date '1970-01-01', case when r = 0 then 'male' else 'female' end,
        case when r = 1 and h.id % 10 = 0 then 1 end, case when r = 1 and h.id % 7 = 0 then 'major-chronic-disease' else 'none' end,
        'finished', 'farming'
      from registry.households h cross join generate_series(0, 1) as r`);
    // Per capita 6,000–12,000 yuan (two people): some within 8,300, more within 9,500.
    await db.execute(sql`
      insert into registry.incomes (household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen)
      select h.id, h.county_code, h.village_code, y, 1200000 + (h.id * 7919 % 1200000), 0, 0, 0, 0
      from registry.households h cross join generate_series(2024, 2025) as y`);
    await db.execute(sql`analyze`);
    const [{ total } = { total: 0 }] = await queryRows<{ total: number }>(db, 'select count(*)::int as total from registry.households');

    const counties = Array.from({ length: COUNTY_COUNT }, (_, index) => `13${String(100 + index).padStart(4, '0')}`);
    const today = '2026-03-02';
    const base = defaultParameterSets.find((set) => set.version === 'hebei-2025.1') as ParameterSet;
    const chosen: ParameterSet = { ...base, version: 'hebei-2026.9', monitoringLineFen: 950_000 };

    const scan = async () => {
      const started = performance.now();
      let afterId = 0;
      for (;;) {
        const page = await householdProfilesPage(db, { countyCodes: counties, regionPrefix: '13', afterId, limit: PAGE }, today);
        if (page.length === 0) break;
        afterId = page.at(-1)?.household.id ?? afterId;
      }
      return performance.now() - started;
    };
    const firstScan = await scan();
    const [run] = await db
      .insert(whatIfRuns)
      .values({
        regionCode: '13',
        countyCodes: counties,
        version: chosen.version,
        versionStatus: 'draft',
        baseVersion: base.version,
        asOf: today,
        status: 'queued',
        startedBy: 0,
        startedByName: 'bench',
        createdAt: new Date(),
      })
      .returning({ id: whatIfRuns.id });
    const runId = (run as { id: number }).id;
    const started = performance.now();
    await runWhatIf(db, {
      runId,
      countyCodes: counties,
      regionCode: '13',
      base,
      chosen,
      today,
      clock: { now: () => new Date() },
      logger: silentLogger,
      pageSize: PAGE,
    });
    const whatIfMs = performance.now() - started;
    const [finished] = await db.select().from(whatIfRuns).where(eq(whatIfRuns.id, runId));
    if (finished?.status !== 'done' || finished.householdsDone !== total)
      throw new Error(`what-if did not finish: ${finished?.status} ${finished?.householdsDone}/${total}`);
    // The baseline is the faster of a scan before and one after the what-if, so a cold first
    // scan (pages not yet cached) cannot flatter the ratio.
    const scanMs = Math.min(firstScan, await scan());
    return {
      households: total,
      whatIfMs: Math.round(whatIfMs),
      scanMs: Math.round(scanMs),
      ratio: Math.round((whatIfMs / scanMs) * 100) / 100,
      changed: finished.householdsChanged,
      householdsPerSecond: Math.round(total / (whatIfMs / 1000)),
    };
  } finally {
    await database.close();
    await admin.db.execute(sql.raw(`drop database if exists "${scratch}" with (force)`));
    await admin.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [databaseUrl, households] = process.argv.slice(2);
  if (!databaseUrl) throw new Error('usage: whatif.bench.ts <postgres url> [households]');
  console.log(JSON.stringify(await benchWhatIf({ databaseUrl, households: Number(households ?? 10_000) }), null, 2));
}
