/**
 * Benchmark: the province's visited households of one month as served from the tallies
 * (src/server/tallies.ts, kept by the trigger of drizzle/0002_month_tallies.sql), against a
 * baseline measured in the same run on the same data — `select count(*)` over visits.visits — so
 * the ratio means the same on any machine. N households over 100 counties, one visit per household
 * per month for 12 months (N × 12 rows), generated in SQL (synthetic only) through the trigger.
 * Also reported: the same figure scanned live from visits (what it costs without tallies).
 *
 * Not measured here: the "due" side of compliance, still read from the registry's duty list.
 *
 *   pnpm exec tsx plugins/visits/bench/province.bench.ts postgres://postgres@127.0.0.1:5432/test 20000
 *
 * A scratch database is created next to `databaseUrl` and dropped at the end.
 */
import { createHost } from '@zhenxing/core';
import { openDatabase, queryRows } from '@zhenxing/db';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { visitsPlugin } from '../src/server/plugin.ts';
import { liveVisitedHouseholds, visitedFromTallies } from '../src/server/tallies.ts';

export interface ProvinceVisitedBenchOptions {
  databaseUrl: string;
  /** Households, each visited once a month for 12 months (default 5,000). */
  households?: number;
  /** Timed runs of each query (default 30, after 3 warm-ups). */
  runs?: number;
}

const COUNTY_COUNT = 100;
const MONTHS = Array.from({ length: 12 }, (_, index) => `2025-${String(index + 1).padStart(2, '0')}`);

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] as number;
}

const roundMs = (ms: number): number => Math.round(ms * 100) / 100;

async function sample(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export async function benchProvinceVisited({ databaseUrl, households = 5_000, runs = 30 }: ProvinceVisitedBenchOptions) {
  const scratch = `zx_bench_visits_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openDatabase({ driver: 'postgres', url: databaseUrl, poolSize: 1 });
  await admin.db.execute(sql.raw(`create database "${scratch}"`));
  const url = new URL(databaseUrl);
  url.pathname = `/${scratch}`;
  const database = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 2 });
  try {
    await createHost({ database, plugins: [registryPlugin, visitsPlugin] }).migrate();
    const county = `'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000')`;
    const village = `${county} || '100' || to_char(1 + (i / ${COUNTY_COUNT}) % 40, 'FM000')`;
    for (const month of MONTHS) {
      await database.db.execute(
        sql.raw(`insert into visits.visits (client_id, county_code, village_code, household_id, visited_at, visited_on, month,
          recorded_offline, form_seconds, visitors, person_met, recorded_by, income_changes, spending_changes, industry, employment,
          checklist, checklist_result, policy_notes, findings, risk_types, suggested_measures, answers_hash, created_at)
        select gen_random_uuid(), ${county}, ${village}, i, d::timestamptz + interval '2 hours', d, '${month}', false, 300,
          '["合成干部"]'::jsonb, '户主', 'bench', '{}'::jsonb, '{}'::jsonb, '{"state":"unchanged","note":""}'::jsonb,
          '{"state":"unchanged","note":""}'::jsonb, '{}'::jsonb, '{}'::jsonb, '', '', '[]'::jsonb, '[]'::jsonb, md5(i::text), now()
        from (select i, date '${month}-01' + (i % 28) as d from generate_series(1, ${households}) as i) as source`),
      );
    }
    await database.db.execute(sql`analyze`);
    const [counted] = await queryRows<{ visits: number }>(database.db, 'select count(*)::int as visits from visits.visits');
    const counties = Array.from({ length: COUNTY_COUNT }, (_, index) => `13${String(100 + index).padStart(4, '0')}`);
    const month = MONTHS[MONTHS.length - 1] as string;
    const served = () => visitedFromTallies(database.db, counties, '13', month);
    const live = () => liveVisitedHouseholds(database.db, counties, '13', month);
    const baseline = () => queryRows(database.db, 'select count(*) from visits.visits');
    const servedTotal = (await served()).reduce((total, row) => total + row.households, 0);
    const liveTotal = (await live()).reduce((total, row) => total + row.households, 0);
    for (let warm = 0; warm < 3; warm += 1) {
      await served();
      await baseline();
    }
    const servedSamples: number[] = [];
    const baselineSamples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      servedSamples.push(await sample(served));
      baselineSamples.push(await sample(baseline));
    }
    const liveSamples: number[] = [];
    for (let run = 0; run < Math.min(runs, 10); run += 1) liveSamples.push(await sample(live));
    const p95Ms = roundMs(p95(servedSamples));
    const baselineP95Ms = roundMs(p95(baselineSamples));
    const liveP95Ms = roundMs(p95(liveSamples));
    const ratioOf = (ms: number) => Math.round((ms / Math.max(baselineP95Ms, 0.01)) * 1000) / 1000;
    return {
      households,
      visits: counted?.visits ?? 0,
      month,
      /** Province visited households of the month, from the tallies and from the live scan (must be equal). */
      servedTotal,
      liveTotal,
      p95Ms,
      baselineP95Ms,
      ratio: ratioOf(p95Ms),
      liveP95Ms,
      liveRatio: ratioOf(liveP95Ms),
    };
  } finally {
    await database.close();
    await admin.db.execute(sql.raw(`drop database if exists "${scratch}"`));
    await admin.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.argv[2] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const households = Number(process.argv[3] ?? 5_000);
  benchProvinceVisited({ databaseUrl, households }).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
