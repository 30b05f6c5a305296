/**
 * `zx backup` / `zx restore` for both drivers, and the checks a restore drill runs.
 *
 * - PostgreSQL: `pg_dump --format=custom` of DATABASE_URL; `pg_restore` into an empty database.
 * - PGlite: a consistent copy of the data directory as PGlite's own tarball (`dumpDataDir`), taken
 *   through the database itself, never by copying files under a running server; restored by
 *   starting PGlite on an empty directory with that tarball (`loadDataDir`).
 *
 * Every restore ends with the audit chains verified and the row count of every table, so an
 * operator can compare it with the counts the backup printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { verifyAuditChains } from '@zhenxing/core';
import { openDatabase, queryRows, redactUrl, type Executor } from '@zhenxing/db';
import { runningServerPid } from './pglite-lock.ts';

export type BackupTarget = { driver: 'postgres'; url: string } | { driver: 'pglite'; dataDir: string };

export interface TableCount {
  table: string;
  rows: number;
}

export interface RestoreReport {
  counts: TableCount[];
  auditEntries: number;
  auditProblems: string[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** Every table outside the system schemas with its row count, sorted by name. */
export async function tableCounts(db: Executor): Promise<TableCount[]> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const counts: TableCount[] = [];
  for (const { schema, name } of tables) {
    const [row] = await queryRows<{ rows: number }>(db, `select count(*)::int as rows from "${schema}"."${name}"`);
    counts.push({ table: `${schema}.${name}`, rows: row?.rows ?? 0 });
  }
  return counts;
}

function assertPgliteIdle(dataDir: string): void {
  const pid = runningServerPid(dataDir);
  if (pid !== null)
    throw new BackupError(`The server (pid ${pid}) is running on ${dataDir}; stop it first: the embedded database serves one process at a time.`);
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new BackupError(error.code === 'ENOENT' ? `${command} is not installed: apt-get install postgresql-client` : `${command}: ${error.message}`)),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${command} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

async function countsOf(target: BackupTarget): Promise<TableCount[]> {
  const handle =
    target.driver === 'postgres'
      ? await openDatabase({ driver: 'postgres', url: target.url, poolSize: 1 })
      : await openDatabase({ driver: 'pglite', dataDir: target.dataDir });
  try {
    return await tableCounts(handle.db);
  } finally {
    await handle.close();
  }
}

/** Writes a backup of `target` to `file` (written under a temporary name, then renamed); returns the row counts. */
export async function backupDatabase(target: BackupTarget, file: string): Promise<TableCount[]> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  try {
    if (target.driver === 'postgres') {
      await run('pg_dump', ['--format=custom', '--no-owner', '--file', partial, target.url]);
    } else {
      assertPgliteIdle(target.dataDir);
      if (!existsSync(target.dataDir)) throw new BackupError(`No embedded database at ${target.dataDir}`);
      const handle = await openDatabase({ driver: 'pglite', dataDir: target.dataDir });
      try {
        // A checkpoint first, so the tarball holds every committed write in the data files.
        await queryRows(handle.db, 'checkpoint');
        const tarball = await (handle.pglite as NonNullable<typeof handle.pglite>).dumpDataDir('gzip');
        await writeFile(partial, Buffer.from(await tarball.arrayBuffer()));
      } finally {
        await handle.close();
      }
    }
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return countsOf(target);
}

async function assertEmptyTarget(target: BackupTarget): Promise<void> {
  if (target.driver === 'pglite') {
    if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
      throw new BackupError(`${target.dataDir} is not empty; restore into a new directory (set ZX_DATA_DIR) so nothing is overwritten.`);
    }
    return;
  }
  const handle = await openDatabase({ driver: 'postgres', url: target.url, poolSize: 1 });
  try {
    const [row] = await queryRows<{ tables: number }>(
      handle.db,
      `select count(*)::int as tables from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    if ((row?.tables ?? 0) > 0) throw new BackupError(`${redactUrl(target.url)} already has tables; restore into an empty database so nothing is overwritten.`);
  } finally {
    await handle.close();
  }
}

/** Restores `file` into an empty `target`, then verifies the audit chains and counts the rows. */
export async function restoreDatabase(file: string, target: BackupTarget): Promise<RestoreReport> {
  if (!existsSync(file)) throw new BackupError(`No backup file at ${file}`);
  await assertEmptyTarget(target);
  if (target.driver === 'postgres') {
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', target.url, file]);
  } else {
    await mkdir(target.dataDir, { recursive: true });
    const restored = await openDatabase({ driver: 'pglite', dataDir: target.dataDir, loadDataDir: new Blob([await readFile(file)]) });
    await restored.close();
  }
  const handle =
    target.driver === 'postgres'
      ? await openDatabase({ driver: 'postgres', url: target.url, poolSize: 1 })
      : await openDatabase({ driver: 'pglite', dataDir: target.dataDir });
  try {
    const { entries, problems } = await verifyAuditChains(handle.db);
    return {
      counts: await tableCounts(handle.db),
      auditEntries: entries,
      auditProblems: problems.map((problem) => `chain ${problem.chainKey} #${problem.sequence}: ${problem.problem}`),
    };
  } finally {
    await handle.close();
  }
}
