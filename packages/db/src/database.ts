import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations, SQLWrapper } from 'drizzle-orm';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

/** The one drizzle API every package codes against, whichever driver is underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Transaction = PgTransaction<PgQueryResultHKT, Record<string, never>, ExtractTablesWithRelations<Record<string, never>>>;
/** Anything that can run queries: the database or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseOptions = { driver: 'postgres'; url: string; poolSize?: number } | { driver: 'pglite'; dataDir?: string; loadDataDir?: Blob | File };

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: 'pglite' | 'postgres';
  /** The PGlite instance, for snapshots (`dumpDataDir`); undefined on PostgreSQL. */
  readonly pglite?: PGlite;
  /** The pg pool, for raw COPY and benchmarks; undefined on PGlite. */
  readonly pool?: pg.Pool;
  /** The connection URL on PostgreSQL. */
  readonly url?: string;
  close(): Promise<void>;
}

// Postgres returns int8/numeric as strings; bigint counts we store fit in JS numbers, money is fen.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * Opens the embedded PGlite database (a directory, or memory when `dataDir` is omitted) or a
 * PostgreSQL server through `pg`. Both come back behind the same drizzle API.
 */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.driver === 'postgres') {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
    // An idle connection the server ends (restart, failover, a dropped database) must not crash
    // the process; the pool discards it and the next query opens a fresh one.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL closed an idle connection: ${error.message}`);
    });
    // Fail fast with the server's own message instead of on the first request.
    const client = await pool.connect().catch(async (error: unknown) => {
      await pool.end();
      throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(options.url)}: ${messageOf(error)}`);
    });
    client.release();
    const db = drizzleNodePostgres({ client: pool }) as unknown as Database;
    return { db, driver: 'postgres', pool, url: options.url, close: () => pool.end() };
  }
  const pglite = new PGlite({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await pglite.waitReady;
  const db = drizzlePglite({ client: pglite }) as unknown as Database;
  return { db, driver: 'pglite', pglite, close: () => pglite.close() };
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]+@/, '//$1:***@');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs raw SQL and returns its rows, the same on both drivers (both results carry `rows`). */
export async function queryRows<Row>(executor: Executor, query: SQLWrapper | string): Promise<Row[]> {
  const result = (await executor.execute(query as SQLWrapper)) as unknown as { rows: Row[] };
  return result.rows;
}
