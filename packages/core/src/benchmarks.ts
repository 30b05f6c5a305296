import { openDatabase, type DatabaseHandle } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import { createHost } from './host.ts';
import type { AnyPlugin } from './plugin.ts';

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

// ── Helpers the database benchmarks share ───────────────────────────────────────────────────────

/** The 95th percentile of timed samples (nearest rank). */
export function p95Of(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/** Milliseconds to two decimals, as the benchmark results report them. */
export const roundMs = (ms: number): number => Math.round(ms * 100) / 100;

/** How long one run of `work` takes, in milliseconds. */
export async function sampleMs(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** p95 (ms, rounded) of `runs` timed runs of `work`, after 3 warm-ups. */
export async function timedP95(runs: number, work: () => Promise<unknown>): Promise<number> {
  for (let warm = 0; warm < 3; warm += 1) await work();
  const samples: number[] = [];
  for (let run = 0; run < runs; run += 1) samples.push(await sampleMs(work));
  return roundMs(p95Of(samples));
}

/**
 * A scratch PostgreSQL database next to `databaseUrl` (named `zx_bench_<prefix>_<pid>_<time>`),
 * migrated for `plugins`, handed to `work` with its URL, and dropped afterwards whatever happens.
 */
export async function withScratchDatabase<T>(
  options: { databaseUrl: string; prefix: string; plugins: readonly AnyPlugin[]; poolSize?: number },
  work: (database: DatabaseHandle, url: string) => Promise<T>,
): Promise<T> {
  const scratch = `zx_bench_${options.prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = await openDatabase({ driver: 'postgres', url: options.databaseUrl, poolSize: 1 });
  await admin.db.execute(sql.raw(`create database "${scratch}"`));
  const url = new URL(options.databaseUrl);
  url.pathname = `/${scratch}`;
  try {
    const database = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: options.poolSize ?? 2 });
    try {
      await createHost({ database, plugins: options.plugins }).migrate();
      return await work(database, url.toString());
    } finally {
      await database.close();
    }
  } finally {
    await admin.db.execute(sql.raw(`drop database if exists "${scratch}"`));
    await admin.close();
  }
}
