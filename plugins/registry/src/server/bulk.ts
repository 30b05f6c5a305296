/**
 * Bulk loading of rows into a (temporary) table inside the caller's transaction with
 * `COPY … FROM STDIN` (text format): on PostgreSQL over the transaction's own `pg` connection
 * (pg-copy-streams), on PGlite through `COPY … FROM '/dev/blob'` with the `blob` query option.
 * Any other executor gets multi-row `INSERT … SELECT FROM unnest(…)` of typed arrays. Under
 * row-level security (requests as zx_app) COPY goes into a temporary staging table first, since
 * PostgreSQL refuses COPY into a table with a policy; on PGlite the request role uses the INSERT path.
 */
import { queryRows, type Executor } from '@zhenxing/db';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type BulkValue = string | number | null;

export interface BulkColumn {
  name: string;
  /** SQL type, e.g. `text`, `integer`, `date`. */
  type: string;
}

interface PgliteTransactionLike {
  query(query: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
  exec(query: string): Promise<unknown>;
}

type Transport = { kind: 'pg'; client: pg.ClientBase } | { kind: 'pglite'; client: PgliteTransactionLike } | { kind: 'sql' };

/**
 * The connection under a drizzle transaction: node-postgres keeps the checked-out `pg` client and
 * PGlite its transaction object on `session.client`. A pool (no transaction) is never used for
 * COPY: temporary tables and COPY must stay on one connection.
 */
export function transportOf(db: Executor): Transport {
  const client = (db as unknown as { session?: { client?: unknown } }).session?.client as Record<string, unknown> | undefined;
  if (!client || client instanceof pg.Pool || typeof client.query !== 'function') return { kind: 'sql' };
  if (client instanceof pg.Client || (typeof client.release === 'function' && 'connection' in client))
    return { kind: 'pg', client: client as unknown as pg.ClientBase };
  if (typeof client.exec === 'function' && typeof client.rollback === 'function') return { kind: 'pglite', client: client as unknown as PgliteTransactionLike };
  return { kind: 'sql' };
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field in COPY text format: `\N` for null, backslash, tab and line ends escaped. */
export function copyField(value: BulkValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] as string) : value;
}

/** COPY text in chunks of about `chunkChars` characters. */
function* copyChunks(rows: Iterable<readonly BulkValue[]>, chunkChars = 1 << 19): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = copyField(row[0] ?? null);
    for (let index = 1; index < row.length; index += 1) line += `\t${copyField(row[index] ?? null)}`;
    chunk += `${line}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Whether the transaction runs as the request role (row-level security) and `table` is under
 * it: PostgreSQL refuses COPY into such a table ("COPY FROM not supported with row-level
 * security"), and zx_app may not read PGlite's `/dev/blob` (pg_read_server_files).
 */
async function copyRestricted(db: Executor, table: string): Promise<{ requestRole: boolean; rowSecurity: boolean }> {
  const [row] = await queryRows<{ request_role: boolean; row_security: boolean }>(
    db,
    sql`select current_user = 'zx_app' as request_role, coalesce((select relrowsecurity from pg_class where oid = to_regclass(${table})), false) as row_security`,
  );
  return { requestRole: row?.request_role ?? false, rowSecurity: row?.row_security ?? false };
}

let stagingTables = 0;

/** Loads `rows` (values in `columns` order) into `table` in the caller's transaction. */
export async function bulkLoad(db: Executor, table: string, columns: readonly BulkColumn[], rows: Iterable<readonly BulkValue[]>): Promise<void> {
  const transport = transportOf(db);
  const names = columns.map((column) => column.name).join(', ');
  const restricted = transport.kind === 'sql' ? null : await copyRestricted(db, table);
  if (transport.kind === 'pg' && restricted?.requestRole && restricted.rowSecurity) {
    // COPY into a temporary table of the same columns (temp tables carry no policy), then one
    // INSERT … SELECT, which the table's policy checks row by row (WITH CHECK) like any write.
    stagingTables += 1;
    const staging = `pg_temp.zx_bulk_${process.pid}_${stagingTables}`;
    await queryRows(db, sql.raw(`create temp table ${staging.slice('pg_temp.'.length)} on commit drop as select ${names} from ${table} with no data`));
    await bulkLoad(db, staging, columns, rows);
    await queryRows(db, sql.raw(`insert into ${table} (${names}) select ${names} from ${staging}`));
    await queryRows(db, sql.raw(`drop table ${staging}`));
    return;
  }
  if (transport.kind === 'pg') {
    const stream = transport.client.query(copyFrom(`copy ${table} (${names}) from stdin`));
    await pipeline(Readable.from(copyChunks(rows)), stream);
    return;
  }
  if (transport.kind === 'pglite' && !restricted?.requestRole) {
    const parts = [...copyChunks(rows)];
    if (parts.length === 0) return;
    await transport.client.query(`copy ${table} (${names}) from '/dev/blob'`, [], { blob: new Blob(parts) });
    return;
  }
  // Generic fallback: unnest of one text array per column, cast to the column types, in batches.
  const batchSize = 5000;
  let batch: (readonly BulkValue[])[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const arrays = columns.map((_, index) => batch.map((row) => (row[index] === null || row[index] === undefined ? null : String(row[index]))));
    const selects = sql.join(
      columns.map((column, index) => sql.raw(`u.c${index}::${column.type}`)),
      sql`, `,
    );
    const unnests = sql.join(
      arrays.map((values) => sql`${sql.param(values)}::text[]`),
      sql`, `,
    );
    const aliases = sql.raw(columns.map((_, index) => `c${index}`).join(', '));
    await queryRows(db, sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${selects} from unnest(${unnests}) as u(${aliases})`);
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
}
