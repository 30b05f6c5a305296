/**
 * Benchmark: the province dashboard (summary + monthly trend) over N households' cases on
 * PostgreSQL, against a baseline measured in the same run on the same data — a plain
 * `select count(*)` over monitoring.cases — so the ratio means the same on any machine. The
 * headline is the case a province admin meets in working hours: the dashboard as served (county
 * tallies added up, see figures.ts) while a writer on another connection keeps changing cases in
 * every county; dashboard and baseline are timed in alternation under the same writes. Also
 * reported: the same with no writer, and the dashboard computed live from the tables.
 *
 *   pnpm exec tsx plugins/monitoring/bench/dashboard.bench.ts postgres://postgres@127.0.0.1:5432/test 20000
 *
 * A scratch database is created next to `databaseUrl` and dropped at the end. Data is generated
 * in SQL (INSERT … SELECT generate_series), synthetic only.
 */
import { p95Of, roundMs, sampleMs, timedP95, withScratchDatabase } from '@zhenxing/core';
import { openDatabase, queryRows, type Executor } from '@zhenxing/db';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { sql } from 'drizzle-orm';
import { pathToFileURL } from 'node:url';
import { monitoringPlugin } from '../src/server/plugin.ts';
import { liveSummary, liveTrend, scopeFor } from '../src/server/dashboard.ts';
import { dashboardSummary, dashboardTrend } from '../src/server/figures.ts';

export interface DashboardBenchOptions {
  databaseUrl: string;
  /** Households with a case (default 5,000); one in ten also has an older rejected case. */
  households?: number;
  /** Timed runs of each query (default 30, after 3 warm-ups). */
  runs?: number;
}

export interface DashboardBenchResult {
  households: number;
  cases: number;
  /** Province dashboard (summary + 12-month trend) as served, while cases change in every county. */
  p95Ms: number;
  /** `select count(*)` over the cases, timed in alternation with the dashboard under the same writes. */
  baselineP95Ms: number;
  ratio: number;
  /** Case updates the writer committed while the two were timed (one county after another). */
  writesDuringRun: number;
  /** The dashboard as served with no writer, for information. */
  idleP95Ms: number;
  /** The same dashboard computed live from the tables (what it cost before tallies), for information. */
  liveP95Ms: number;
  liveRatio: number;
  /** What the tallies cost a writer: p95 of one case update with the triggers, and with them disabled. */
  caseUpdateP95Ms: number;
  caseUpdateWithoutTalliesP95Ms: number;
}

const COUNTY_COUNT = 100;

const sample = sampleMs;
const timed = timedP95;
const p95 = p95Of;

/** Synthetic cases, objects, measures and signals for `households` households over 100 counties. */
async function generate(db: Executor, households: number): Promise<void> {
  const county = sql.raw(`'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000')`);
  const village = sql.raw(`'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000') || '100' || to_char(1 + (i / ${COUNTY_COUNT}) % 40, 'FM000')`);
  // Current cases: 70% included, 5% rejected, the rest spread over the open steps.
  await db.execute(sql`
    insert into monitoring.cases (county_code, village_code, household_id, step, discovered_on, warning_on, deadline_on, deadline_status,
      escalation_level, parameter_version, green_channel, risk_types, risk_categories, object_type, consent_signed, completed_on, created_at, updated_at)
    select ${county}, ${village}, i,
      case when i % 20 < 14 then 'included' when i % 20 = 14 then 'rejected'
           else (array['verification','comparison','village-review','village-notice','township-review'])[1 + i % 5] end,
      d, d + 10, d + 15,
      case when i % 20 < 14 then (case when i % 7 = 0 then 'done-late' else 'done-on-time' end)
           when i % 20 = 14 then 'on-track'
           else (array['on-track','warning','overdue','overdue','overdue'])[1 + i % 5] end,
      case when i % 20 >= 15 and i % 5 >= 2 then (array['county','city','province'])[1 + i % 3] else 'none' end,
      'hebei-2023.1', i % 11 = 0,
      '["illness"]'::jsonb,
      (array['["major-illness"]','["severe-disability"]','["sudden-difficulty"]','["low-income-high-spending"]','[]'])[1 + i % 5]::jsonb,
      case when i % 20 < 14 then (array['unstable-poverty-exited','edge-prone','sudden-severe-difficulty'])[1 + i % 3] end,
      true,
      case when i % 20 < 14 then d + (5 + i % 14) end,
      now(), now()
    from (select i, date '2024-06-01' + (i % 700) as d from generate_series(1, ${households}) as i) as source`);
  await db.execute(sql`
    insert into monitoring.cases (county_code, village_code, household_id, step, discovered_on, warning_on, deadline_on, deadline_status,
      parameter_version, closed_reason, closed_on, created_at, updated_at)
    select ${county}, ${village}, i, 'rejected', date '2024-01-01', date '2024-01-11', date '2024-01-16', 'on-track',
      'hebei-2023.1', '合成数据', date '2024-01-10', now(), now()
    from generate_series(1, ${households}, 10) as i`);
  await db.execute(sql`
    insert into monitoring.signals (county_code, village_code, household_id, source, summary, evidence, detected_on, reported_by, case_id, disposition, created_at)
    select county_code, village_code, household_id, 'cadre-screening', '合成数据', '{}'::jsonb, discovered_on, 'bench', id, 'opened-case', now()
    from monitoring.cases`);
  await db.execute(sql`
    insert into monitoring.objects (county_code, village_code, household_id, case_id, object_type, risk_types, risk_categories, status, included_on, eliminated_on, created_at)
    select county_code, village_code, household_id, id, object_type, risk_types, risk_categories,
      case when household_id % 5 = 0 then 'risk-eliminated' else 'monitored' end, completed_on,
      case when household_id % 5 = 0 then completed_on + 200 end, now()
    from monitoring.cases where step = 'included'`);
  await db.execute(sql`
    insert into monitoring.measures (county_code, village_code, household_id, case_id, object_id, kind, responsible_unit, amount_fen, start_on, status, created_by, created_at, updated_at)
    select county_code, village_code, household_id, case_id, id, 'industry', '合成单位', 100000, included_on,
      case when household_id % 9 = 0 then 'completed' else 'active' end, 'bench', now(), now()
    from monitoring.objects`);
  await db.execute(sql`analyze`);
}

