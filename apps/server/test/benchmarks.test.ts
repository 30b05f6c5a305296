import { judgeBenchmark } from '@zhenxing/core';
import { describe, expect, it } from 'vitest';
import { platformBenchmarks, pluginBenchmarks, runBenchmark } from '../bench/index.ts';

// Every benchmark `pnpm bench` runs also runs here at its smallest size, so none rots unnoticed.
// Ratios at this size mean nothing, so targets are reported, not held; the PostgreSQL-only ones run
// in the suite's PostgreSQL half (CI always provides one).
const onPostgres = process.env.ZX_TEST_DRIVER === 'postgres' && Boolean(process.env.TEST_DATABASE_URL);
const benchmarks = [...platformBenchmarks, ...(await pluginBenchmarks())];

describe('benchmark targets', () => {
  it('a ratio meets an at-most target up to and including the bound, an at-least target from it', () => {
    expect(judgeBenchmark(0.2, { atMost: 0.2 }).met).toBe(true);
    expect(judgeBenchmark(0.2001, { atMost: 0.2 }).met).toBe(false);
    expect(judgeBenchmark(0.7, { atLeast: 0.7 }).met).toBe(true);
    expect(judgeBenchmark(0.6999, { atLeast: 0.7 })).toEqual({ met: false, summary: 'ratio 0.6999 ≥ 0.7: missed' });
  });

  it('a ratio that is not a number never meets a target', () => {
    expect(judgeBenchmark(Number.NaN, { atMost: 1 }).met).toBe(false);
    expect(judgeBenchmark(Number.POSITIVE_INFINITY, { atLeast: 0.5 }).met).toBe(false);
  });

  it('every benchmark has a unique id and states its target and why', () => {
    expect(benchmarks.length).toBeGreaterThanOrEqual(4);
    expect(new Set(benchmarks.map((benchmark) => benchmark.id)).size).toBe(benchmarks.length);
    for (const benchmark of benchmarks) {
      expect(benchmark.target.why.length, benchmark.id).toBeGreaterThan(10);
      expect(benchmark.target.atMost ?? benchmark.target.atLeast, benchmark.id).toBeGreaterThan(0);
    }
  });
});

describe('every benchmark runs at smoke size', () => {
  for (const benchmark of benchmarks) {
    const runsHere = benchmark.needsPostgres ? onPostgres : !onPostgres;
    it.runIf(runsHere)(
      `${benchmark.id} measures a finite ratio and judges it against its target`,
      async () => {
        const report = await runBenchmark(benchmark, {
          databaseUrl: benchmark.needsPostgres ? process.env.TEST_DATABASE_URL : undefined,
          households: 500,
          scale: 'smoke',
        });
        expect(report.skipped).toBeUndefined();
        expect(Number.isFinite(report.ratio)).toBe(true);
        expect(report.ratio as number).toBeGreaterThan(0);
        expect(report.verdict?.summary).toMatch(/^ratio [\d.]+ (≤|≥) [\d.]+: (met|missed)$/);
      },
      240_000,
    );
  }
});
