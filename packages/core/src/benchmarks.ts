/**
 * A plugin's benchmarks, exported from its package at `./bench` as `benchmarks`. `pnpm bench` runs
 * every installed plugin's list; each result states a ratio against a baseline measured in the
 * same run, never an absolute time compared with a constant, and each benchmark names the target
 * its ratio must meet: `pnpm bench` exits non-zero when one is missed.
 */
export interface BenchmarkOptions {
  /** PostgreSQL URL (scratch databases are created next to it and dropped); absent on PGlite-only runs. */
  databaseUrl: string | undefined;
  /** Households to generate for scale benchmarks (`BENCH_HOUSEHOLDS`). */
  households: number;
  /**
   * `smoke`: the smallest size that still exercises every step — the test suite runs each
   * benchmark this way so none rots; its ratio is reported but not held to the target.
   */
  scale: 'full' | 'smoke';
}

/** The ratio a benchmark must reach: at most (a cost against a baseline) or at least (a speed). */
export type BenchmarkTarget = { atMost: number; atLeast?: never } | { atLeast: number; atMost?: never };

export interface BenchmarkResult extends Record<string, unknown> {
  ratio: number;
}

export interface Benchmark {
  id: string;
  title: string;
  /** Benchmarks that need a PostgreSQL server are skipped without one. */
  needsPostgres: boolean;
  /** What `ratio` must meet, and why (the issue or clause that set it). */
  target: BenchmarkTarget & { why: string };
  run(options: BenchmarkOptions): Promise<BenchmarkResult>;
}

export interface BenchmarkVerdict {
  met: boolean;
  /** e.g. `ratio 0.38 ≥ 0.7: missed`. */
  summary: string;
}

/** Whether a measured ratio meets its target; a ratio that is not a finite number never does. */
export function judgeBenchmark(ratio: number, target: BenchmarkTarget): BenchmarkVerdict {
  const finite = Number.isFinite(ratio);
  if (target.atMost !== undefined) {
    const met = finite && ratio <= target.atMost;
    return { met, summary: `ratio ${ratio} ≤ ${target.atMost}: ${met ? 'met' : 'missed'}` };
  }
  const met = finite && ratio >= target.atLeast;
  return { met, summary: `ratio ${ratio} ≥ ${target.atLeast}: ${met ? 'met' : 'missed'}` };
}
