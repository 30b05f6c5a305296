import type { Benchmark } from '@zhenxing/core';
import { installedPlugins } from '../src/plugins.ts';
import { benchTrpcOverhead } from './trpc-overhead.bench.ts';

/**
 * `pnpm bench`: the platform's own benchmark, then every installed plugin's (`./bench` export).
 * Each reports a ratio against a baseline measured in the same run. BENCH_DATABASE_URL selects
 * PostgreSQL (needed by the scale benchmarks); BENCH_HOUSEHOLDS sets the data size.
 */
const databaseUrl = process.env.BENCH_DATABASE_URL;
const households = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const only = process.env.BENCH_ONLY;
const results: Record<string, unknown>[] = [];

function report(result: Record<string, unknown>): void {
  results.push(result);
  console.log(JSON.stringify(result));
}

if (!only || 'platform.trpc-overhead'.startsWith(only)) {
  report({ id: 'platform.trpc-overhead', ...(await benchTrpcOverhead({ databaseUrl, requests: Number(process.env.BENCH_REQUESTS ?? 2000) })) });
}

for (const plugin of installedPlugins) {
  let benchmarks: Benchmark[] = [];
  try {
    ({ benchmarks } = (await import(`@zhenxing/plugin-${plugin.id}/bench`)) as { benchmarks: Benchmark[] });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') continue;
    throw error;
  }
  for (const benchmark of benchmarks) {
    if (only && !benchmark.id.startsWith(only)) continue;
    if (benchmark.needsPostgres && !databaseUrl) {
      report({ id: benchmark.id, skipped: 'needs BENCH_DATABASE_URL (PostgreSQL)' });
      continue;
    }
    const started = performance.now();
    const result = await benchmark.run({ databaseUrl, households });
    report({ id: benchmark.id, title: benchmark.title, ...result, seconds: Math.round((performance.now() - started) / 100) / 10 });
  }
}

const failed = results.filter((result) => typeof result.ratio === 'number' && Number.isNaN(result.ratio));
process.exit(failed.length > 0 ? 1 : 0);
