/**
 * Benchmark: the province's visit compliance of one month as served (due, done, overdue, coverage
 * from the stored tallies: the registry's §3 duty tally and the visits tally, src/server/compliance.ts
 * talliedFigures), against a baseline measured in the same run on the same data — `select count(*)`
 * over visits.visits — so the ratio means the same on any machine. N households over 100 counties
 * and 4,000 villages (70 % 脱贫户, 10 % 监测户, 20 % ordinary), each visited once a month for 12
 * months (N × 12 visit rows; each month one household in 50 is missed and its neighbour visited
 * twice), generated in SQL (generate_series, synthetic only) through the
 * tally triggers. The served figure is checked against a live recount (the duty list through the
 * registry's public read and the rules, the visits scanned) before it is timed.
 *
 *   pnpm exec tsx plugins/visits/bench/province.bench.ts postgres://postgres@127.0.0.1:5432/test 20000
 *
 * A scratch database is created next to `databaseUrl` and dropped at the end.
 */
import { p95Of, roundMs, sampleMs, timedP95, withScratchDatabase } from '@zhenxing/core';
import { queryRows } from '@zhenxing/db';
import { listHouseholdsForVisitDuty, registryPlugin, visitDutyTallies } from '@zhenxing/plugin-registry/server';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { talliedFigures } from '../src/server/compliance.ts';
import { visitsPlugin } from '../src/server/plugin.ts';
import { monthTallies } from '../src/server/schema.ts';

export interface ProvinceComplianceBenchOptions {
  databaseUrl: string;
  /** Households, each visited once a month for 12 months (default 5,000). */
  households?: number;
  /** Timed runs of each query (default 30, after 3 warm-ups). */
  runs?: number;
}

const COUNTY_COUNT = 100;

/** Load steps on stderr (a full-size load takes minutes). */
const benchStarted = performance.now();
const progress = (step: string) => process.stderr.write(`visits.province-compliance: ${step} (+${Math.round((performance.now() - benchStarted) / 1000)} s)\n`);
const MONTHS = Array.from({ length: 12 }, (_, index) => `2025-${String(index + 1).padStart(2, '0')}`);

