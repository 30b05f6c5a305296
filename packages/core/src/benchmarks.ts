/**
 * A plugin's benchmarks, exported from its package at `./bench` as `benchmarks`. `pnpm bench` runs
 * every installed plugin's list; each result states a ratio against a baseline measured in the
 * same run, never an absolute time compared with a constant.
 */
export interface BenchmarkOptions {
  /** PostgreSQL URL (scratch databases are created next to it and dropped); absent on PGlite-only runs. */
  databaseUrl: string | undefined;
  /** Households to generate for scale benchmarks (`BENCH_HOUSEHOLDS`). */
  households: number;
}

export interface Benchmark {
  id: string;
  title: string;
  /** Benchmarks that need a PostgreSQL server are skipped without one. */
  needsPostgres: boolean;
  run(options: BenchmarkOptions): Promise<Record<string, unknown> & { ratio: number }>;
}
