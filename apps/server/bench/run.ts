import { platformBenchmarks, pluginBenchmarks, runBenchmark, type BenchmarkReport } from './index.ts';

/**
 * `pnpm bench`: the platform's own benchmarks, then every installed plugin's (`./bench` export).
 * Each reports a ratio against a baseline measured in the same run and the target it must meet;
 * the command exits 1 when any target is missed. BENCH_DATABASE_URL selects PostgreSQL (needed by
 * the scale benchmarks); BENCH_HOUSEHOLDS sets the data size; BENCH_ONLY=<id prefix> a subset.
 */
const databaseUrl = process.env.BENCH_DATABASE_URL;
const households = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const only = process.env.BENCH_ONLY;
const reports: BenchmarkReport[] = [];

for (const benchmark of [...platformBenchmarks, ...(await pluginBenchmarks())]) {
  if (only && !benchmark.id.startsWith(only)) continue;
  const report = await runBenchmark(benchmark, { databaseUrl, households, scale: 'full' });
  reports.push(report);
  console.log(JSON.stringify(report));
}

const missed = reports.filter((report) => report.verdict && !report.verdict.met);
console.log('\n━━ benchmark targets ━━');
for (const report of reports) console.log(`${report.id}: ${report.skipped ? `skipped (${report.skipped})` : report.verdict?.summary}`);
if (missed.length > 0) console.error(`${missed.length} benchmark target(s) missed: ${missed.map((report) => report.id).join(', ')}`);
process.exit(missed.length > 0 ? 1 : 0);