export async function benchDashboard({ databaseUrl, households = 5_000, runs = 30 }: DashboardBenchOptions): Promise<DashboardBenchResult> {
  return withScratchDatabase({ databaseUrl, prefix: 'monitoring', plugins: [registryPlugin, monitoringPlugin] }, async (database, url) => {
    await generate(database.db, households);
    const [counted] = await queryRows<{ cases: number }>(database.db, 'select count(*)::int as cases from monitoring.cases');
    const counties = Array.from({ length: COUNTY_COUNT }, (_, index) => `13${String(100 + index).padStart(4, '0')}`);
    const province = scopeFor('13', counties);
    const today = '2026-03-02';
    const served = async () => {
      await dashboardSummary(database.db, province);
      await dashboardTrend(database.db, province, today, 12);
    };
    const liveP95Ms = await timed(Math.min(runs, 10), async () => {
      await liveSummary(database.db, province);
      await liveTrend(database.db, province, today, 12);
    });
    const idleP95Ms = await timed(runs, served);

    // A writer on its own connection changes one case at a time, county after county, as cadres
    // and the deadline scan do all day; each update commits and moves that county's tallies.
    const writer = await openDatabase({ driver: 'postgres', url, poolSize: 1 });
    let writing = true;
    let writesDuringRun = 0;
    // Case ids cycle through the counties (county = id mod 100), so consecutive writes touch
    // every county in turn; each one moves a case's clock on, as the deadline scan and the steps do.
    const caseCount = counted?.cases ?? 1;
    const moveClock = (db: Executor, caseId: number) =>
      db.execute(sql`update monitoring.cases set deadline_status = case deadline_status
          when 'on-track' then 'warning' when 'warning' then 'overdue' when 'overdue' then 'on-track'
          when 'done-on-time' then 'done-late' else 'done-on-time' end, updated_at = now()
        where id = ${caseId}`);
    const writes = (async () => {
      while (writing) {
        await moveClock(writer.db, 1 + ((writesDuringRun * 101) % caseCount));
        writesDuringRun += 1;
      }
    })();
    const dashboardSamples: number[] = [];
    const baselineSamples: number[] = [];
    try {
      for (let warm = 0; warm < 3; warm += 1) await served();
      for (let run = 0; run < runs; run += 1) {
        dashboardSamples.push(await sample(served));
        baselineSamples.push(await sample(() => queryRows(database.db, 'select count(*) from monitoring.cases')));
      }
    } finally {
      writing = false;
      await writes;
      await writer.close();
    }
    // The writer's side: one case update (its own transaction) with and without the tally triggers.
    let updated = 0;
    const updateOne = () => moveClock(database.db, 1 + ((updated++ * 37) % caseCount));
    const caseUpdateP95Ms = await timed(runs, updateOne);
    await database.db.execute(sql`alter table monitoring.cases disable trigger user`);
    const caseUpdateWithoutTalliesP95Ms = await timed(runs, updateOne);
    await database.db.execute(sql`alter table monitoring.cases enable trigger user`);
    const p95Ms = roundMs(p95(dashboardSamples));
    const baselineP95Ms = roundMs(p95(baselineSamples));
    const ratioOf = (ms: number) => Math.round((ms / Math.max(baselineP95Ms, 0.01)) * 1000) / 1000;
    return {
      households,
      cases: counted?.cases ?? 0,
      p95Ms,
      baselineP95Ms,
      ratio: ratioOf(p95Ms),
      writesDuringRun,
      idleP95Ms,
      liveP95Ms,
      liveRatio: ratioOf(liveP95Ms),
      caseUpdateP95Ms,
      caseUpdateWithoutTalliesP95Ms,
    };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.argv[2] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const households = Number(process.argv[3] ?? 5_000);
  benchDashboard({ databaseUrl, households }).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
