/**
 * Benchmark: the income ledger re-run (src/server/ledger.ts `rerunCounties`, what the nightly job
 * runs) over N households with 3 members each and two income years (2025, 2026), over 100
 * counties, generated in SQL with generate_series (synthetic only). About 0.5 % of households earn
 * less than last year and about 0.2 % are under the low-income threshold, so the first run opens
 * their entries (each audited). The target is measured on a re-run with nothing changed since —
 * the steady state of the nightly job — against a plain aggregate scan of the same income rows in
 * the same run (`count(*)` and the summed net income of both years), interleaved, medians.
 *
 *   pnpm exec tsx plugins/income/bench/ledger.bench.ts postgres://postgres@127.0.0.1:5432/test 20000
 *
 * A scratch database is created next to `databaseUrl` and dropped at the end.
 */
import { appendAudit, createHost, lookupOver, systemAccess, systemActor } from '@zhenxing/core';
import { openDatabase, queryRows, type Executor } from '@zhenxing/db';
import { registryPlugin } from '@zhenxing/plugin-registry/server';
import { defaultParameterSets, shanghaiDate } from '@zhenxing/rules';
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { incomeModule } from '../src/index.ts';
import { rerunCounties, type LedgerContext, type RerunSummary } from '../src/server/ledger.ts';
import { incomePlugin } from '../src/server/plugin.ts';

export interface LedgerRerunBenchOptions {
  databaseUrl: string;
  /** Households (3 members, 2 income years each); default 20,000. */
  households?: number;
  /** Timed runs of each side (default 5, after one warm-up). */
  runs?: number;
}

const COUNTY_COUNT = 100;
const YEAR = 2026;
const TODAY = '2026-12-01';

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] as number;
};
const roundMs = (ms: number): number => Math.round(ms * 10) / 10;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

function contextOver(db: Executor, counties: readonly string[]): LedgerContext {
  const actor = systemActor('income.ledger-rerun');
  const clock = { now: () => new Date(`${TODAY}T02:30:00Z`) };
  return {
    db,
    access: systemAccess(incomeModule, counties),
    audit: (entry) => appendAudit(db, actor, { ...entry, plugin: 'income' }, clock.now()),
    parameters: lookupOver(defaultParameterSets),
    clock,
    today: shanghaiDate(clock.now()),
    actor,
  } as LedgerContext;
}

export async function benchLedgerRerun({ databaseUrl, households = 20_000, runs = 5 }: LedgerRerunBenchOptions) {
  const scratch = `zx_bench_income_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openDatabase({ driver: 'postgres', url: databaseUrl, poolSize: 1 });
  await admin.db.execute(sql.raw(`create database "${scratch}"`));
  const url = new URL(databaseUrl);
  url.pathname = `/${scratch}`;
  const database = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 2 });
  try {
    await createHost({ database, plugins: [registryPlugin, incomePlugin] }).migrate();
    const county = `'13' || to_char(100 + (i % ${COUNTY_COUNT}), 'FM0000')`;
    const village = `${county} || '100' || to_char(1 + (i / ${COUNTY_COUNT}) % 40, 'FM000')`;
    const load = performance.now();
    await database.db.execute(
      sql.raw(`insert into registry.households (id, county_code, village_code, household_key, address, status, year_left_poverty, labour_capacity)
        select i, ${county}, ${village}, 'H' || i, '合成路' || i || '号', case when i % 10 = 0 then 'ordinary' else 'left-poverty' end,
          case when i % 10 = 0 then null else 2019 end, 'has-labour'
        from generate_series(1, ${households}) as i`),
    );
    await database.db.execute(
      sql.raw(`insert into registry.members (household_id, county_code, village_code, name, id_number, relation, birth_date, sex, schooling, employment)
        select i, ${county}, ${village}, '合成' || m, lpad((i * 3 + m)::text, 18, '0'), case m when 0 then 'head' else 'child' end,
          date '1980-01-01' + (m * 4000), case m % 2 when 0 then 'male' else 'female' end, 'none', 'local-work'
        from generate_series(1, ${households}) as i, generate_series(0, 2) as m`),
    );
    // 2025 and 2026: 2026 lower for i % 200 = 1 (0.5 %), very low for i % 500 = 7 (0.2 %).
    await database.db.execute(
      sql.raw(`insert into registry.incomes (household_id, county_code, village_code, year, wages_fen, business_fen, property_fen, transfers_fen, production_costs_fen)
        select i, ${county}, ${village}, y,
          case when y = 2026 and i % 200 = 1 then 3000000 when y = 2026 and i % 500 = 7 then 500000 else 4000000 + (i % 997) * 100 + (y - 2025) * 50000 end,
          200000, 0, 300000, 50000
        from generate_series(1, ${households}) as i, (values (2025), (2026)) as years(y)`),
    );
    const loadMs = performance.now() - load;
    await database.db.execute(sql`vacuum analyze`);
    const [counted] = await queryRows<{ households: number; members: number; incomes: number }>(
      database.db,
      `select (select count(*) from registry.households)::int as households, (select count(*) from registry.members)::int as members,
        (select count(*) from registry.incomes)::int as incomes`,
    );
    const counties = Array.from({ length: COUNTY_COUNT }, (_, index) => `13${String(100 + index).padStart(4, '0')}`);
    const rerun = () => database.db.transaction((tx) => rerunCounties(contextOver(tx, counties), counties, YEAR));
    const baseline = () =>
      queryRows(
        database.db,
        sql`select count(*), sum(wages_fen + business_fen + property_fen + transfers_fen - production_costs_fen)
          from registry.incomes where county_code = any(${sql.param(counties)}::text[]) and year between ${YEAR - 1}::int and ${YEAR}::int`,
      );
    const first = await timed(rerun);
    await database.db.execute(sql`analyze`);
    await rerun();
    await baseline();
    const rerunSamples: number[] = [];
    const baselineSamples: number[] = [];
    let steady: RerunSummary | null = null;
    for (let run = 0; run < runs; run += 1) {
      const sample = await timed(rerun);
      steady = sample.result;
      rerunSamples.push(sample.ms);
      baselineSamples.push((await timed(baseline)).ms);
    }
    const rerunMs = roundMs(median(rerunSamples));
    const baselineMs = roundMs(median(baselineSamples));
    return {
      households: counted?.households ?? 0,
      members: counted?.members ?? 0,
      incomeRows: counted?.incomes ?? 0,
      loadSeconds: Math.round(loadMs / 100) / 10,
      /** The first run, which opens every flagged household's entry (each insert audited). */
      firstRunMs: roundMs(first.ms),
      firstRun: { ...first.result, counties: first.result.counties.length },
      /** The steady re-run: evaluated (candidates + entries), nothing written. */
      steadyRun: steady ? { ...steady, counties: steady.counties.length } : null,
      rerunMedianMs: rerunMs,
      baselineMedianMs: baselineMs,
      ratio: Math.round((rerunMs / Math.max(baselineMs, 0.01)) * 1000) / 1000,
    };
  } finally {
    await database.close();
    // ZX_BENCH_KEEP=1 keeps the database for inspection (EXPLAIN); its name is printed.
    if (process.env.ZX_BENCH_KEEP === '1') console.error(`kept database ${scratch}`);
    else await admin.db.execute(sql.raw(`drop database if exists "${scratch}"`));
    await admin.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const databaseUrl = process.argv[2] ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const households = Number(process.argv[3] ?? 20_000);
  benchLedgerRerun({ databaseUrl, households }).then(
    (result) => console.log(JSON.stringify(result)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
