import { judgeBenchmark, type Benchmark, type BenchmarkOptions, type BenchmarkVerdict } from '@zhenxing/core';
import { pluginBenchmarks as pluginBenchmarkEntries } from '../src/plugins.generated.ts';
import { installedPlugins } from '../src/plugins.ts';
import { benchTrpcOverhead } from './trpc-overhead.bench.ts';

/** The platform's own benchmarks (the host itself, not a plugin). */
export const platformBenchmarks: Benchmark[] = [
  {
    id: 'platform.trpc-overhead',
    title: 'tRPC query through the full host vs a bare Fastify route running the same SQL',
    needsPostgres: false,
    target: { atLeast: 0.7, why: 'issue #22: a query through the host at least 0.7× a bare route with the same SQL' },
    run: async ({ databaseUrl, scale }) =>
      benchTrpcOverhead({ databaseUrl, requests: scale === 'smoke' ? 50 : Number(process.env.BENCH_REQUESTS ?? 2000), rounds: scale === 'smoke' ? 1 : 3 }),
  },
];

/** Every installed plugin's `./bench` list (a plugin without one has no benchmarks). */
export async function pluginBenchmarks(): Promise<Benchmark[]> {
  const all: Benchmark[] = [];
  for (const plugin of installedPlugins) {
    const load = pluginBenchmarkEntries[plugin.id];
    if (!load) continue;
    const { benchmarks } = (await load()) as { benchmarks: Benchmark[] };
    all.push(...benchmarks);
  }
  return all;
}

export interface BenchmarkReport extends Record<string, unknown> {
  id: string;
  skipped?: string;
  verdict?: BenchmarkVerdict;
}

/** Runs one benchmark and judges its ratio against its target (at `smoke` scale the target is reported, not held). */
export async function runBenchmark(benchmark: Benchmark, options: BenchmarkOptions): Promise<BenchmarkReport> {
  if (benchmark.needsPostgres && !options.databaseUrl) return { id: benchmark.id, skipped: 'needs BENCH_DATABASE_URL (PostgreSQL)' };
  const started = performance.now();
  const result = await benchmark.run(options);
  return {
    id: benchmark.id,
    title: benchmark.title,
    ...result,
    target: benchmark.target,
    verdict: judgeBenchmark(result.ratio, benchmark.target),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