export async function benchProvinceCompliance({ databaseUrl, households = 5_000, runs = 30 }: ProvinceComplianceBenchOptions) {
  return withScratchDatabase({ databaseUrl, prefix: 'visits', plugins: [registryPlugin, visitsPlugin] }, async (database) => {
    const loadStarted = performance.now();
    const county = `'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000')`;
    const village = `${county} || '100' || to_char(1 + (i / ${COUNTY_COUNT}) % 40, 'FM000')`;
    // Household ids are i (1..N): the visits below name them directly.
    await database.db.execute(
      sql.raw(`insert into registry.households (id, county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity, created_at, updated_at)
        overriding system value
        select i, ${county}, ${village}, 'BENCH' || i, '合成地址' || i,
          case when i % 10 < 7 then 'left-poverty' when i % 10 = 7 then 'monitored' else 'ordinary' end,
          case when i % 10 < 7 then 2020 end, 'full', timestamptz '2024-01-01', timestamptz '2024-01-01'
        from generate_series(1, ${households}) as i`),
    );
    progress('households');
    // Fast bulk load: the visits' secondary indexes are built after the rows, and the tally trigger is
    // off during the load; the tallies are then filled set-based from the rows, as the migrations'
    // backfill does (the trigger itself is what test/tallies.test.ts and compliance-tallies.test.ts
    // check). The served figures are compared with a live recount below either way.
    const indexes = await queryRows<{ indexname: string; indexdef: string }>(
      database.db,
      `select indexname, indexdef from pg_indexes where schemaname = 'visits' and tablename = 'visits' and indexname <> 'visits_pkey'`,
    );
    for (const index of indexes) await database.db.execute(sql.raw(`drop index visits."${index.indexname}"`));
    await database.db.execute(sql`alter table visits.visits disable trigger user`);
    for (const month of MONTHS) {
      progress(`visits ${month}`);
      await database.db.execute(
        sql.raw(`insert into visits.visits (client_id, county_code, village_code, household_id, visited_at, visited_on, month,
          recorded_offline, form_seconds, visitors, person_met, recorded_by, income_changes, spending_changes, industry, employment,
          checklist, checklist_result, policy_notes, findings, risk_types, suggested_measures, answers_hash, household_due, created_at)
        select gen_random_uuid(), ${county}, ${village}, i, d::timestamptz + interval '2 hours', d, '${month}', false, 300,
          '["合成干部"]'::jsonb, '户主', 'bench', '{}'::jsonb, '{}'::jsonb, '{"state":"unchanged","note":""}'::jsonb,
          '{"state":"unchanged","note":""}'::jsonb, '{}'::jsonb, '{}'::jsonb, '', '', '[]'::jsonb, '[]'::jsonb, md5(i::text), i % 10 < 8, now()
        from (select i, date '${month}-01' + (i % 28) as d from (
                select case when n % 50 = ${MONTHS.indexOf(month)} and n < ${households} then n + 1 else n end as i
                from generate_series(1, ${households}) as n) as slots) as source`),
      );
    }
    progress('indexes and tallies');
    // Index builds sort 12 M rows: a larger maintenance_work_mem for this transaction only.
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
      for (const index of indexes) await tx.execute(sql.raw(index.indexdef));
    });
    await database.db.execute(sql`alter table visits.visits enable trigger user`);
    await database.db.execute(sql`insert into visits.household_months (household_id, month, county_code, village_code)
      select distinct on (household_id, month) household_id, month, county_code, village_code from visits.visits order by household_id, month, id`);
    await database.db.execute(sql`insert into visits.due_household_months (household_id, month, county_code, village_code)
      select distinct on (household_id, month) household_id, month, county_code, village_code from visits.visits where household_due
      order by household_id, month, id`);
    await database.db.execute(sql`insert into visits.month_tallies (county_code, village_code, month, households, due_households)
      select county_code, village_code, month, sum(visited)::int, sum(due)::int from (
        select county_code, village_code, month, 1 as visited, 0 as due from visits.household_months
        union all
        select county_code, village_code, month, 0, 1 from visits.due_household_months) as rows
      group by county_code, village_code, month`);
    progress('vacuum analyze');
    await database.db.execute(sql`vacuum analyze`);
    progress('loaded');
    const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;

    const [counted] = await queryRows<{ visits: number }>(database.db, 'select count(*)::int as visits from visits.visits');
    const counties = Array.from({ length: COUNTY_COUNT }, (_, index) => `13${String(100 + index).padStart(4, '0')}`);
    const month = MONTHS[MONTHS.length - 1] as string;
    const served = () => talliedFigures(database.db, counties, '13', month, true);
    const baseline = () => queryRows(database.db, 'select count(*) from visits.visits');

    // The served figures against a live recount: the duty list (registry's public read, the rules),
    // and the households visited that Shanghai month while due, scanned from visits.
    const figures = await served();
    const liveStarted = performance.now();
    const liveDue = (await listHouseholdsForVisitDuty(database.db, counties, month)).length;
    const [liveDone] = await queryRows<{ n: number }>(
      database.db,
      `select count(distinct household_id)::int as n from visits.visits where household_due and to_char(visited_at at time zone 'Asia/Shanghai', 'YYYY-MM') = '${month}'`,
    );
    const liveMs = roundMs(performance.now() - liveStarted);
    if (figures.due !== liveDue || figures.done !== Number(liveDone?.n)) {
      throw new Error(`served ${figures.due}/${figures.done} ≠ live ${liveDue}/${liveDone?.n}`);
    }

    for (let warm = 0; warm < 3; warm += 1) {
      await served();
      await baseline();
    }
    const servedSamples: number[] = [];
    const baselineSamples: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      servedSamples.push(await sampleMs(served));
      baselineSamples.push(await sampleMs(baseline));
    }
    const p95Ms = roundMs(p95Of(servedSamples));
    const baselineP95Ms = roundMs(p95Of(baselineSamples));
    const countyP95Ms = await timedP95(runs, () => talliedFigures(database.db, ['130109'], '130109', month, true));
    // For comparison, the previous way (until 2026-12-07): every village's row of both tallies read
    // (~4,000 each) and added up in Node.
    const villageRowsP95Ms = await timedP95(runs, async () => {
      const [duty, visited] = await Promise.all([
        visitDutyTallies(database.db, counties, '13'),
        database.db
          .select({ villageCode: monthTallies.villageCode, done: monthTallies.dueHouseholds })
          .from(monthTallies)
          .where(and(eq(monthTallies.month, month), inArray(monthTallies.countyCode, counties), gt(monthTallies.dueHouseholds, 0))),
      ]);
      const villages = new Map<string, { due: number; done: number }>();
      for (const row of duty) villages.set(row.villageCode, { due: row.households, done: 0 });
      for (const row of visited) {
        const village = villages.get(row.villageCode) ?? { due: 0, done: 0 };
        village.done += row.done;
        villages.set(row.villageCode, village);
      }
      let due = 0;
      for (const village of villages.values()) due += village.due;
      return due;
    });
    return {
      households,
      visits: counted?.visits ?? 0,
      month,
      due: figures.due,
      done: figures.done,
      overdue: figures.overdue,
      coverageBasisPoints: figures.coverageBasisPoints,
      p95Ms,
      baselineP95Ms,
      ratio: Math.round((p95Ms / Math.max(baselineP95Ms, 0.01)) * 1000) / 1000,
      /** One county's figures from the same tallies, for information. */
      countyP95Ms,
      /** The previous read (every village's row of both tallies, added up in Node), for information. */
      villageRowsP95Ms,
      /** The live recount (duty list + scan of a month's visits), once, for information. */
      liveMs,
      loadSeconds,
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.argv[2] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const households = Number(process.argv[3] ?? 5_000);
  benchProvinceCompliance({ databaseUrl, households }).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
