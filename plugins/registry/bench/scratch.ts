/**
 * Shared pieces of the registry benchmarks: a throw-away database per run (unique name, created
 * next to `databaseUrl`, migrated, dropped afterwards) and COPY FROM STDIN over a plain `pg`
 * client (works for any role that may write the table: no superuser, no shared /tmp).
 */
import { createHost } from '@zhenxing/core';
import { openDatabase, regions, type DatabaseHandle } from '@zhenxing/db';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { registryPlugin } from '../src/server/plugin.ts';

export const COUNTY = '130609';
export const VILLAGES = Array.from({ length: 40 }, (_, index) => `${COUNTY}100${String(index + 1).padStart(3, '0')}`);

export interface Scratch {
  handle: DatabaseHandle;
  url: string;
  name: string;
}

/** Creates `zx_bench_<time>_<pid>_<random>`, migrates the registry into it, runs, drops it. */
export async function withScratchDatabase<T>(databaseUrl: string, run: (scratch: Scratch) => Promise<T>): Promise<T> {
  const name = `zx_bench_${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  let handle: DatabaseHandle | null = null;
  try {
    handle = await openDatabase({ driver: 'postgres', url: url.toString(), poolSize: 2 });
    await createHost({ database: handle, plugins: [registryPlugin] }).migrate();
    await handle.db
      .insert(regions)
      .values([
        { code: '13', name: '河北省', level: 1, parentCode: null },
        { code: '1306', name: '保定市', level: 2, parentCode: '13' },
        { code: COUNTY, name: '徐水区', level: 3, parentCode: '1306' },
        { code: `${COUNTY}100`, name: '安肃镇', level: 4, parentCode: COUNTY },
        ...VILLAGES.map((code, index) => ({ code, name: `合成${index + 1}村`, level: 5, parentCode: `${COUNTY}100` })),
      ])
      .onConflictDoNothing();
    return await run({ handle, url: url.toString(), name });
  } finally {
    await handle?.close();
    // ZX_BENCH_KEEP=1 keeps the database for inspection (EXPLAIN); its name is printed.
    if (process.env.ZX_BENCH_KEEP === '1') console.error(`kept database ${name}`);
    else await dropDatabase(admin, name);
    await admin.end();
  }
}

/** Plain DROP first: PostgreSQL waits up to 5 s for closing sessions; FORCE only as a last resort. */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await admin.query(`drop database if exists "${name}"`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  await admin.query(`drop database if exists "${name}" with (force)`);
}

/** Streams `chunks` (already in the COPY format named by `options`) into `table` with COPY FROM STDIN. */
export async function copyIn(
  client: pg.ClientBase,
  table: string,
  columns: string,
  options: string,
  chunks: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
): Promise<number> {
  const stream = client.query(copyFrom(`copy ${table} (${columns}) from stdin ${options}`));
  await pipeline(Readable.from(chunks), stream);
  return stream.rowCount;
}

export function p95(values: readonly number[]): number {
  return percentile(values, 0.95);
}

export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

export const round = (value: number, digits = 0): number => Number(value.toFixed(digits));

export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}
